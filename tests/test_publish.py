"""Publishing (scripts/publish_site.py): `site/` is whole after every run, and only the build's
files are replaced.

The command runs for real (`mkdocs build --strict` and the audit) on a copy of the project in
a temporary folder, against real symbolic links, hidden files, read-only folders and signals
sent while it builds. Refusals happen before anything is built: one line, nothing created.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from audit_site import load_mkdocs_config, run_command
from conftest import ROOT, mkdocs_env, real_config
from publish_site import (
    leftover_pattern,
    missing_addresses,
    process_alive,
    publish,
    swap_in,
    temporary_prefix,
)

SCRIPT = ROOT / "scripts" / "publish_site.py"
# a reserved example domain: the Help Center's address in these tests, never a real one
TEST_ADDRESS = "https://help-center.example.org"
NOBODY = 65534

# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def copy_project(folder: Path, extra: dict | None = None) -> Path:
    """docs/, data/, overrides/ and mkdocs.yml copied into `folder`, the hooks by absolute path.

    The Help Center's address is TEST_ADDRESS unless `extra` says otherwise.
    """
    project = folder / "project"
    for name in ("docs", "data", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    write_config(project, {"help_center_url": TEST_ADDRESS} | (extra or {}))
    return project


def write_config(project: Path, extra: dict) -> None:
    """The real mkdocs.yml in `project`, with `extra` merged into its `extra:`."""
    config = real_config()
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks", [])]
    config["watch"] = []
    config["extra"].update(extra)
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def run_publish(
    project: Path, site: Path, *args: str, user: int | None = None
) -> subprocess.CompletedProcess[str]:
    """`publish_site.py` on a project copy; as `user` (a uid) when given and we are root."""
    cmd = [sys.executable, str(SCRIPT), "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    if user is not None and os.geteuid() == 0:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, env=mkdocs_env(), cwd=project, timeout=600
    )


def contents(folder: Path) -> dict[str, str]:
    """Every entry under a folder: file → its text, folder → "/", link → "-> target"."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_dir():
            found[name] = "/"
        else:
            found[name] = path.read_text(encoding="utf-8", errors="replace")
    return found


