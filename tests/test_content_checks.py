"""Content checks: one tiny fixture site per bad input, in the build and in `make check`.

Every case is a small change to a base site (home, the account-ID guide and one
article, in Spanish and English). The build must fail `--strict` with exactly
its one warning (ours, or MkDocs' own for the missing pages and anchors its
`validation:` reports), never a traceback; `make check` must print exactly its
one problem with file and line, and exit 1. Cases that should pass, pass both.
tests/test_check_parity.py runs every case of `CASES` through both, on one site.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, fixture_config, mkdocs_env, run_build

GUIDE = "contacto/como-obtener-el-numero-identificador-de-tu-cuenta.md"
SAME = "same as make check"  # the build logs the very line `make check` prints

# ----------------------------------------------------------------------------
# The base site
# ----------------------------------------------------------------------------

HOME_ES = """---
title: Inicio
description: Portada del centro de ayuda.
---

# Inicio

Bienvenido al centro de ayuda.
"""

HOME_EN = """---
title: Home
description: Home page of the help center.
---

# Home

Welcome to the help center.
"""

GUIDE_ES = """---
title: ¿Cómo obtener el número identificador de tu cuenta?
description: Dónde encontrar el número identificador de tu cuenta.
---

# ¿Cómo obtener el número identificador de tu cuenta?

Inclúyelo siempre cuando escalas una solicitud.

## Cómo obtenerlo {#como-obtenerlo}

Cópialo desde la URL de tu cuenta.
"""

GUIDE_EN = """---
title: How do I get my account identifier number?
description: Where to find your account identifier number.
---

# How do I get my account identifier number?

Always include it when you escalate a request.

## How to get it {#como-obtenerlo}

