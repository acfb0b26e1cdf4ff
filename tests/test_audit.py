"""The release audit (scripts/audit_site.py) and safe publishing (scripts/publish_site.py).

The audit passes on the real site, and it catches each kind of problem on small HTML folders
written in tmp_path: one problem per case, at the right file and line.
"""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest
from audit_site import audit_site, configured_site_url, main, scan_html, srcset_urls
from conftest import ROOT, BuiltSite, SiteBuilder
from publish_site import publish, swap_in

# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="{lang}">
<head><title>t</title>{head}</head>
<body>
<h1 id="top-heading">Title</h1>
{body}
</body>
</html>
"""


def write_site(root: Path, files: dict[str, str]) -> Path:
    """Write a small built site: `{path: text}`, HTML bodies wrapped in PAGE when not full."""
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".html") and "<html" not in text:
            text = PAGE.format(lang="en" if name.startswith("en/") else "es", head="", body=text)
        target.write_text(text, encoding="utf-8")
    return root


def base_files() -> dict[str, str]:
    """A correct little site in both languages: pages, a style sheet, an image, a sitemap."""
    return {
        "index.html": '<a href="guia/#paso-1">guía</a> <a href="en/">English</a>'
        ' <img src="assets/logo.png" srcset="assets/logo.png 1x, assets/logo@2x.png 2x" alt="">'
        ' <a href="mailto:help@example.com">mail</a> <a href="https://example.com/">out</a>'
        ' <a href="#top-heading">self</a> <a href="#">top</a>'
        ' <link rel="stylesheet" href="assets/site.css">',
        "guia/index.html": '<h2 id="paso-1">1</h2><a href="../">home</a>'
        ' <a href="../guia/index.html#paso-1">me</a>',
        "en/index.html": '<a href="../">Español</a> <a href="guia/">guide</a>',
        "en/guia/index.html": '<a href="../../guia/#paso-1">es</a>'
        ' <a href="/assets/site.css">css</a>',
        "404.html": '<a href="/">home</a> <script src="/assets/app.js"></script>',
        "assets/site.css": "body { background: url(logo.png) }\n"
        '.x { background: url("data:image/svg+xml;charset=utf-8,'
        "<svg xmlns='http://www.w3.org/2000/svg'/>\") }\n",
        "assets/app.js": "",
        "assets/logo.png": "png",
        "assets/logo@2x.png": "png",
        "sitemap.xml": "<urlset>\n<url><loc>/</loc>\n"
        '<xhtml:link rel="alternate" hreflang="en" href="/en/"/></url>\n'
        "<url><loc>/guia/</loc></url>\n</urlset>\n",
        "search/search_index.json": '{"docs": [{"location": "guia/#paso-1"}, {"location": ""}]}',
    }


def problems_of(tmp_path: Path, changes: dict[str, str], site_url: str | None = None) -> list[str]:
    """The audit's problems, as printed, on the base site with `changes` applied."""
    report = audit_site(write_site(tmp_path / "site", base_files() | changes), site_url)
    return [str(problem) for problem in report.problems]


# ----------------------------------------------------------------------------
# The real site
# ----------------------------------------------------------------------------


def test_audit_passes_on_the_real_site(real_site: Path) -> None:
    report = audit_site(real_site, configured_site_url(ROOT / "mkdocs.yml"))
    assert report.ok, "\n".join(str(problem) for problem in report.problems)
    assert {"es", "en"} <= set(report.languages)
    assert report.languages["es"] >= 10 and report.languages["en"] >= 10
    assert report.counts["links"] > 500
    assert report.counts["anchors"] > 50
    assert report.counts["sitemap"] >= report.counts["pages"] - 4  # the 404s are not listed
    assert report.counts["search"] > 20
    # the language switcher, the 404 page and the search index were followed
    article = "contacto/como-contactar-al-equipo-comercial/index.html"
    assert {article, "en/" + article, "404.html"} <= report.targets
    assert any(path.startswith("assets/stylesheets/") for path in report.targets)


def test_make_audit_command_passes_on_the_real_site(real_site: Path, capsys) -> None:
    assert main([str(real_site)]) == 0
    assert capsys.readouterr().out.startswith("audit passed")


def test_audit_passes_on_a_fixture_site_with_site_url(build_site: SiteBuilder) -> None:
    site_url = "https://ayuda.example.org/centro/"
    built = build_site(fixture_pages(), config={"site_url": site_url})
    assert built.ok, built.log
    report = audit_site(built.site_dir, site_url)
    assert report.ok, "\n".join(str(problem) for problem in report.problems)
    assert report.counts["sitemap"] > 0
    # with site_url the 404 page writes /centro/... paths: resolved under the site's own path
    assert '"/centro/assets/' in built.html("404.html")
    assert f"<loc>{site_url}guia/prueba/</loc>" in built.html("sitemap.xml")


