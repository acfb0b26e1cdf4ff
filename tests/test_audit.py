"""The release audit (scripts/audit_site.py).

The audit passes on the real site, and it catches each kind of problem on small HTML folders
written in tmp_path: one problem per case, at the right file and line. Its command reports
bad input in one line, never a traceback. Publishing is tested in tests/test_publish.py.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from audit_site import audit_site, load_mkdocs_config, main, scan_html, srcset_urls
from conftest import ROOT, SiteBuilder, mkdocs_env

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
    report = audit_site(real_site, load_mkdocs_config(ROOT / "mkdocs.yml").site_url)
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
        (
            "guia/index.html",
            '\n<a href="java&#x09;script:alert(1)">x</a>',  # a browser drops the tab
            "guia/index.html:7: a href is a javascript: URL",
        ),
        (
            "guia/index.html",
            '\n<iframe title="x" src=" JAVASCRIPT:alert(1)"></iframe>',
            "guia/index.html:7: iframe src is a javascript: URL",
        ),
        (
            "guia/index.html",
            '\n<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
            "guia/index.html:7: a href is a data: URL",
        ),
        (
            "guia/index.html",
            '\n<img alt="" src="data:image/svg+xml,<svg onload=alert(1)>">',
            "guia/index.html:7: img src is a data: URL",
        ),
        (
            "guia/index.html",
            '\n<object data="DATA:text/html,x"></object>',
            "guia/index.html:7: object data is a data: URL",
        ),
        ("404.html", '<a href="/falta/">x</a>', "404.html:6: a href /falta/ does not resolve"),
        (
            "sitemap.xml",
            "<urlset>\n<url><loc>/falta/</loc></url>\n</urlset>\n",
            "sitemap.xml:2: sitemap <loc> /falta/ does not resolve",
        ),
        (
            "sitemap.xml",
            "<urlset>\n<url><loc>/</loc>\n"
            '<xhtml:link rel="alternate" hreflang="en" href="/en/falta/"/></url>\n</urlset>\n',
            "sitemap.xml:3: sitemap alternate /en/falta/ does not resolve",
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


# A page as Material writes it: its own scripts outside the content, the content in an article
THEMED_PAGE = """<!doctype html>
<html lang="es">
<head><title>t</title><script>__md_scope=new URL(".",location)</script></head>
<body>
<article class="md-content__inner md-typeset">
<h1 id="top-heading">Title</h1>
{content}
</article>
<script id="__config" type="application/json">{{"base": "."}}</script>
<script>var target=document.getElementById(location.hash.slice(1))</script>
</body>
</html>
"""


@pytest.mark.parametrize(
    # what a writer's page puts in its content, the lines of the inline scripts found
    ("content", "lines"),
    [
        ("<p>Texto.</p>", []),  # the theme's own inline scripts are allowed
        ('<script src="../assets/app.js"></script>', []),
        ("<script>alert(1)</script>", [7]),
        ('<p>x</p>\n<script type="module">alert(1)</script>', [8]),
        ("<SCRIPT>alert(1)</SCRIPT>", [7]),
        ("<svg><script>alert(1)</script></svg>", [7]),
        ("</article>\n<script>alert(1)</script>", [8]),  # closing the article ends nothing
        # a config of its own before the theme's would be the one Material reads
        ('<script id="__config" type="application/json">{}</script>', [7]),
    ],
)
def test_inline_scripts_in_the_content_are_problems(
    tmp_path: Path, content: str, lines: list[int]
) -> None:
    base = base_files()
    page = THEMED_PAGE.format(content=f"{content}\n{base['guia/index.html']}")
    problems = audit_site(write_site(tmp_path / "site", base | {"guia/index.html": page}))
    assert [str(p) for p in problems.problems] == [
        f"guia/index.html:{line}: inline <script> (without src) in the page's content — move the "
        "code to a JavaScript file under docs/assets/ loaded by a template; if the text came "
        "from a writer's file, remove the <script> or write it as code"
        for line in lines
    ]


def test_data_urls_in_style_sheets_stay_allowed(tmp_path: Path) -> None:
    # base_files' site.css holds a data: SVG in url(), as Material's icons do
    page = base_files()["guia/index.html"] + '<p style="background: url(data:image/png;a)">x</p>'
    assert problems_of(tmp_path, {"guia/index.html": page}) == []


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


def test_links_and_anchors_across_pages_are_counted_and_checked(tmp_path: Path) -> None:
    # 40 pages of a navigation of 40 links each, a few of them broken
    nav = "".join(f'<li class="md-nav__item"><a href="../p{i}/#h">{i}</a></li>' for i in range(40))
    files = {f"p{i}/index.html": f'<h2 id="h">x</h2><nav><ul>{nav}</ul></nav>' for i in range(40)}
    files["p7/index.html"] += '\n<a href="../p8/#nope">x</a>\n<a href="../p40/">y</a>'
    files["p39/index.html"] += '\n<script src="https://cdn.example.com/x.js"></script>'
    report = audit_site(write_site(tmp_path / "site", files))
    assert [(p.path, p.line) for p in report.problems] == [
        ("p39/index.html", 7),
        ("p7/index.html", 7),
        ("p7/index.html", 8),
    ]
    assert report.counts["links"] == 40 * 40 + 1
    assert report.counts["anchors"] == 40 * 40 + 1


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


def test_scanner_reads_css_only_inside_a_style_element() -> None:
    scanned = scan_html(
        '<html lang="es"><style/>\n<p>url(https://img.example.com/a.png)</p>\n'
        "<style>\na { background: url(b.png) }</style>"
    )
    assert [(ref.url, ref.line) for ref in scanned.refs] == [("b.png", 4)]


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
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("[roto](falta.md)\n", encoding="utf-8")
    config.write_text("site_name: x\n", encoding="utf-8")
    assert main(["-f", str(config)]) == 1
    err = capsys.readouterr().err
    assert "'falta.md'" in err
    assert err.splitlines()[-1] == (
        f"{config}: mkdocs build --strict failed — fix the warnings above"
    )
    assert "Traceback" not in err


@pytest.mark.parametrize(
    # mkdocs.yml, what MkDocs logs (or ""), the one line that ends the output
    ("text", "logged", "last"),
    [
        (
            "site_name: x\ntheme: [\n",
            "",
            "MkDocs encountered an error parsing the configuration file: while parsing a flow "
            "node expected the node content, but found '<stream end>' in \"{config}\", line 3, "
            "column 1 — fix mkdocs.yml",
        ),
        (
            "site_name: x\nnav: 3\n",
            "ERROR   -  Config value 'nav': Expected nav to be a list, got a int: 3",
            "Aborted with a configuration error! — fix mkdocs.yml",
        ),
        (
            "site_name: x\ndocs_dir: no-such-folder\n",
            "ERROR   -  Config value 'docs_dir': The path '{folder}/no-such-folder' isn't an "
            "existing directory.",
            "Aborted with a configuration error! — fix mkdocs.yml",
        ),
    ],
)
def test_cli_reports_a_bad_mkdocs_yml_as_mkdocs_does(
    tmp_path: Path, capsys, text: str, logged: str, last: str
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    assert main(["-f", str(config)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[-1] == f"{config}: " + last.format(config=config)
    assert lines[:-1] == ([logged.format(folder=tmp_path)] if logged else [])
    assert captured.out == "" and "Traceback" not in captured.err


@pytest.mark.parametrize("verbose", [False, True])
def test_an_unexpected_error_is_one_line_naming_the_file(
    tmp_path: Path, capsys, verbose: bool
) -> None:
    # a search index that is not JSON: the build never writes one, so nothing checks for it
    site = write_site(tmp_path / "site", base_files() | {"search/search_index.json": "{"})
    assert main([str(site), "--site-url", "https://x.example.org/"] + ["-v"] * verbose) == 2
    err = capsys.readouterr().err
    last = err.splitlines()[-1]
    assert last.startswith(
        f"{site / 'search' / 'search_index.json'}: unexpected error while processing this file "
        "(JSONDecodeError: Expecting property name enclosed in double quotes"
    )
    assert "please report it with this line" in last
    assert ("Traceback (most recent call last)" in err) is verbose
    assert ("run with -v" in last) is not verbose


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_building_leaves_no_temporary_folder(tmp_path: Path, signum: int) -> None:
    env = mkdocs_env() | {"TMPDIR": str(tmp_path)}  # where the audit builds
    cmd = [sys.executable, str(ROOT / "scripts" / "audit_site.py")]
    with subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT
    ) as process:
        line = process.stdout.readline()  # printed just before the build starts
        assert line.startswith("mkdocs build --strict"), line + process.stderr.read()
        assert list(tmp_path.iterdir())  # the build's folder is there
        process.send_signal(signum)
        _out, err = process.communicate(timeout=600)
    assert process.returncode == 128 + signum
    assert (
        err.splitlines()[-1]
        == f"interrupted by {signal.Signals(signum).name} — nothing was changed"
    )
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