Copy it from your account's URL.
"""


def article_es(
    extra: str = "Primer paso.", front: str = "", title: str = "Artículo de prueba"
) -> str:
    """A Spanish article; `extra` is line 12 when `front` adds no line."""
    return (
        f"---\ntitle: {title}\ndescription: Un artículo de prueba.\n{front}---\n\n"
        f"# {title}\n\nTexto de introducción.\n\n## Paso 1 {{#paso-1}}\n\n{extra}\n\n"
        "## Paso 2 {#paso-2}\n\nSegundo paso.\n"
    )


def article_en(extra: str = "First step.", front: str = "", title: str = "Test article") -> str:
    """Its English translation; `extra` is line 12 when `front` adds no line."""
    return (
        f"---\ntitle: {title}\ndescription: A test article.\n{front}---\n\n"
        f"# {title}\n\nIntroduction.\n\n## Step 1 {{#paso-1}}\n\n{extra}\n\n"
        "## Step 2 {#paso-2}\n\nSecond step.\n"
    )


BASE: dict[str, str | bytes] = {
    "index.md": HOME_ES,
    "index.en.md": HOME_EN,
    GUIDE: GUIDE_ES,
    GUIDE.replace(".md", ".en.md"): GUIDE_EN,
    "contacto/x.md": article_es(),
    "contacto/x.en.md": article_en(),
}

# ----------------------------------------------------------------------------
# The cases
# ----------------------------------------------------------------------------


@dataclass
class Case:
    """A change to the base site and what the checks say about it."""

    id: str
    files: dict[str, str | bytes | None]  # None removes the file
    check: str | None  # the one problem `make check` prints; None: it passes
    build: str | None = SAME  # the one warning of `mkdocs build --strict`; None: it passes
    notices: list[str] = field(default_factory=list)  # INFO lines both print (no failure)
    symlinks: dict[str, str] = field(default_factory=dict)  # docs path → link target
    data: dict[str, str] = field(default_factory=dict)  # data/ files that replace the real ones


X = "docs/contacto/x.md"
X_EN = "docs/contacto/x.en.md"
G = GUIDE.split("/")[1]  # the guide, relative to contacto/
G_LINK_EN = f"See [how to get your account identifier number]({G})."
NOT_TRANSLATED = (
    "docs/contacto/{0}.md: has no English translation yet (docs/contacto/{0}.en.md); the "
    "English site shows it in Spanish — translate it into docs/contacto/{0}.en.md when you can"
)

# columns: id, the files that change, `make check`'s one problem, the build's one warning
CASES = [
    # -- links MkDocs' validation reports in the build (and `make check` with a line) --------
    Case(
        "missing-page",
        {"contacto/x.md": article_es("Lee [la guía de envíos](envios.md).")},
        f"{X}:12: link 'envios.md' points to a page that does not exist "
        "(docs/contacto/envios.md) — fix the path (relative to this file) or create the page",
        build="Doc file 'contacto/x.md' contains a link 'envios.md', but the target "
        "'contacto/envios.md' is not found among documentation files.",
    ),
    Case(
        "missing-anchor",
        {
            "contacto/x.md": article_es(f"Lee [la guía]({G}#no-existe)."),
            "contacto/x.en.md": article_en(G_LINK_EN),
        },
        f"{X}:12: link '{G}#no-existe': docs/{GUIDE} has no heading or anchor '#no-existe' — "
        "use one of its ids: #como-obtenerlo",
        build=f"Doc file 'contacto/x.md' contains a link '{G}#no-existe', but the doc "
        f"'{GUIDE}' does not contain an anchor '#no-existe'.",
    ),
    Case(
        "absolute-link",
        {
            "contacto/x.md": article_es(f"Lee [la guía](/{GUIDE})."),
            "contacto/x.en.md": article_en(G_LINK_EN),
        },
        f"{X}:12: link '/{GUIDE}' is absolute — write it relative to this file, e.g. '{G}'",
        build=f"Doc file 'contacto/x.md' contains an absolute link '/{GUIDE}', it was left as "
        f"is. Did you mean '{G}'?",
    ),
    Case(
        "names-the-english-file",
        {
            "contacto/x.md": article_es(f"Lee [la guía]({G[:-3]}.en.md)."),
            "contacto/x.en.md": article_en(G_LINK_EN),
        },
        f"{X}:12: link '{G[:-3]}.en.md' names the English file — write '{G}': each language "
        "links to its own version",
        build=f"Doc file 'contacto/x.md' contains a link '{G[:-3]}.en.md', but the target "
        f"'{GUIDE[:-3]}.en.md' is not found among documentation files.",
    ),
    # -- links only we check ----------------------------------------------------------------
    Case(
        "english-links-a-spanish-only-page",
        {
            "contacto/y.md": article_es(title="Solo en español"),
            "contacto/x.md": article_es("Lee [Solo en español](y.md)."),
            "contacto/x.en.md": article_en("See [Spanish only](y.md)."),
        },
        f"{X_EN}:12: link 'y.md' points to a page that has no English version "
        "(docs/contacto/y.en.md) — translate docs/contacto/y.md into docs/contacto/y.en.md, "
        "or remove the link",
        notices=[NOT_TRANSLATED.format("y")],
    ),
    Case(
        "empty-target",
        {"contacto/x.md": article_es("Lee [la guía]().")},
        f"{X}:12: link has no target — write a page path (x.md), a web address or "
        "mailto:name@domain",
    ),
    Case(
        "undefined-reference",
        {"contacto/x.md": article_es("Lee [la guía][guia].")},
        f"{X}:12: link '[la guía][guia]' uses a reference that is not defined — add a line "
        "'[guia]: target' below, or write the link inline: [la guía](target)",
    ),
    Case(
        "unknown-external-link",
        {
            "contacto/x.md": article_es("Entra al [Help Center](ext:help_centre)."),
        },
        f"{X}:12: unknown external link 'ext:help_centre' — did you mean 'ext:help_center'?",
    ),
    # -- link texts ---------------------------------------------------------------------------
    Case(
        "empty-link-text",
        {
            "contacto/x.md": article_es("Lee [](" + G + ")."),
            "contacto/x.en.md": article_en(G_LINK_EN),
        },
        f"{X}:12: link to '{G}' has no text — use the page's title: "
        f"[¿Cómo obtener el número identificador de tu cuenta?]({G})",
    ),
    Case(
        "placeholder-link-text-es",
        {
            "contacto/x.md": article_es(f"Para saber más, haz clic [aquí]({G})."),
            "contacto/x.en.md": article_en(G_LINK_EN),
        },
        f"{X}:12: link text 'aquí' does not say where the link goes (WCAG 2.4.4) — use the "
        f"page's title: [¿Cómo obtener el número identificador de tu cuenta?]({G})",
    ),
    Case(
        "placeholder-link-text-en",
        {
            "contacto/x.md": article_es(f"Lee [la guía]({G})."),
            "contacto/x.en.md": article_en(f"To learn more, [click here]({G})."),
        },
        f"{X_EN}:12: link text 'click here' does not say where the link goes (WCAG 2.4.4) — "
        f"use the page's title: [How do I get my account identifier number?]({G})",
    ),
    # -- e-mail addresses ---------------------------------------------------------------------
    Case(
        "malformed-mailto",
        {"contacto/x.md": article_es("Escribe a [ventas](mailto:sales.multivende.com).")},
        f"{X}:12: malformed e-mail address 'sales.multivende.com' — write it as "
        "name@multivende.com, without spaces",
    ),
    Case(
        "domain-not-allowed",
        {
            "contacto/x.md": article_es(
                "Escribe a [sales@multivende.con](mailto:sales@multivende.con)."
            )
        },
        f"{X}:12: e-mail domain 'multivende.con' is not allowed — did you mean "
        "'sales@multivende.com'? (allowed domains: multivende.com, extra.email_domains in "
        "mkdocs.yml)",
    ),
    Case(
        "address-not-linked",
        {"contacto/x.md": article_es("Escribe a sales@multivende.com para cotizar.")},
        f"{X}:12: e-mail address 'sales@multivende.com' is not a link — write it as "
        "[sales@multivende.com](mailto:sales@multivende.com)",
    ),
    Case(
        "mailto-text-differs",
        {
            "contacto/x.md": article_es(
                "Escribe a [sales@multivende.com](mailto:ventas@multivende.com)."
            )
        },
        f"{X}:12: link text 'sales@multivende.com' is not the address it writes to "
        "('ventas@multivende.com') — make the text and the mailto: address the same",
    ),
    # -- the escalation rule ------------------------------------------------------------------
    Case(
        "escalation-es",
        {"contacto/x.md": article_es("Si no recibes respuesta, puedes escalar tu solicitud.")},
        f"{X}:12: mentions escalation ('escalar') but does not link to the account-ID guide — "
        "add a link to the account-ID guide: "
        f"[Cómo obtener el número identificador de tu cuenta]({G})",
    ),
    Case(
        "escalation-en",
        {"contacto/x.en.md": article_en("If you get no answer, you can Escalate your request.")},
        f"{X_EN}:12: mentions escalation ('Escalate') but does not link to the account-ID "
        "guide — add a link to the account-ID guide: "
        f"[How to get your account identifier number]({G})",
    ),
    Case(
        "escalation-nested-folder",
        {
            "a/b/z.md": article_es("Puedes escalar tu caso."),
            "a/b/z.en.md": article_en("Some text."),
        },
        "docs/a/b/z.md:12: mentions escalation ('escalar') but does not link to the account-ID "
        "guide — add a link to the account-ID guide: "
        f"[Cómo obtener el número identificador de tu cuenta](../../{GUIDE})",
    ),
    Case(
        "escalation-in-code-passes",
        {
            "contacto/x.md": article_es(
                "Ejecuta:\n\n```\nescalar --ahora\n```\n\nO también `escala` en línea.\n\n"
                "    escalamiento en un bloque sangrado"
            )
        },
        None,
        build=None,
    ),
    Case(
        "guide-itself-passes",
        {GUIDE: GUIDE_ES.replace("Cópialo", "Antes de escalar, cópialo")},
        None,
        build=None,
    ),
    Case(
        "escalation-links-guide-from-nested-folder-passes",
        {
            "a/b/z.md": article_es(
                f"Puedes escalar tu caso: incluye [el número de tu cuenta](../../{GUIDE})."
            ),
            "a/b/z.en.md": article_en(
                f"You can escalate your case: include [your account number](../../{GUIDE})."
            ),
        },
        None,
        build=None,
    ),
    Case(
        "escalera-is-not-escalation-passes",
        {"contacto/x.md": article_es("Sube por la escalera del edificio.")},
        None,
        build=None,
    ),
    # -- front matter -------------------------------------------------------------------------
    Case(
        "missing-title",
        {"contacto/x.md": article_es().replace("title: Artículo de prueba\n", "")},
        f"{X}:1: front matter has no 'title' — add 'title: …' (text) between the '---' lines",
    ),
    Case(
        "malformed-front-matter",
        {
            "contacto/x.md": article_es().replace(
                "description: Un artículo de prueba.", "description: Paso 1: abre tu cuenta"
            )
        },
        f"{X}:3: front matter is not valid YAML (mapping values are not allowed in this "
        "context) — write one 'key: value' per line; quote a value that contains ': ' or "
        "starts with a special character",
    ),
    Case(
        "misspelt-key",
        {"contacto/x.md": article_es().replace("title:", "titel:")},
        f"{X}:2: unknown front-matter key 'titel' — did you mean 'title'?",
    ),
    Case(
        "not-a-bool",
        {"contacto/x.md": article_es(front="promoted: sí\n")},
        f"{X}:4: 'promoted' must be true or false, not 'sí' — write 'promoted: true' or "
        "'promoted: false'",
    ),
    Case(
        "not-a-date",
        {"contacto/x.md": article_es(front="last_reviewed: 27-11-2026\n")},
        f"{X}:4: 'last_reviewed' must be a date written YYYY-MM-DD, not '27-11-2026' — write "
        "e.g. 'last_reviewed: 2026-11-27'",
    ),
    Case(
        "impossible-date",
        {"contacto/x.md": article_es(front="last_reviewed: 2026-13-45\n")},
        f"{X}:4: 'last_reviewed' is not a real date: '2026-13-45' (month must be in 1..12); "
        "MkDocs would drop the whole front matter — write a day of the calendar as YYYY-MM-DD, "
        "e.g. 'last_reviewed: 2026-11-27'",
    ),
    Case(
        "related-page-missing",
        {"contacto/x.md": article_es(front="related:\n  - contacto/no-existe.md\n")},
        f"{X}:5: 'related' page 'contacto/no-existe.md' points to a page that does not exist "
        "(docs/contacto/no-existe.md) — fix the path (relative to docs/) or create the page",
    ),
    # -- unreadable, undecodable and empty files ------------------------------------------------
    Case(
        "non-utf8-file",
        {"contacto/x.md": article_es("Información útil.").encode("latin-1")},
        f"{X}:2: is not valid UTF-8 (byte 0xed at column 11) — save the file as UTF-8 in your "
        "editor (e.g. «Save with encoding › UTF-8»)",
    ),
    Case(
        "empty-article",
        {"contacto/vacio.md": ""},
        "docs/contacto/vacio.md: is empty — write the article (front matter with title and "
        "description, then the text), or delete the file",
        notices=[NOT_TRANSLATED.format("vacio")],
    ),
    Case(
        "front-matter-only",
        {"contacto/vacio.md": "---\ntitle: Vacío\ndescription: Nada todavía.\n---\n"},
        "docs/contacto/vacio.md:4: has no text after its front matter — write the article "
        "below the closing '---', starting with its # title",
    ),
    Case(
        "unreadable-file",
        {},
        "docs/contacto/roto.md: cannot be read (No such file or directory) — check that the "
        "file exists and that you may read it (file permissions)",
        symlinks={"contacto/roto.md": "nada.md"},  # inside docs/, to nothing
    ),
    # -- translations -------------------------------------------------------------------------
    Case(
        "page-missing-in-english-is-a-notice",
        {"contacto/x.en.md": None},
        None,
        build=None,
        notices=[NOT_TRANSLATED.format("x")],
    ),
    Case(
        "translation-changes-a-section-id",
        {"contacto/x.en.md": article_en().replace("{#paso-2}", "{#step-2}")},
        f"{X_EN}:14: section 'Step 2' has the id 'step-2', but the same section of the original "
        f"has 'paso-2' ({X}:14) — end the heading with {{#paso-2}}, as in the original",
    ),
    Case(
        "translation-misses-a-link",
        {"contacto/x.md": article_es(f"Lee [la guía]({G}).")},
        f"{X_EN}:10: does not link to '{G}' like its original ({X}:12) — add the link ({G}) to "
        "the same section",
    ),
    Case(
        "english-page-without-original",
        {"contacto/solo.en.md": article_en(title="Only English")},
        "docs/contacto/solo.en.md:1: has no original (docs/contacto/solo.md) — create its "
        "original docs/contacto/solo.md first (the site is Spanish first)",
    ),
    Case(
        "auto-slug-anchor-passes",
        {
            "contacto/x.md": article_es(
                "Ve a [lo que aprenderás](#que-aprenderas-aqui).\n\n## ¿Qué aprenderás aquí?"
            ),
            "contacto/x.en.md": article_en(
                "Go to [what you will learn](#que-aprenderas-aqui).\n\n"
                "## What you will learn {#que-aprenderas-aqui}"
            ),
        },
        None,
        build=None,
    ),
    # -- data files ---------------------------------------------------------------------------
    Case(
        "malformed-rules-file",
        {},
        "data/content-rules.yml:2: is not valid YAML (did not find expected ',' or ']') — fix "
        "the indentation and quote values that contain ': '",
        data={"content-rules.yml": "escalation:\n  stems: [escal\n"},
    ),
]


# ----------------------------------------------------------------------------
# Tests
# ----------------------------------------------------------------------------


def test_external_links_are_resolved_from_the_config(tmp_path: Path) -> None:
    """`ext:NAME` becomes its address, or plain text while the address is empty (a notice)."""
    case = Case(
        "ext",
        {
            "contacto/x.md": article_es(
                "Entra al [Help Center](ext:help_center) o [envía](ext:form)."
            )
        },
        None,
    )
    urls = {"help_center": "https://help.example.com/", "form": ""}
    config_file = write_site(tmp_path, case, {"extra": {"external_urls": urls}})
    site = run_build(config_file, tmp_path / "project" / "site")
    assert site.ok, site.log
    html = site.html("contacto/x/index.html")
    assert '<a href="https://help.example.com/">Help Center</a>' in html
    assert "o envía." in html and "ext:" not in html
    assert (
        "docs/contacto/x.md:12: link 'ext:form' has no address yet: its text is shown without a "
        "link — set extra.external_urls.form in mkdocs.yml once the address is confirmed"
    ) in site.log


def test_the_real_site_passes_make_check(real_build) -> None:
    """The real articles break no rule: `make check` agrees with the strict real build."""
    result = run_check(ROOT / "mkdocs.yml")
    errors = [line for line in result.stdout.splitlines() if not line.startswith("notice: ")]
    assert (result.returncode, errors) == (0, []), result.stdout
    assert real_build.ok and real_build.warnings() == []


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _site_files(case: Case) -> dict[str, str | bytes]:
    files = dict(BASE)
    for name, content in case.files.items():
        if content is None:
            files.pop(name, None)
        else:
            files[name] = content
    return files


def write_site(tmp_path: Path, case: Case, config: dict | None = None) -> Path:
    """The case's project in tmp_path, as conftest's build_site writes it, without a build."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "data", project / "data")
    for name, text in case.data.items():
        (project / "data" / name).write_text(text, encoding="utf-8")
    for name, content in _site_files(case).items():
        target = project / "docs" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    for name, points_to in case.symlinks.items():
        (project / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(points_to, project / "docs" / name)
    config_file = project / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump(fixture_config(project, config), allow_unicode=True), encoding="utf-8"
    )
    return config_file


