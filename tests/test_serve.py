"""`make serve` shows what the build makes, after any edit, and keeps serving through bad files.

A real `mkdocs serve --dirty` (the command `make serve` runs) in a child process on a free port:
- on a copy of the whole project with a second category, a writer's session: an article's text
  and its translation's (each rebuilt alone, helpcenter/quick_preview.py), a new article, the
  same renamed and deleted, an article's title (each rebuilding its category only), a new
  first article of a category without its own page (every page links to it: everything
  rebuilt), a data file, a template, `mkdocs.yml` (everything rebuilt). After each save, once the
  served page shows the change, every page, sitemap and search file the server gives equals a
  fresh `mkdocs build` of the same tree (but for the live-reload script and the preview's
  problems box), and every page the fresh build no longer has is gone (404);
- on a fixture site, a file saved in Latin-1 and a broken front matter each show their problem
  while the server keeps answering, and fixing the file updates the page.
Also: `make serve` on a busy port says so in one line; `make check Q=1` is the quiet check.
"""

from __future__ import annotations

import difflib
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, mkdocs_env
from test_content_checks import BASE, NOT_TRANSLATED, Case, article_es, write_site

WAIT = 240  # seconds: a rebuild of both languages on a busy machine
POLL = 0.25  # seconds between two looks at the server
# What the preview adds to every page: MkDocs' live-reload script, the problems box.
LIVERELOAD = re.compile(rb"<script>\s*var livereload[\s\S]*?(?=</body>)")
PREVIEW_BOX = re.compile(rb'<section class="hc-preview[\s\S]*?</section>')
MAKE_ERROR = re.compile(r"make(\[\d+\])?: \*\*\*")  # make's own last line, make[1] under make test
COMPARED = {".html", ".xml", ".json"}  # what the build writes (the rest is copied assets)