def temporary_folders(parent: Path, name: str = "site") -> list[str]:
    """The names in `parent` that a publish into `parent/name` may create."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith((f".{name}-", f"..{name}")))


def previous_site(site: Path) -> Path:
    """A published site with what a host keeps in it, and a page the next build drops."""
    files = {
        ".git/HEAD": "ref: refs/heads/gh-pages\n",
        ".git/objects/ab/cdef": "object",
        "CNAME": "ayuda.example.org\n",
        ".nojekyll": "",
        ".htaccess": "ErrorDocument 404 /404.html\n",
        ".well-known/security.txt": "Contact: mailto:security@example.org\n",
        "pagina-borrada/index.html": "<p>a page deleted since</p>",
        "index.html": "<p>previous home</p>",
    }
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    (site / ".git/objects/ab/cdef").chmod(0o444)  # as git writes its objects
    return site


KEPT = (".git", "CNAME", ".nojekyll", ".htaccess", ".well-known")


def assert_kept_and_replaced(site: Path, before: dict[str, str]) -> None:
    """The host's entries are as they were; the build's files replaced the previous ones."""
    after = contents(site)
    for name, value in before.items():
        if name.split("/")[0] in KEPT:
            assert after.get(name) == value, name
    assert "pagina-borrada/index.html" not in after
    assert "previous home" not in after["index.html"]
    assert "contacto/con-que-equipo-debo-contactar/index.html" in after
    assert "en/index.html" in after


def dead_pid() -> int:
    """A process id no process has now."""
    return next(pid for pid in range(4_000_000, 3_000_000, -1) if not process_alive(pid))


# ----------------------------------------------------------------------------
# Publishing for real
# ----------------------------------------------------------------------------


def test_publish_keeps_hidden_entries_and_host_files(project: Path) -> None:
    parent = project.parent
    site = previous_site(parent / "site")
    before = contents(site)
    killed = parent / f".site-new-{dead_pid()}-k1ll3d"  # left by a run killed with SIGKILL
    running = parent / f".site-new-{os.getpid()}-runn1n"  # a run still going on
    for folder in (killed, running):
        (folder / "contacto").mkdir(parents=True)
    result = run_publish(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == f"published {site}"
    assert "Traceback" not in result.stderr
    assert_kept_and_replaced(site, before)
    assert temporary_folders(parent) == [running.name]


def test_publish_into_the_folder_a_link_points_at(project: Path) -> None:
    parent = project.parent
    web_root = previous_site(parent / "srv" / "www")
    before = contents(web_root)
    site = parent / "site"
    site.symlink_to(Path("srv") / "www")
    result = run_publish(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"published {site} (into {web_root}, where the link points)"
    )
    assert site.is_symlink() and os.readlink(site) == "srv/www"
    assert_kept_and_replaced(web_root, before)
    assert temporary_folders(parent) == [] and temporary_folders(web_root.parent, "www") == []


@pytest.mark.parametrize(
    ("signum", "to_group"),
    [
        (signal.SIGINT, True),  # Ctrl-C in a terminal: the publish and its mkdocs alike
        (signal.SIGTERM, False),  # a supervisor stopping the publish alone
    ],
)
def test_a_signal_while_building_leaves_site_whole_and_nothing_behind(
    project: Path, signum: int, to_group: bool
) -> None:
    parent = project.parent
    site = previous_site(parent / "site")
    before = contents(site)
    cmd = [sys.executable, str(SCRIPT), "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    with subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=mkdocs_env(),
        cwd=project,
        start_new_session=True,
    ) as process:
        line = process.stdout.readline()  # printed just before the build starts
        match = re.fullmatch(r"mkdocs build --strict -f .* into (.+)\n", line)
        assert match, line + process.stderr.read()
        staging = Path(match.group(1))
        assert staging.is_dir() and staging.parent == parent
        if to_group:
            os.killpg(process.pid, signum)
        else:
            os.kill(process.pid, signum)
        out, err = process.communicate(timeout=600)
    assert process.returncode == 128 + signum, out + err
    name = signal.Signals(signum).name
    assert err.splitlines()[-1] == (
        f"interrupted by {name} — {site} is unchanged; no temporary folder left"
    )
    assert "Traceback" not in err
    assert contents(site) == before
    assert temporary_folders(parent) == []


def test_publish_refuses_while_a_help_center_address_is_empty(tmp_path: Path) -> None:
    addresses = real_config()["extra"]["external_urls"]
    empty = {"help_center_url": "", "external_urls": dict.fromkeys(addresses, "")}
    project = copy_project(tmp_path, empty)
    site = tmp_path / "site"
    result = run_publish(project, site)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    key = "help_center_new_request"
    line = next(line for line in lines if line.startswith("mkdocs.yml:") and f"ext:{key} " in line)
    assert f"extra.help_center_url (or extra.external_urls.{key}) is empty" in line
    pages = sorted(
        path.relative_to(project).as_posix()
        for path in (project / "docs").rglob("*.md")
        if f"(ext:{key})" in path.read_text(encoding="utf-8")
    )
    tree = (project / "data" / "contact-tree.yml").read_text(encoding="utf-8").splitlines()
    tree_lines = [str(n) for n, text in enumerate(tree, 1) if f"ext:{key}" in text]
    assert pages and tree_lines  # the real site links to the request form
    for page in pages:
        assert f" {page}:" in line, page
    assert f" data/contact-tree.yml:{','.join(tree_lines)} (shown on docs/contacto/" in line
    assert lines[-1].startswith(f"publish refused: {len(lines) - 1} address(es)")
    assert "--allow-missing-addresses" in lines[-1] and "Traceback" not in result.stderr
    assert not site.exists() and temporary_folders(tmp_path) == []

    on_purpose = run_publish(project, site, "--allow-missing-addresses")
    assert on_purpose.returncode == 0, on_purpose.stdout + on_purpose.stderr
    article = site / "contacto" / "como-contactar-a-la-mesa-de-ayuda" / "index.html"
    assert TEST_ADDRESS not in article.read_text(encoding="utf-8")

    write_config(project, {"help_center_url": TEST_ADDRESS})
    filled = run_publish(project, site)
    assert filled.returncode == 0, filled.stdout + filled.stderr
    assert filled.stdout.splitlines()[-1] == f"published {site}"
    assert f'href="{TEST_ADDRESS}/hc/' in article.read_text(encoding="utf-8")
    assert temporary_folders(tmp_path) == []


def test_only_empty_addresses_that_something_links_to_stop_a_publish(project: Path) -> None:
    # another address of extra.external_urls, linked from one article; and one nobody uses
    addresses = real_config()["extra"]["external_urls"]
    more = addresses | {"status_page": "", "unused": ""}
    write_config(project, {"help_center_url": TEST_ADDRESS, "external_urls": more})
    article = project / "docs" / "contacto" / "como-iniciar-sesion-en-el-help-center.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\nConsulta el [estado del servicio](ext:status_page).\n", "utf-8")
    line = len(text.splitlines()) + 2
    config_lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    key_line = next(n for n, text in enumerate(config_lines, 1) if "status_page:" in text)
    problems = missing_addresses(load_mkdocs_config(project / "mkdocs.yml"))
    assert [str(problem) for problem in problems] == [
        f"mkdocs.yml:{key_line}: ext:status_page has no address: extra.external_urls.status_page "
        "is empty, and 1 file(s) link to it, shown to customers as text without a link (a dead "
        f"end): docs/contacto/como-iniciar-sesion-en-el-help-center.md:{line} — set "
        "extra.external_urls.status_page to the address Multivende confirms, or publish anyway "
        "with --allow-missing-addresses (make publish-dir ALLOW_MISSING=1)"
    ]


@pytest.mark.parametrize(("value", "flag"), [("1", True), ("", False), ("0", False)])
def test_make_publish_dir_passes_allow_missing(value: str, flag: bool) -> None:
    result = subprocess.run(
        ["make", "-n", "publish-dir", f"ALLOW_MISSING={value}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    command = next(line for line in result.stdout.splitlines() if "publish_site.py" in line)
    assert ("--allow-missing-addresses" in command) is flag


# ----------------------------------------------------------------------------
# Refusing before building: one line, nothing created
# ----------------------------------------------------------------------------

Setup = Callable[[Path], str]  # makes `site` something publish refuses; returns the line


def _a_file(site: Path) -> str:
    site.write_text("not a folder", encoding="utf-8")
    return f"{site}: is a file, not a folder — move it away, or publish elsewhere with --site-dir"


def _a_dangling_link(site: Path) -> str:
    site.symlink_to(site.parent / "web-root")
    return f"{site}: is a symbolic link to {site.parent / 'web-root'}, which does not exist"


def _a_loop(site: Path) -> str:
    site.symlink_to(site.name)
    return f"{site}: is a symbolic link to site, which leads nowhere"


def _a_link_to_a_file(site: Path) -> str:
    (site.parent / "index.html").write_text("x", encoding="utf-8")
    site.symlink_to("index.html")
    return f"{site}: is a symbolic link to {site.parent / 'index.html'}, which is not a folder"


@pytest.mark.parametrize("setup", [_a_file, _a_dangling_link, _a_loop, _a_link_to_a_file])
def test_publish_refuses_a_site_it_cannot_replace(project: Path, setup: Setup) -> None:
    out = project.parent / "out"
    out.mkdir()
    expected = setup(out / "site")
    before = contents(out)
    result = run_publish(project, out / "site")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(expected), result.stderr
    assert result.stderr.rstrip().endswith("nothing was built")
    assert contents(out) == before


@pytest.fixture
def readable_project() -> Iterator[Path]:
    """A project copy in a folder any user can read (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="publish-test-"))
    folder.chmod(0o755)
    project = copy_project(folder)
    yield project
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.parametrize(
    # folder made read-only, whether site/ exists, the start of the line
    ("read_only", "site_exists", "expected"),
    [
        ("out", True, "{out}: is read-only, and the new site is built beside site"),
        ("out", False, "{out}: is read-only, and the new site is built beside site"),
        ("out/site", True, "{out}/site: is read-only, so the previous site cannot be replaced"),
        ("out/site/contacto", True, "{out}/site/contacto: is read-only, so the previous site"),
    ],
)
def test_publish_refuses_read_only_folders(
    readable_project: Path, read_only: str, site_exists: bool, expected: str
) -> None:
    # run as an unprivileged user when we are root: the mode is then what stops writes
    out = readable_project.parent / "out"
    site = out / "site"
    if site_exists:
        (site / "contacto").mkdir(parents=True)
        (site / "index.html").write_text("previous", encoding="utf-8")
    else:
        out.mkdir()
    if os.geteuid() == 0:
        for path in [out, *out.rglob("*")]:
            os.chown(path, NOBODY, NOBODY)
    (readable_project.parent / read_only).chmod(0o555)
    before = contents(out)
    result = run_publish(readable_project, site, user=NOBODY)
    assert result.returncode == 1 and result.stdout == "", result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(expected.format(out=out)), result.stderr
    assert contents(out) == before