def run_check(
    config_file: Path, *options: str, cache_home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`make check`'s command on a project: cold, or with its cache under `cache_home`."""
    env = mkdocs_env()
    if cache_home is None:
        options = (*options, "--no-cache")
    else:
        env["XDG_CACHE_HOME"] = str(cache_home)
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "check_content.py"),
            "-f",
            str(config_file),
            *options,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=config_file.parent,
        timeout=120,
    )


# ----------------------------------------------------------------------------
# Once per build, and incremental under `mkdocs serve`
# ----------------------------------------------------------------------------

# Builds a project several times in one process, as `mkdocs serve` does (a fresh config
# per build, the hooks' modules kept): before each build it applies one edit, and after it
# prints how many index loads, file reads and page checks the build did, and its warnings.
SERVE_LIKE = r"""
import json, logging, os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from helpcenter.content import docs_index
from helpcenter.content import checks as site_checks
from mkdocs.commands.build import build
from mkdocs.config import load_config

config_file, edits = Path(sys.argv[1]), json.loads(sys.argv[3])
warnings = []
class Collect(logging.Handler):
    def emit(self, record):
        if record.levelno >= logging.WARNING and record.name == "mkdocs.hooks.content_checks":
            warnings.append(record.getMessage())
logging.getLogger("mkdocs").addHandler(Collect())
for number, edit in enumerate(edits):
    for name, text in edit.items():
        path = config_file.parent / "docs" / name
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(path.stat().st_mtime_ns + number * 10**9,) * 2)
    loads, reads = docs_index.STATS.loads, docs_index.STATS.files_read
    warnings.clear()
    build(load_config(str(config_file), site_dir=str(config_file.parent / "site")))
    memo = site_checks._memo
    print(json.dumps({
        "loads": docs_index.STATS.loads - loads,
        "reads": docs_index.STATS.files_read - reads,
        "read": memo[0].read,
        "checked": memo[2].checked,
        "warnings": sorted(warnings),
        "everything": [str(p) for p in memo[2].everything() if p.severity == "error"],
    }))
"""