# ----------------------------------------------------------------------------
# A served project
# ----------------------------------------------------------------------------


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A `mkdocs serve` child process and everything it has logged so far."""

    def __init__(self, config_file: Path, *options: str) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", config_file.name]
            + ["-a", f"127.0.0.1:{port}", *options],  # as make serve
            cwd=config_file.parent,
            env=mkdocs_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def builds(self) -> int:
        """How many builds have ended (the first one, then one per save)."""
        return sum(
            1 for line in list(self.lines) if "Serving on" in line or "Reloading browsers" in line
        )

    def idle(self) -> bool:
        """Whether the last build has ended and no other has started since."""
        marks = [
            line
            for line in list(self.lines)
            if any(
                mark in line
                for mark in ("Building documentation", "Serving on", "Reloading browsers")
            )
        ]
        return bool(marks) and "Building documentation" not in marks[-1]

    def last_build(self) -> list[str] | None:
        """The log of the latest (re)build once it has ended; None while it runs."""
        lines = list(self.lines)
        starts = [i for i, line in enumerate(lines) if "Building documentation" in line]
        if not starts:
            return None
        lines = lines[starts[-1] :]
        ended = ("Documentation built in", "Reloading browsers", "Serving on")
        return lines if any(end in line for line in lines for end in ended) else None

    def fetch(self, path: str) -> tuple[int, bytes]:
        """(status, body) of a served file; (0, b"") when the server does not answer (yet)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, b""
        except OSError:
            return 0, b""

    def get(self, path: str) -> tuple[int, str]:
        """(status, text) of a served page."""
        status, body = self.fetch(path)
        return status, body.decode("utf-8", "replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)


def wait_for(condition: Callable[[], bool], what: str, server: Server) -> None:
    """Poll until `condition()` holds, failing after WAIT seconds with the server's log."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        assert server.process.poll() is None, f"mkdocs serve exited:\n{server.log}"
        time.sleep(POLL)
    pytest.fail(f"timed out waiting for {what}; mkdocs serve said:\n{server.log[-6000:]}")


def project_copy(target: Path) -> Path:
    """The project's docs, data, theme, hooks and mkdocs.yml in `target`; its mkdocs.yml."""
    for folder in ("docs", "data", "overrides", "hooks"):
        shutil.copytree(ROOT / folder, target / folder)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target / "mkdocs.yml"


# A second category in the served copy: a structural edit in «Contacto» leaves its pages
# alone (helpcenter/quick_preview.py), and they must still equal a fresh build. Its article's
# `related:` names the first «Contacto» article, whose title the test changes.
SECOND_CATEGORY = {
    "index.md": "---\ntitle: Pagos\ndescription: Cómo pagar tu plan.\n---\n\n# Pagos\n",
    "index.en.md": "---\ntitle: Payments\ndescription: How to pay.\n---\n\n# Payments\n",
    "como-pagar.md": "---\ntitle: Cómo pagar\ndescription: Los medios de pago.\n"
    "related:\n  - contacto/{first}\n---\n\n# Cómo pagar\n\nCon tarjeta.\n",
    "como-pagar.en.md": "---\ntitle: How to pay\ndescription: Payment methods.\n"
    "related:\n  - contacto/{first}\n---\n\n# How to pay\n\nBy card.\n",
}


# A category without its own page: every page's navigation links it to its first article.
THIRD_CATEGORY = {
    "tarifas.md": "---\ntitle: Tarifas\ndescription: Las tarifas.\n---\n\n# Tarifas\n\nTexto.\n",
    "tarifas.en.md": "---\ntitle: Fees\ndescription: The fees.\n---\n\n# Fees\n\nText.\n",
}
FIRST_IN_THIRD = "---\ntitle: Abonos\ndescription: Los abonos.\n---\n\n# Abonos\n\nTexto nuevo.\n"


def first_article(docs: Path) -> Path:
    """The first «Contacto» article (not the category's page), by name."""
    return sorted(
        path
        for path in (docs / "contacto").glob("*.md")
        if path.suffixes == [".md"] and path.stem != "index"
    )[0]


@pytest.fixture
def served_project(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    """A copy of the whole project, with a second category, served as `make serve` serves
    it; and its folder."""
    config_file = project_copy(tmp_path / "project")
    docs = config_file.parent / "docs"
    (docs / "pagos").mkdir()
    for name, text in SECOND_CATEGORY.items():
        text = text.format(first=first_article(docs).name)
        (docs / "pagos" / name).write_text(text, encoding="utf-8")
    (docs / "precios").mkdir()
    for name, text in THIRD_CATEGORY.items():
        (docs / "precios" / name).write_text(text, encoding="utf-8")
    server = Server(config_file)
    try:
        wait_for(lambda: server.builds() >= 1, "the first build", server)
        yield server, config_file.parent
    finally:
        server.stop()


# ----------------------------------------------------------------------------
# The preview equals the build
# ----------------------------------------------------------------------------


def fresh_build(project: Path, server: Server, site: Path) -> Path:
    """`mkdocs build` of the project as it is now, with the address the preview gives pages."""
    config = project / f"{site.name}.yml"  # beside mkdocs.yml, not watched by the preview
    config.write_text(
        yaml.safe_dump({"INHERIT": "mkdocs.yml", "site_url": server.url}), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", config.name, "-d", str(site)],
        cwd=project,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    config.unlink()
    assert site.is_dir(), f"the fresh build failed:\n{result.stdout}{result.stderr}"
    return site


def built_files(site: Path) -> dict[str, bytes]:
    """The pages, sitemap and search files of a build, by path under the site."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix in COMPARED
    }


def served_as_built(body: bytes) -> bytes:
    """A served file without what only the preview adds."""
    return PREVIEW_BOX.sub(b"", LIVERELOAD.sub(b"", body))


def differences(server: Server, built: dict[str, bytes], gone: set[str]) -> list[str]:
    """Where what the server gives is not what the fresh build wrote."""
    found = []
    for path, body in built.items():
        status, served = server.fetch(path)
        if status != 200:
            found.append(f"{path}: HTTP {status}, built by a fresh build")
        elif served_as_built(served) != body:
            diff = difflib.unified_diff(
                body.decode("utf-8", "replace").splitlines(),
                served_as_built(served).decode("utf-8", "replace").splitlines(),
                "fresh build",
                "served",
                n=1,
                lineterm="",
            )
            found.append(f"{path}: served differs from the fresh build\n" + "\n".join(diff))
    for path in sorted(gone):
        status, _ = server.fetch(path)
        if status != 404:
            found.append(f"{path}: still served (HTTP {status}), gone from a fresh build")
    return found


def save_and_compare(
    server: Server,
    project: Path,
    edit: Callable[[], None],
    changed: tuple[str, Callable[[int, str], bool]],
    before: dict[str, bytes],
    site: Path,
) -> dict[str, bytes]:
    """Save an edit, wait until `changed`'s page shows it, then compare with a fresh build."""
    builds = server.builds()
    edit()
    path, shows = changed
    wait_for(
        lambda: server.builds() > builds and server.idle() and shows(*server.get(path)),
        f"{path} to show the edit",
        server,
    )
    built = built_files(fresh_build(project, server, site))
    gone = {path for path in before if path not in built}
    deadline = time.monotonic() + WAIT
    while True:  # an editor's save may start a second rebuild: compare once the server is still
        settled = server.builds()
        found = differences(server, built, gone)
        if server.idle() and server.builds() == settled:
            break
        assert time.monotonic() < deadline, f"the preview never settled:\n{server.log[-6000:]}"
        wait_for(server.idle, "the rebuild's end", server)
    assert not found, "\n".join(found) + f"\nmkdocs serve said:\n{server.log[-4000:]}"
    return built


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace text that must be in the file exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: expected {old!r} once"
    path.write_text(text.replace(old, new), encoding="utf-8")


NEW_ARTICLE = """---
title: Cómo preparar una prueba de la vista previa
description: Un artículo nuevo que la vista previa debe mostrar al guardarlo.
---

# Cómo preparar una prueba de la vista previa

Texto del artículo nuevo para la vista previa.
"""


def test_the_preview_serves_what_a_fresh_build_makes_after_every_kind_of_edit(
    served_project: tuple[Server, Path], tmp_path: Path
) -> None:
    server, project = served_project
    docs = project / "docs"
    sites = iter(tmp_path / f"fresh-{n}" for n in range(100))
    built = built_files(fresh_build(project, server, next(sites)))
    article = first_article(docs)
    page = f"{article.parent.name}/{article.stem}/"
    assert server.get(page)[0] == 200

    def step(edit: Callable[[], None], path: str, shows: Callable[[int, str], bool]) -> None:
        nonlocal built
        built = save_and_compare(server, project, edit, (path, shows), built, next(sites))

    # An article's text: its page alone is rebuilt (MkDocs' --dirty), and shows the truth.
    text = article.read_text(encoding="utf-8")
    step(
        lambda: article.write_text(text + "\nUn párrafo nuevo de la prueba.\n", encoding="utf-8"),
        page,
        lambda status, html: "párrafo nuevo de la prueba" in html,
    )
    assert rebuilt_alone(server) == [f"docs/contacto/{article.name}"], server.log[-3000:]
    # Its translation's text: a second quick build, on top of the first.
    translation = article.with_suffix(".en.md")
    english = translation.read_text(encoding="utf-8")
    step(
        lambda: translation.write_text(english + "\nA new test paragraph.\n", encoding="utf-8"),
        f"en/{page}",
        lambda status, html: "new test paragraph" in html,
    )
    assert rebuilt_alone(server) == [f"docs/contacto/{translation.name}"]
    # A new article, then the same renamed, then deleted: only «Contacto» is rebuilt (with
    # the navigation's neighbours and the home page); «Pagos» is left as it was.
    new = docs / "contacto" / "prueba-de-la-vista-previa.md"
    step(
        lambda: new.write_text(NEW_ARTICLE, encoding="utf-8"),
        "contacto/prueba-de-la-vista-previa/",
        lambda status, html: status == 200 and "Texto del artículo nuevo" in html,
    )
    assert rebuilt_categories(server) == ["docs/contacto/"], server.log[-3000:]
    renamed = new.with_name("prueba-renombrada.md")
    step(
        lambda: new.rename(renamed),
        "contacto/prueba-de-la-vista-previa/",
        lambda status, html: status == 404,
    )
    assert server.get("contacto/prueba-renombrada/")[0] == 200
    assert rebuilt_categories(server) == ["docs/contacto/"]
    # In one save, the renamed article deleted and a title in «Contacto» changed: «Pagos»'
    # article names that one in `related:`, and shows the new title.
    title = yaml.safe_load(text.split("---")[1])["title"]

    def delete_and_retitle() -> None:
        renamed.unlink()
        replace_once(article, f"title: {title}\n", f"title: {title} (nuevo)\n")

    step(delete_and_retitle, "pagos/como-pagar/", lambda status, html: f"{title} (nuevo)" in html)
    assert server.get("contacto/prueba-renombrada/")[0] == 404
    assert rebuilt_categories(server) == ["docs/contacto/"]
    # A new first article in a category without its own page: every page's navigation now
    # links «Precios» to it, so every page is rebuilt after all.
    step(
        lambda: (docs / "precios" / "abonos.md").write_text(FIRST_IN_THIRD, encoding="utf-8"),
        "precios/abonos/",
        lambda status, html: status == 200 and "Texto nuevo." in html,
    )
    assert rebuilt_categories(server) == ["docs/precios/"]
    assert "Rebuilding every page of the «es» site" in "\n".join(server.last_build() or [])
    # A data file: the wizard's first question.
    tree_file = project / "data" / "contact-tree.yml"
    tree = yaml.safe_load(tree_file.read_text(encoding="utf-8"))
    wizard = tree["page"].removesuffix(".md") + "/"
    question = tree["questions"][tree["start"]]["text"]["es"]
    step(
        lambda: replace_once(tree_file, question, question.rstrip("?") + " hoy?"),
        wizard,
        lambda status, html: " hoy?" in html,
    )
    # Two templates in one save: one every page includes, and the wizard's own (rendered by
    # the wizard's hook, not by the theme).
    partial = project / "overrides" / "partials" / "help-center" / "breadcrumbs.html"
    wizard_template = project / "overrides" / "hooks" / "contact-wizard.html"

    def edit_templates() -> None:
        for template, mark in ((partial, "hc-serve-test"), (wizard_template, "hc-wizard-test")):
            html = template.read_text(encoding="utf-8")
            template.write_text(f"{html}\n<!-- {mark} -->\n", encoding="utf-8")

    step(edit_templates, wizard, lambda status, html: "hc-wizard-test" in html)
    assert "hc-serve-test" in server.get(page)[1]
    # mkdocs.yml: the site's name, on every page.
    config_file = project / "mkdocs.yml"
    name = yaml.safe_load(config_file.read_text(encoding="utf-8"))["site_name"]
    step(
        lambda: replace_once(config_file, f"site_name: {name}\n", f"site_name: {name} Beta\n"),
        page,
        lambda status, html: f"{name} Beta" in html,
    )
    # The article most others link to, deleted with its translation: gone, and every problem
    # that makes anywhere in the site is in the preview's box, in `make check`'s words.
    linked = max(
        (path for path in docs.rglob("*.md") if path.suffixes == [".md"]),
        key=lambda path: sum(
            other.read_text(encoding="utf-8").count(path.name)
            for other in [*docs.rglob("*.md"), *(project / "data").glob("*.yml")]
        ),
    )
    gone = f"{linked.parent.relative_to(docs).as_posix()}/{linked.stem}/"

    def delete() -> None:
        linked.unlink()
        linked.with_suffix(".en.md").unlink(missing_ok=True)

    step(delete, gone, lambda status, html: status == 404)
    expected = check_errors(project / "mkdocs.yml")
    assert expected, f"nothing links to {linked.name}?"
    listed = box_items(server.get("")[1])
    assert sorted(set(expected) - set(listed)) == [], listed
    assert "Traceback" not in server.log


def rebuilt_alone(server: Server) -> list[str]:
    """The files whose page alone the last build rebuilt (none: it rebuilt every page)."""
    found = re.findall(r"Rebuilding only the page of (\S+) ", "\n".join(server.last_build() or []))
    return found


def rebuilt_categories(server: Server) -> list[str]:
    """The category folders the last build rebuilt (none: it rebuilt more, or one page)."""
    lines = "\n".join(server.last_build() or [])
    found = re.search(r"Rebuilding only the pages of (.+?) and the home page", lines)
    return found.group(1).split(", ") if found else []


def check_errors(config_file: Path) -> list[str]:
    """The problems `make check` prints for a project."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_content.py"), "--no-cache"]
        + ["-f", str(config_file)],
        cwd=config_file.parent,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in result.stdout.splitlines() if not line.startswith("notice: ")]
    return [" ".join(line.split()) for line in lines if not line.startswith("make check: ")]


class _BoxItems(HTMLParser):
    """The text of each problem (`<li>`) in the preview's box of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self._depth = 0  # inside the box: how many elements deep
        self._item: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth or ("class", "hc-preview md-typeset") in attrs:
            self._depth += 1
            if tag == "li":
                self._item = []

    def handle_endtag(self, tag: str) -> None:
        if not self._depth:
            return
        self._depth -= 1
        if tag == "li" and self._item is not None:
            text = " ".join("".join(self._item).split())
            self.items.append(text.removesuffix(" ver la página").removesuffix(" open the page"))
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self._item.append(data)


def box_items(html: str) -> list[str]:
    """The problems listed in a served page's box (its own, then the site's others)."""
    parser = _BoxItems()
    parser.feed(html)
    return parser.items


# ----------------------------------------------------------------------------
# Bad files
# ----------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    """The base fixture site served by `mkdocs serve`, and its docs folder."""
    untranslated = {"contacto/y.md": article_es(title="Sin traducir")}  # a notice
    config_file = write_site(tmp_path, Case("serve", untranslated, None))
    server = Server(config_file)
    try:
        yield server, config_file.parent / "docs"
    finally:
        server.stop()


def test_serve_survives_bad_files_and_recovers(served: tuple[Server, Path]) -> None:
    server, docs = served
    article = docs / "contacto" / "x.md"
    page = "contacto/x/"
    wait_for(lambda: "Texto de introducción" in server.get(page)[1], "the first page", server)
    assert BASE["contacto/x.md"] == article.read_text(encoding="utf-8")

    # A file saved in Latin-1: the problem is shown, the server keeps answering.
    article.write_bytes(article_es("Información útil.").encode("latin-1"))
    utf8 = "docs/contacto/x.md:2: is not valid UTF-8 (byte 0xed at column 11)"
    wait_for(lambda: utf8 in server.log, "the UTF-8 problem in the log", server)
    wait_for(lambda: "Informaci" in server.get(page)[1], "the page, still served", server)
    assert server.get("")[0] == 200

    # Broken front matter: shown with its line, still serving.
    article.write_text(
        article_es().replace("description: Un artículo", "description: Paso 1: un artículo"),
        encoding="utf-8",
    )
    yaml_problem = "docs/contacto/x.md:3: front matter is not valid YAML"
    wait_for(lambda: yaml_problem in server.log, "the front-matter problem in the log", server)
    wait_for(lambda: server.get(page)[0] == 200, "the page, still served", server)

    # Fixed: the page shows the new text, and the rebuild no longer reports the file.
    article.write_text(article_es("Un texto corregido y guardado en UTF-8."), encoding="utf-8")
    wait_for(lambda: "texto corregido" in server.get(page)[1], "the fixed page", server)
    wait_for(lambda: server.last_build() is not None, "the rebuild's end", server)
    assert [line for line in server.last_build() or [] if "docs/contacto/x.md" in line] == []

    # A new problem in the other language's file, the Spanish one unchanged: reported, once,
    # and counted in the build's last line.
    english = docs / "contacto" / "x.en.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nWrite to help@example.com.\n")
    new_problem = "docs/contacto/x.en.md:18: e-mail address 'help@example.com' is not a link"
    wait_for(lambda: new_problem in "\n".join(server.last_build() or []), "the new problem", server)
    last = server.last_build() or []
    assert sum(new_problem in line for line in last) == 1, "\n".join(last)
    warnings = len([line for line in last if line.startswith("WARNING")])
    count = f"{warnings} problem{'s' if warnings > 1 else ''}: {warnings} in the en files"
    assert any(count in line for line in last), "\n".join(last)
    # A notice (a page not translated yet) is printed once since the preview started.
    notice = NOT_TRANSLATED.format("y")
    assert sum(notice in line for line in server.lines) == 1, server.log
    assert "Traceback" not in server.log
    assert server.process.poll() is None


# ----------------------------------------------------------------------------
# The Makefile
# ----------------------------------------------------------------------------


def make(*args: str) -> subprocess.CompletedProcess[str]:
    """`make` in the project, without reinstalling anything (`-o install`)."""
    return subprocess.run(
        ["make", "--no-print-directory", "-o", "install", *args],
        cwd=ROOT,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_make_serve_on_a_busy_port_says_what_to_do_in_one_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = make("serve", f"SERVE_ADDR=127.0.0.1:{port}")
    ours = [line for line in result.stderr.splitlines() if not MAKE_ERROR.match(line)]
    assert result.returncode != 0
    assert ours == [
        f"127.0.0.1:{port} is already in use (another preview?) — stop it, or preview on "
        f"another port: SERVE_ADDR=127.0.0.1:{port + 1} make serve"
    ], result.stderr
    assert "Building documentation" not in result.stdout + result.stderr


def test_make_check_q_is_the_quiet_check() -> None:
    quiet = make("check", "Q=1")
    script = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_content.py"), "-q"],
        cwd=ROOT,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert quiet.stdout == script.stdout
    assert (quiet.returncode == 0) == (script.returncode == 0), quiet.stderr
    assert not any(line.startswith("notice: ") for line in quiet.stdout.splitlines())