def fixture_pages() -> dict[str, str | bytes]:
    """A home page and one article in both languages, with the project's docs/assets."""

    def page(title: str, body: str) -> str:
        return (
            f"---\ntitle: {title}\ndescription: {title}, una página de prueba.\n"
            f"last_reviewed: 2026-11-01\n---\n\n# {title}\n\n{body}\n"
        )

    assets = ROOT / "docs" / "assets"
    files: dict[str, str | bytes] = {
        path.relative_to(ROOT / "docs").as_posix(): path.read_bytes()
        for path in assets.rglob("*")
        if path.is_file()
    }
    return files | {
        "index.md": page("Inicio", "Lee la [guía de prueba](guia/prueba.md#paso-1)."),
        "index.en.md": page("Home", "Read the [test guide](guia/prueba.md#paso-1)."),
        "guia/prueba.md": page("Guía de prueba", "## Paso 1 {#paso-1}\n\nTexto."),
        "guia/prueba.en.md": page("Test guide", "## Step 1 {#paso-1}\n\nText."),
    }


# ----------------------------------------------------------------------------
# Small folders: one problem each
# ----------------------------------------------------------------------------


def test_the_base_fixture_site_has_no_problem(tmp_path: Path) -> None:
    report = audit_site(write_site(tmp_path / "site", base_files()))
    assert report.ok, report.problems
    assert report.counts["pages"] == 5
    assert report.counts["anchors"] >= 5
    assert report.counts["external"] == 1
    assert report.languages == {"es": 3, "en": 2}


@pytest.mark.parametrize(
    # file changed, its new text, the one expected problem (the start of its printed line)
    ("name", "text", "expected"),
    [
        (
            "guia/index.html",
            '\n<a href="../falta/">x</a>',
            "guia/index.html:7: a href ../falta/ does not resolve",
        ),
        (
            "guia/index.html",
            '\n<a href="../#nope">x</a>',
            "guia/index.html:7: a href ../#nope: 'index.html' has no element with id=\"nope\"",
        ),
        (
            "guia/index.html",
            '\n<a href="#nope">x</a>',
            "guia/index.html:7: a href #nope: 'guia/index.html' has no element",
        ),
        (
            "guia/index.html",
            '\n<img alt="" src="../assets/logo.png" srcset="../assets/logo.png, b.png 2x">',
            "guia/index.html:7: img srcset b.png does not resolve",
        ),
        (
            "guia/index.html",
            '\n<script src="https://cdn.example.com/x.js"></script>',
            "guia/index.html:7: script src loads https://cdn.example.com/x.js from another host",
        ),
        (
            "guia/index.html",
            '\n<link rel="preconnect" href="https://fonts.gstatic.com">',
            "guia/index.html:7: link rel=preconnect loads https://fonts.gstatic.com from another",
        ),
        (
            "guia/index.html",
            '\n<iframe title="v" src="//video.example.com/embed/1"></iframe>',
            "guia/index.html:7: iframe src loads //video.example.com/embed/1 from another host",
        ),
        (
            "guia/index.html",
            '\n<style>\n@import "https://fonts.googleapis.com/css?family=Roboto";\n</style>',
            "guia/index.html:8: CSS @import loads https://fonts.googleapis.com/css?family=Roboto",
        ),
        (
            "guia/index.html",
            "\n<p style=\"background: url('https://img.example.com/a.png')\">x</p>",
            "guia/index.html:7: style url() loads https://img.example.com/a.png from another host",
        ),
        (
            "assets/site.css",
            "body { color: red }\n@font-face { src: url(https://fonts.gstatic.com/r.woff2) }\n",
            "assets/site.css:2: CSS url() loads https://fonts.gstatic.com/r.woff2 from another",
        ),
        (
            "assets/site.css",
            "body { background: url(missing.png) }\n",
            "assets/site.css:1: CSS url() missing.png does not resolve",
        ),
        (
            "guia/index.html",
            '\n<a href="https://example.com/" target="_blank">x</a>',
            'guia/index.html:7: link to https://example.com/ opens a new tab (target="_blank")'
            ' without rel="noopener"',
        ),
        (
            "guia/index.html",
            '\n<img src="../assets/logo.png" onerror="alert(1)" alt="">',
            "guia/index.html:7: inline event handler <img onerror=…>",
        ),
        (
            "guia/index.html",
            '\n<a href="javascript:alert(1)">x</a>',
            "guia/index.html:7: a href is a javascript: URL",
        ),
        ("404.html", '<a href="/falta/">x</a>', "404.html:6: a href /falta/ does not resolve"),
        (
            "sitemap.xml",
            "<urlset>\n<url><loc>/falta/</loc></url>\n</urlset>\n",
            "sitemap.xml:2: sitemap <loc> /falta/ does not resolve",
        ),
        (
            "sitemap.xml",
            "<urlset>\n<url><loc>None./</loc></url>\n</urlset>\n",
            "sitemap.xml:2: sitemap <loc> 'None./' is not a URL of the site",
        ),
        (
            "guia/index.html",
            '\n<script id="__config" type="application/json">{"search": "../falta/worker.js"}'
            "</script>",
            "guia/index.html:7: Material config search worker ../falta/worker.js does not resolve",
        ),
        (
            "search/search_index.es.json",
            '{"docs": [{"location": "en/guia/#paso-1"}]}',
            "search/search_index.es.json: search index location en/guia/#paso-1: 'en/guia/index",
        ),
        (
            "search/search_index.json",
            '{"docs": [{"location": "guia/#falta"}]}',
            "search/search_index.json: search index location guia/#falta: 'guia/index.html' has no",
        ),
    ],
)
def test_audit_catches_one_problem(tmp_path: Path, name: str, text: str, expected: str) -> None:
    base = base_files()
    changed = base[name] + text if name.endswith(".html") else text
    problems = problems_of(tmp_path, {name: changed})
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems[0]
    assert " — " in problems[0]  # every problem says how to fix it