def test_make_check_rereads_only_what_changed_since_its_last_run(tmp_path: Path) -> None:
    """The CLI keeps its scan between runs: an edit is read alone, and reported as cold."""
    config_file = write_site(tmp_path / "cached", Case("cached", {}, None))
    article = config_file.parent / "docs" / "contacto" / "x.md"
    bad_email = article_es("Escribe a soporte@example.com.")
    fresh = run_check(
        write_site(tmp_path / "fresh", Case("fresh", {"contacto/x.md": bad_email}, None))
    )
    files = len(BASE)

    def edit(text: str, seconds: int) -> None:
        article.write_text(text, encoding="utf-8")
        os.utime(article, (time.time() + seconds,) * 2)

    cache = tmp_path / "cache"
    runs = [run_check(config_file, "-v", cache_home=cache)]
    edit(bad_email, 5)
    runs.append(run_check(config_file, "-v", cache_home=cache))
    edit(article_es(), 10)
    runs.append(run_check(config_file, "-v", cache_home=cache))
    runs.append(run_check(config_file, "-v", cache_home=cache))
    said = [[line for line in run.stderr.splitlines() if " read, " in line] for run in runs]
    assert said == [
        [f"make check: {files} of {files} file(s) read, {files} page(s) checked"],
        [f"make check: 1 of {files} file(s) read, 1 page(s) checked"],
        [f"make check: 1 of {files} file(s) read, 1 page(s) checked"],
        [f"make check: 0 of {files} file(s) read, 0 page(s) checked"],
    ]
    assert [run.returncode for run in runs] == [0, 1, 0, 0]
    assert runs[1].stdout == fresh.stdout  # exactly what a cold `make check` says
    assert runs[3].stdout == runs[0].stdout
    assert len(list(cache.rglob("*.pickle"))) == 1  # outside the project, one file per project
    assert run_check(config_file).stdout == runs[0].stdout  # --no-cache: the same