@pytest.mark.parametrize(
    # mkdocs.yml, the start of the one line
    ("text", "expected"),
    [
        ("site_name: x\ntheme: [\n", "MkDocs encountered an error parsing the configuration"),
        ("site_name: x\nnav: 3\n", "Aborted with a configuration error! — fix mkdocs.yml"),
    ],
)
def test_publish_reports_a_bad_mkdocs_yml_as_mkdocs_does(
    tmp_path: Path, text: str, expected: str
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    result = run_publish(project, tmp_path / "site")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith(f"{project / 'mkdocs.yml'}: {expected}")
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_gitignore_matches_every_temporary_name() -> None:
    site = ROOT / "site"
    names = [temporary_prefix(site) + "x1y2", temporary_prefix(site, "old") + "x1y2"]
    assert all(leftover_pattern(site).fullmatch(name) for name in names)
    names.append(f".{names[0]}-old-1-z")  # a build into a temporary folder, beside it
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", "--verbose", *(f"{n}/" for n in names)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert len(result.stdout.splitlines()) == len(names), result.stdout + result.stderr


# ----------------------------------------------------------------------------
# The parts, with a builder that writes files
# ----------------------------------------------------------------------------


def write_files(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


GOOD_SITE = {
    "index.html": '<html lang="es"><a href="guia/">guía</a></html>',
    "guia/index.html": '<html lang="es"><a href="../">inicio</a></html>',
}


def fake_build(files: dict[str, str], returncode: int = 0):
    """A builder that writes `files` into the target folder and returns `returncode`."""

    def build(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
        write_files(site_dir, files)
        return subprocess.CompletedProcess([], returncode, "built\n", "boom" if returncode else "")

    return build


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A previous site/, as a failed publish must leave it."""
    return write_files(tmp_path / "site", GOOD_SITE | {"marker.txt": "previous"})


@pytest.mark.parametrize(
    # what the build writes, its exit code
    ("files", "returncode"),
    [
        ({"index.html": "half"}, 1),  # mkdocs build --strict failed half-way
        ({"index.html": '<a href="falta/">x</a>'}, 0),  # built, but the audit fails
    ],
)
def test_a_failed_publish_leaves_site_untouched(
    published: Path, tmp_path: Path, files: dict[str, str], returncode: int
) -> None:
    before = contents(published)
    with (tmp_path / "log.txt").open("w") as log:
        build = fake_build(files, returncode)
        assert publish(tmp_path / "mkdocs.yml", published, build=build, out=log) == 1
    assert contents(published) == before
    assert temporary_folders(tmp_path) == []
    assert "is unchanged" in (tmp_path / "log.txt").read_text()


def test_a_good_publish_swaps_the_new_site_in(published: Path, tmp_path: Path) -> None:
    published.chmod(0o750)
    with (tmp_path / "log.txt").open("w") as log:
        assert (
            publish(tmp_path / "mkdocs.yml", published, build=fake_build(GOOD_SITE), out=log) == 0
        )
    assert contents(published) == {"guia": "/"} | GOOD_SITE
    assert published.stat().st_mode & 0o777 == 0o750  # the previous folder's mode
    assert temporary_folders(tmp_path) == []


def test_swap_in_creates_site_when_there_was_none(tmp_path: Path) -> None:
    new = write_files(tmp_path / "new", {"index.html": "x"})
    assert swap_in(new, tmp_path / "site") is None
    assert (tmp_path / "site" / "index.html").is_file() and not new.exists()


def test_swap_in_keeps_what_the_build_did_not_write(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {"CNAME": "old", ".nojekyll": "", "_redirects": "/a /b"})
    new = write_files(tmp_path / "new", {"CNAME": "built", "index.html": "x"})
    previous = swap_in(new, site)
    assert contents(site) == {".nojekyll": "", "CNAME": "built", "_redirects": "/a /b"} | {
        "index.html": "x"
    }
    assert previous == new and contents(previous) == {"CNAME": "old"}


def test_an_unexpected_error_is_one_line_and_leaves_nothing(
    published: Path, tmp_path: Path, capsys
) -> None:
    before = contents(published)
    # a search index that is not JSON: the audit does not expect one
    build = fake_build(GOOD_SITE | {"search/search_index.json": "{"})

    def command() -> int:
        return publish(tmp_path / "mkdocs.yml", published, build=build, out=sys.stdout)

    assert run_command(command, tmp_path / "mkdocs.yml") == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert re.match(
        rf"{re.escape(str(tmp_path))}/\.site-new-\d+-\w+/search/search_index\.json: unexpected "
        r"error while processing this file \(JSONDecodeError: .*\) — this is a bug in the "
        r"site's tools: please report it with this line and the output of the same command "
        r"run with -v$",
        last,
    ), last
    assert contents(published) == before
    assert temporary_folders(tmp_path) == []