def test_site_root_paths_resolve_under_the_path_of_site_url(tmp_path: Path) -> None:
    site_url = "https://ayuda.example.org/centro/"
    changes = {
        "404.html": '<a href="/centro/">home</a> <script src="/centro/assets/app.js"></script>'
        ' <a href="https://ayuda.example.org/centro/guia/#paso-1">absolute</a>',
        "en/guia/index.html": '<a href="/assets/site.css">outside</a>',
        "sitemap.xml": f"<urlset>\n<url><loc>{site_url}guia/</loc></url>\n"
        f"<url><loc>{site_url}falta/</loc></url>\n<url><loc>/guia/</loc></url>\n</urlset>",
    }
    problems = problems_of(tmp_path, changes, site_url)
    assert len(problems) == 3, problems
    assert problems[0].startswith("en/guia/index.html:6: a href /assets/site.css does not resolve")
    assert problems[1].startswith(f"sitemap.xml:3: sitemap <loc> {site_url}falta/ does not resolve")
    assert problems[2].startswith("sitemap.xml:4: sitemap <loc> '/guia/' is not a URL of the site")


def test_parallel_scan_finds_what_one_process_finds(tmp_path: Path) -> None:
    # 400 pages of a navigation of 400 links each, a few of them broken
    nav = "".join(f'<li class="md-nav__item"><a href="../p{i}/#h">{i}</a></li>' for i in range(400))
    files = {f"p{i}/index.html": f'<h2 id="h">x</h2><nav><ul>{nav}</ul></nav>' for i in range(400)}
    files["p7/index.html"] += '\n<a href="../p8/#nope">x</a>\n<a href="../p400/">y</a>'
    files["p399/index.html"] += '\n<script src="https://cdn.example.com/x.js"></script>'
    site = write_site(tmp_path / "site", files)
    one, several = audit_site(site, workers=1), audit_site(site, workers=2)
    assert [str(p) for p in several.problems] == [str(p) for p in one.problems]
    assert several.counts == one.counts and several.targets == one.targets
    assert [p.path for p in one.problems] == ["p399/index.html", "p7/index.html", "p7/index.html"]
    assert one.counts["links"] == 400 * 400 + 1
    assert one.counts["anchors"] == 400 * 400 + 1


@pytest.mark.parametrize(
    # a srcset value, its URLs
    ("value", "urls"),
    [
        ("a.png", ["a.png"]),
        ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
        ("a.png 480w,b.png 800w", ["a.png", "b.png"]),
        (" a,b.png 1x , c.png 2x ", ["a,b.png", "c.png"]),
    ],
)
def test_srcset_urls(value: str, urls: list[str]) -> None:
    assert srcset_urls(value) == urls