def build_like_serve(config_file: Path, edits: list[dict[str, str]]) -> list[dict]:
    """One build per edit in one process (as `mkdocs serve` rebuilds); what each one did."""
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            SERVE_LIKE,
            str(config_file),
            str(ROOT / "hooks"),
            json.dumps(edits),
        ],
        capture_output=True,
        text=True,
        env=mkdocs_env(),
        cwd=config_file.parent,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def test_serve_rebuilds_read_and_check_only_what_changed(tmp_path: Path) -> None:
    """One scan per build for both languages; a rebuild re-reads and re-checks one file."""
    config_file = write_site(tmp_path, Case("serve-like", {}, None))
    bad_email = article_es("Escribe a soporte@example.com.")
    fresh = run_check(
        write_site(tmp_path / "fresh", Case("fresh", {"contacto/x.md": bad_email}, None))
    )
    expected = [line for line in fresh.stdout.splitlines() if not line.startswith("notice: ")]
    assert len(expected) == 2 and all(
        line.startswith("docs/contacto/x.md:12: ") for line in expected
    )
    first, broken, fixed, same = build_like_serve(
        config_file, [{}, {"contacto/x.md": bad_email}, {"contacto/x.md": article_es()}, {}]
    )
    files = len(BASE)
    # The first build: one load for both languages and every hook, every file read once.
    assert (first["loads"], first["reads"], first["checked"]) == (1, files, files)
    assert first["warnings"] == []
    # A writer saves a new problem: only that file is read and checked again; it is reported.
    assert (broken["loads"], broken["read"], broken["checked"]) == (1, ["contacto/x.md"], 1)
    assert broken["warnings"] == sorted(expected)  # exactly what a cold `make check` says
    # Fixed: read and checked again, no longer reported.
    assert (fixed["read"], fixed["checked"], fixed["warnings"]) == (["contacto/x.md"], 1, [])
    # Nothing changed: no load at all.
    assert (same["loads"], same["reads"], same["warnings"]) == (0, 0, [])


def test_serve_rebuild_rechecks_pages_that_link_to_a_changed_page(tmp_path: Path) -> None:
    """A renamed id breaks links from unchanged files: those pages are checked again."""
    guide_renamed = {GUIDE: GUIDE_ES.replace("{#como-obtenerlo}", "{#obtenerlo}")}
    linking = {
        "contacto/x.md": article_es(f"Mira [cómo obtenerlo]({G}#como-obtenerlo)."),
        "contacto/x.en.md": article_en(f"See [how to get it]({G}#como-obtenerlo)."),
    }
    first, renamed = build_like_serve(
        write_site(tmp_path / "served", Case("served", linking, None)), [{}, guide_renamed]
    )
    fresh = run_check(write_site(tmp_path / "fresh", Case("fresh", linking | guide_renamed, None)))
    expected = [line for line in fresh.stdout.splitlines() if not line.startswith("notice: ")]
    assert first["everything"] == []
    assert renamed["read"] == [GUIDE]
    assert renamed["checked"] == len(BASE)  # an id changed: every page is checked again
    assert any(line.startswith(X + ":12: ") for line in expected), expected  # x.md's link
    assert renamed["everything"] == expected  # exactly what a cold `make check` says


def test_make_check_cache_answers_as_a_cold_run_after_any_input_changes(tmp_path: Path) -> None:
    """mkdocs.yml and data files are part of the cache's key: a change gives the cold answer."""
    case = Case("cached", {"contacto/x.md": article_es("Escribe a [ana](mailto:ana@x.com).")}, None)
    config_file = write_site(tmp_path, case)
    cache = tmp_path / "cache"
    first = run_check(config_file, cache_home=cache)
    assert first.returncode == 1  # x.com is not an allowed domain
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["extra"]["email_domains"] = ["multivende.com", "x.com"]
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    allowed = run_check(config_file, cache_home=cache)
    assert (allowed.returncode, allowed.stdout) == (0, run_check(config_file).stdout)
    rules = config_file.parent / "data" / "content-rules.yml"
    rules.write_text("escalation:\n  stems: [escal\n", encoding="utf-8")
    broken = run_check(config_file, cache_home=cache)
    assert broken.returncode == 1 and broken.stdout == run_check(config_file).stdout