def test_scanner_reads_attributes_in_order_not_text_inside_values() -> None:
    scanned = scan_html(
        '<a aria-label="x &#34;&gt;&lt;img src=x onerror=alert(1)&gt;" href="../y/">y</a>'
        "<p title='a > b id=nope' id=\"real\">"
    )
    assert scanned.event_handlers == []
    assert [ref.url for ref in scanned.refs] == ["../y/"]
    assert scanned.ids == {"real"}


def test_scanner_ignores_comments_and_script_text_and_unescapes_attributes() -> None:
    scanned = scan_html(
        '<html lang="es"><!-- <a href="commented/"> -->\n'
        "<script>var s = '<a href=\"in-script/\">';</script>\n"
        '<a href="a/?x=1&amp;y=2" id="k">x</a>'
    )
    assert [ref.url for ref in scanned.refs] == ["a/?x=1&y=2"]
    assert scanned.refs[0].line == 3
    assert scanned.ids == {"k"}
    assert scanned.lang == "es"


# ----------------------------------------------------------------------------
# The command line
# ----------------------------------------------------------------------------


def test_cli_prints_file_problem_lines_and_exits_1(tmp_path: Path, capsys) -> None:
    site = write_site(tmp_path / "site", base_files() | {"en/index.html": '<a href="falta/">x</a>'})
    assert main([str(site)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("en/index.html:6: a href falta/ does not resolve")
    assert out[-1].startswith("audit FAILED")
    assert "pages: 5 (en 2, es 3)" in out[-1]


def test_cli_passes_and_summarises(tmp_path: Path, capsys) -> None:
    assert main([str(write_site(tmp_path / "site", base_files()))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("audit passed")
    assert "internal links:" in out and "anchors:" in out


def test_cli_reports_a_failed_build_without_traceback(tmp_path: Path, capsys) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\ndocs_dir: no-such-folder\n", encoding="utf-8")
    assert main(["-f", str(config)]) == 1
    err = capsys.readouterr().err
    assert f"{config}: mkdocs build --strict failed" in err
    assert "Traceback" not in err


# ----------------------------------------------------------------------------
# Publishing: build and audit beside site/, then swap
# ----------------------------------------------------------------------------


def fake_build(files: dict[str, str], returncode: int = 0):
    """A builder that writes `files` into the target folder and returns `returncode`."""

    def build(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
        write_site(site_dir, files)
        return subprocess.CompletedProcess(
            [], returncode, "built\n", "" if not returncode else "boom"
        )

    return build


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A previous site/ with a marker file, as a failed publish must leave it."""
    site = write_site(tmp_path / "site", base_files() | {"marker.txt": "previous"})
    return site


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
    before = sorted(p.relative_to(published) for p in published.rglob("*"))
    out = tmp_path / "log.txt"
    with out.open("w") as log:
        assert (
            publish(
                tmp_path / "mkdocs.yml", published, build=fake_build(files, returncode), out=log
            )
            == 1
        )
    assert sorted(p.relative_to(published) for p in published.rglob("*")) == before
    assert (published / "marker.txt").read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
    assert "is unchanged" in out.read_text()


def test_a_good_publish_swaps_the_new_site_in(published: Path, tmp_path: Path) -> None:
    with (tmp_path / "log.txt").open("w") as log:
        assert (
            publish(tmp_path / "mkdocs.yml", published, build=fake_build(base_files()), out=log)
            == 0
        )
    assert not (published / "marker.txt").exists()
    assert (published / "guia" / "index.html").is_file()
    assert stat.S_IMODE(published.stat().st_mode) == 0o755
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_swap_in_creates_site_when_there_was_none(tmp_path: Path) -> None:
    new = write_site(tmp_path / "new", {"index.html": "x"})
    swap_in(new, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").is_file() and not new.exists()


def test_publish_with_the_real_mkdocs(build_site: SiteBuilder, tmp_path: Path) -> None:
    first: BuiltSite = build_site(fixture_pages())
    assert first.ok, first.log
    site, config = first.site_dir, first.project_dir / "mkdocs.yml"
    (site / "marker.txt").write_text("previous", encoding="utf-8")
    broken = first.project_dir / "docs" / "guia" / "prueba.md"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text + "\n[roto](no-existe.md)\n", encoding="utf-8")
    with (tmp_path / "log.txt").open("w") as log:
        assert publish(config, site, out=log) == 1
    assert (site / "marker.txt").is_file()
    broken.write_text(text, encoding="utf-8")
    with (tmp_path / "log.txt").open("w") as log:
        assert publish(config, site, out=log) == 0
    assert not (site / "marker.txt").exists()
    assert (site / "en" / "guia" / "prueba" / "index.html").is_file()