def test_make_check_cache_key_holds_the_library_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another version of a library that reads the pages (or of MkDocs) means a new key."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import check_content

    settings = check_content.CheckSettings(project_dir=tmp_path, docs_dir=tmp_path / "docs")
    before = check_content.cache_stamp(settings)
    assert check_content.cache_stamp(settings) == before
    real_version = check_content.metadata.version
    for library in check_content.LIBRARIES:
        monkeypatch.setattr(
            check_content.metadata,
            "version",
            lambda name, lib=library: "0.0.0" if name == lib else real_version(name),
        )
        assert check_content.cache_stamp(settings) != before, library
    monkeypatch.setattr(check_content.metadata, "version", real_version)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.yml").write_text("a: 1\n", encoding="utf-8")
    assert check_content.cache_stamp(settings) != before


def test_make_check_reports_a_broken_mkdocs_yml_as_mkdocs_does(tmp_path: Path) -> None:
    """mkdocs.yml is loaded by MkDocs: its own error, on one line, exit 2, no traceback."""
    config_file = write_site(tmp_path, Case("broken-config", {}, None))
    config_file.write_text("site_name: [\n", encoding="utf-8")
    result = run_check(config_file)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith(str(config_file))]
    assert "MkDocs encountered an error parsing the configuration file" in line
    assert line.endswith("— fix mkdocs.yml")
