"""Search sections without Material's parser (hooks/search_sections.py): the same entries.

`search_sections.fast_entries` must return exactly what Material's search plugin appends for
a page (`material_entries` runs Material's own `SearchIndex` and `Parser`), or None when the
page needs Material's parser. Checked three ways:

- on real pages: a probe hook added to real builds (the real site, a 100-article corpus, a
  fixture site of edge cases) runs both on every page object, in every language, just
  before the page's sections are made; it also records the `page_context` handlers, so the
  tests see that Material's parser is out of the event list in each language build;
- on crafted HTML, table-driven, and on random documents of a small HTML grammar;
- end to end: each site built with the fast path and with the switch off
  (`HELP_CENTER_FAST_SEARCH_SECTIONS=0`, Material's parser) is the same, file by file.
"""

from __future__ import annotations

import filecmp
import json
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import bench_corpus
import pytest
import search_index
import search_sections
import yaml
from conftest import ROOT, fixture_config, mkdocs_env, real_config
from mkdocs.structure.toc import get_toc

PROBE = '''"""Test probe: Material's entries and the fast path's for each page, and the handlers."""
import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, {hooks!r})
import search_sections  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

RECORDS = Path({records!r})


@event_priority(1)  # just before the page is split into sections (priority 0)
def on_page_context(context, page, config, nav):
    args = (page.content, page.toc, page.url, page.meta, page.title)
    i18n = config.plugins.get("i18n")
    record = {{
        "language": i18n.current_language if i18n else "",
        "url": page.url,
        "material": search_sections.material_entries(*args),
        "fast": search_sections.fast_entries(*args),
        "search_attributes": len(re.findall(r'data-search-\\w+="[^"]+"', page.content)),
        "handlers": [
            getattr(m, "__qualname__", repr(m)) for m in config.plugins.events["page_context"]
        ],
    }}
    RECORDS.mkdir(parents=True, exist_ok=True)
    with open(RECORDS / f"{{os.getpid()}}.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(record, default=str) + "\\n")
'''

MATERIAL_HANDLER = "SearchPlugin.on_page_context"
FAST_HANDLER = "_material_page_context"


@dataclass
class Build:
    """One build of a project with the probe: its log, site folder and the probe's records."""

    returncode: int
    log: str
    site_dir: Path
    records: list[dict]


def _build(config_file: Path, out: Path, fast: bool) -> Build:
    """Build `config_file` plus the probe into `out`, with the fast path on or off."""
    records = out / "records"
    probe = out / "probe.py"
    out.mkdir(parents=True, exist_ok=True)
    probe.write_text(PROBE.format(hooks=str(ROOT / "hooks"), records=str(records)), "utf-8")
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["hooks"] = [*config.get("hooks", []), str(probe)]
    probed = config_file.with_name(f"mkdocs-probe-{out.name}.yml")
    probed.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    env = mkdocs_env()
    env[search_index.FAST_SECTIONS_SWITCH] = "1" if fast else "0"
    site = out / "site"
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(probed), "-d", str(site)]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, env=env, cwd=probed.parent, timeout=900
    )
    found = [
        json.loads(line)
        for path in sorted(records.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    return Build(proc.returncode, proc.stdout + proc.stderr, site, found)


def _both(config_file: Path, folder: Path) -> tuple[Build, Build]:
    fast = _build(config_file, folder / "fast", fast=True)
    assert fast.returncode == 0, fast.log
    reference = _build(config_file, folder / "material", fast=False)
    assert reference.returncode == 0, reference.log
    return fast, reference


def _page(title: str, body: str, **meta: object) -> str:
    head = yaml.safe_dump({"title": title, "description": f"{title}.", **meta}, allow_unicode=True)
    return f"---\n{head}---\n\n{body}\n"


# Markdown that makes the HTML of the cases below (Python-Markdown, the site's extensions)
EDGE_PAGES: dict[str, str] = {
    "index.md": _page("Inicio de prueba", "# Inicio de prueba\n\nBienvenida."),
    "index.en.md": _page("Test home", "# Test home\n\nWelcome."),
    "casos.md": _page(
        "Casos de búsqueda",
        "# Casos de búsqueda\n\n"
        'Texto con &amp; entidades &lt;b&gt;, un&nbsp;espacio y "comillas" &quot;dobles&quot;.\n\n'
        "Antes<!-- un comentario -->después.\n\n"
        "## Sección con id {#seccion}\n\n"
        '??? note "Detalles"\n    ### Dentro de detalles {#dentro}\n\n    Texto anidado.\n\n'
        "!!! note\n    #### En una advertencia {#advertencia}\n\n    Más texto.\n\n"
        "Después de la advertencia.\n\n"
        "<h2>Sin id</h2>\n\n"
        "<div data-search-exclude markdown>\n\nTexto secreto zanahoria.\n\n"
        "<div>interno</div>\n\n</div>\n\n"
        "<div data-search-exclude markdown>\n\n<div data-search-exclude markdown>\n\n"
        "Doble secreto.\n\n</div>\n\nFuera del interno.\n\n</div>\n\n"
        '```python\na = "<b> & c"\n\n\nb = 2\n```\n\n'
        "<table><tr><th>Columna</th></tr><tr><td>celda</td></tr></table>\n\n"
        '<p>Una <img alt="foto"> imagen<br>y salto.</p>\n\n<p></p>\n\n'
        "<script>var x = 1;</script>\n\n<style>p { color: red; }</style>\n\n"
        "## Sección excluida {#excluida data-search-exclude}\n\nNo se indexa.\n",
        search={"boost": 2},  # `tags:` is not a front-matter key of this site
    ),
    "sin-h1.md": _page("Página sin h1", "## Primera sección {#primera}\n\nTexto de la sección."),
    "oculta.md": _page("Página oculta", "# Página oculta\n\nRabanito.", search={"exclude": True}),
    "con-script.md": _page(
        "Con script",
        "# Con script\n\nTexto visible.\n\n<script>if (a < b) { c(); }</script>\n\nMás texto.",
    ),
}


@pytest.fixture(scope="module")
def edge_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    project = tmp_path_factory.mktemp("edge") / "project"
    (project / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "data", project / "data")
    for name, text in EDGE_PAGES.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    overrides = {
        "markdown_extensions": [
            "attr_list",
            "admonition",
            "md_in_html",
            {"toc": {"permalink": True}},  # headerlink anchors in every heading
            "pymdownx.details",
            "pymdownx.superfences",
        ]
    }
    config_file = project / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump(fixture_config(project, overrides), allow_unicode=True), "utf-8"
    )
    return _both(config_file, project.parent)


@pytest.fixture(scope="module")
def real_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    """The real site (the project's docs/, data/ and mkdocs.yml) built both ways."""
    project = tmp_path_factory.mktemp("real")
    shutil.copytree(ROOT / "data", project / "data")
    config = real_config()
    config["docs_dir"] = str(ROOT / "docs")
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks", [])]
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["watch"] = []
    config_file = project / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return _both(config_file, project)


@pytest.fixture(scope="module")
def corpus_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    """A 100-article corpus per language (scripts/bench_corpus.py) built both ways."""
    folder = tmp_path_factory.mktemp("corpus")
    corpus = bench_corpus.generate_corpus(folder / "project", 100)
    return _both(corpus.config_file, folder)


SITES = ["real_builds", "corpus_builds", "edge_builds"]

# ----------------------------------------------------------------------------
# Real pages: the fast path's entries are Material's
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("site", SITES)
def test_every_page_has_materials_entries(site: str, request: pytest.FixtureRequest) -> None:
    fast, reference = request.getfixturevalue(site)
    for build in (fast, reference):
        assert {record["language"] for record in build.records} == {"es", "en"}
        for record in build.records:
            if record["fast"] is not None:
                assert record["fast"] == record["material"], record["url"]
    assert len(fast.records) == len(reference.records)
    fell_back = sorted({r["url"] for r in fast.records if r["fast"] is None})
    # only the page whose script holds a `<` needs Material's parser (shown in both languages)
    assert fell_back == (["con-script/", "en/con-script/"] if site == "edge_builds" else [])
    if site == "corpus_builds":
        assert len(fast.records) >= 2 * 100


@pytest.mark.parametrize("site", SITES)
def test_materials_parser_is_out_of_the_event_list_in_each_language(
    site: str, request: pytest.FixtureRequest
) -> None:
    fast, reference = request.getfixturevalue(site)
    for language in ("es", "en"):
        handlers = {tuple(r["handlers"]) for r in fast.records if r["language"] == language}
        assert len(handlers) == 1, handlers
        (listed,) = handlers
        assert listed.count(FAST_HANDLER) == 1 and MATERIAL_HANDLER not in listed, listed
        before = {tuple(r["handlers"]) for r in reference.records if r["language"] == language}
        (original,) = before
        assert MATERIAL_HANDLER in original and FAST_HANDLER not in original
        # in Material's place: every other handler runs in the same order
        assert [h if h != FAST_HANDLER else MATERIAL_HANDLER for h in listed] == list(original)


# ----------------------------------------------------------------------------
# The site is the same, file by file
# ----------------------------------------------------------------------------


def _files(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


@pytest.mark.parametrize("site", SITES)
def test_site_is_byte_identical_to_materials(site: str, request: pytest.FixtureRequest) -> None:
    fast, reference = request.getfixturevalue(site)
    names = _files(fast.site_dir)
    assert names == _files(reference.site_dir)
    for name in ("search/search_index.es.json", "search/search_text.en.json"):
        assert name in names
    _, mismatch, errors = filecmp.cmpfiles(fast.site_dir, reference.site_dir, names, shallow=False)
    assert mismatch == [] and errors == []


def test_search_attributes_are_stripped_and_excluded_text_left_out(
    edge_builds: tuple[Build, Build],
) -> None:
    fast, _ = edge_builds
    page = (fast.site_dir / "casos/index.html").read_text(encoding="utf-8")
    assert "Texto secreto zanahoria" in page and "Sección excluida" in page
    # Material strips attributes with a value; a bare `data-search-exclude` stays, as with it
    for path in fast.site_dir.rglob("*.html"):
        assert not re.search(r'data-search-\w+="', path.read_text(encoding="utf-8")), path
    (casos,) = [r for r in fast.records if r["url"] == "casos/" and r["language"] == "es"]
    assert casos["search_attributes"] >= 3  # in the page's HTML before it was stripped
    texts = (fast.site_dir / "search/search_text.es.json").read_text(encoding="utf-8")
    assert "zanahoria" not in texts and "Doble secreto" not in texts
    assert "No se indexa" not in texts and "Rabanito" not in texts
    assert "Texto anidado" in texts and "Fuera del interno" in texts
    locations = [entry["location"] for entry in casos["fast"]]
    assert locations == ["casos/", "casos/#seccion", "casos/#dentro", "casos/#advertencia"]
    assert all(entry["boost"] == 2 and "tags" not in entry for entry in casos["fast"])
    (sin_h1,) = [r for r in fast.records if r["url"] == "sin-h1/" and r["language"] == "es"]
    assert [e["title"] for e in sin_h1["fast"]] == ["Página sin h1", "Primera sección"]


# ----------------------------------------------------------------------------
# Crafted HTML through both implementations
# ----------------------------------------------------------------------------

TOC = get_toc(
    [
        {"level": 1, "id": "t", "name": "T", "children": [
            {"level": 2, "id": "a", "name": "A", "children": [
                {"level": 3, "id": "b", "name": "B", "children": []},
            ]},
        ]},
        {"level": 2, "id": "d", "name": "D", "children": []},
    ]
)  # fmt: skip
H1 = '<h1 id="t">Título<a class="headerlink" href="#t" title="Permanent link">&para;</a></h1>'

CASES = [  # (name, HTML, front matter)
    ("entities", H1 + "<p>a &amp; b &lt;c&gt; d&nbsp;e &quot;f&quot; &#233; AT&T</p>", {}),
    ("nbsp only", H1 + "<p>&nbsp;</p><p>x</p>&nbsp;", {}),
    ("no h1", '<h2 id="a">A</h2><p>x</p><h3 id="b">B</h3><p>y</p>', {"title": "Meta"}),
    ("preface", '<p>before</p><h1 id="t">T</h1><p>x</p>', {}),
    ("h2 without id", H1 + "<h2>Sin id</h2><p>x</p><h2 id='a'>A</h2><p>y</p>", {}),
    (
        "nested in details",
        H1 + '<details class="note"><summary>S</summary><h3 id="b">B</h3><p>in</p></details>'
        "<p>after</p>",
        {},
    ),
    (
        "nested in admonition",
        H1 + '<div class="admonition note"><p class="admonition-title">Nota</p>'
        '<h2 id="a">A</h2><p>in</p></div><p>out</p><h2 id="d">D</h2><p>z</p>',
        {},
    ),
    (
        "pre and code",
        H1 + '<div class="highlight"><pre><span></span><code>a = "&lt;b&gt;"\n\n'
        "  b = 2\n</code></pre></div><p>x <code>y\nz</code></p>",
        {},
    ),
    ("comments", H1 + "<p>a<!-- c -->b</p><!-- x -->\n<p>c</p>", {}),
    (
        "excluded blocks",
        H1 + "<div data-search-exclude><p>secret</p><div>inner</div>visible?</div>"
        '<div data-search-exclude=""><div data-search-exclude><p>s</p></div>t</div><p>u</p>',
        {},
    ),
    ("excluded heading", H1 + '<h2 id="a" data-search-exclude>A</h2><p>x</p>', {}),
    ("line numbers", H1 + '<table><tr><td class="linenodiv"><pre>1\n2</pre></td></tr></table>', {}),
    ("empty tags", H1 + "<p></p><p> </p><ul><li>a</li><li></li></ul><p>\n</p>", {}),
    ("table", H1 + "<table><thead><tr><th>A</th></tr></thead><tr><td>1</td></tr></table>", {}),
    ("void tags", H1 + '<p>a<br>b<br/>c<img alt="x" src="y.png" />d<hr></p><input>', {}),
    ("script and style", H1 + "<script>var a = 1;</script><style>p{}</style><p>x</p>", {}),
    ("object", H1 + '<object data="x"><p>inside</p></object><p>after</p>', {}),
    ("uppercase", H1 + "<P CLASS='x'>Upper</P><DIV>d</DIV>", {}),
    ("tags and boost", H1 + "<p>x</p>", {"tags": ["a", 1, None, ""], "search": {"boost": 3}}),
    ("search exclude", H1 + "<p>x</p>", {"search": {"exclude": True}}),
    ("no heading text", '<h1 id="t"></h1><p>x</p>', {"title": "Meta"}),
    ("sub and sup", H1 + "<p>H<sub>2</sub>O x<sup>2</sup></p>", {}),
    ("text only", "plain text\nwith a newline &amp; more", {}),
    ("empty", "", {}),
]


@pytest.mark.parametrize(
    ("html", "meta"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_crafted_html_gives_materials_entries(html: str, meta: dict) -> None:
    fast = search_sections.fast_entries(html, TOC, "p/", meta, "Título")
    assert fast is not None
    assert fast == search_sections.material_entries(html, TOC, "p/", meta, "Título")


FALLBACKS = [  # (name, HTML, front matter): what the fast path leaves to Material's parser
    ("doctype", "<!DOCTYPE html><h1 id='t'>T</h1><p>x</p>", {}),
    ("cdata", "<p>a<![CDATA[b]]>c</p>", {}),
    ("processing instruction", "<?xml version='1.0'?><p>x</p>", {}),
    ("stray <", "<p>a < b</p>", {}),
    ("malformed tag", "<p class=x=y>a</p>", {}),
    ("spaced end tag", "<p>a</p >", {}),
    ("script with <", "<script>if (a<b) {}</script><p>x</p>", {}),
    ("script with a tag", '<script>x = "<p>y</p>";</script><p>x</p>', {}),
    ("unclosed script", "<p>x</p><script>var a = 1;", {}),
    ("comment with --", "<p>a<!-- b -- c -->d</p>", {}),
    ("textarea", "<textarea><p>x</p></textarea>", {}),
    ("search not a mapping", "<p>x</p>", {"search": ["exclude"]}),
]


@pytest.mark.parametrize(
    ("html", "meta"), [case[1:] for case in FALLBACKS], ids=[case[0] for case in FALLBACKS]
)
def test_what_the_fast_path_cannot_read_goes_to_materials_parser(html: str, meta: dict) -> None:
    assert search_sections.fast_entries(html, TOC, "p/", meta, "T") is None
    try:
        expected = search_sections.material_entries(html, TOC, "p/", meta, "T")
    except (AttributeError, ValueError) as error:
        with pytest.raises(type(error)):
            search_sections.page_entries(html, TOC, "p/", meta, "T")
    else:
        assert search_sections.page_entries(html, TOC, "p/", meta, "T") == expected


def test_a_page_materials_parser_fails_on_fails_the_same_way() -> None:
    # the inner </div> ends Material's skip of every div, so </li> closes an <li> never written
    html = "<div data-search-exclude><li><div></div></li></div>"
    with pytest.raises(ValueError):
        search_sections.material_entries(html, TOC, "p/", {}, "T")
    assert search_sections.fast_entries(html, TOC, "p/", {}, "T") is None
    with pytest.raises(ValueError):
        search_sections.page_entries(html, TOC, "p/", {}, "T")


def test_strip_search_attributes_is_materials_regex() -> None:
    html = '<div data-search-exclude="1"><p data-search-boost="2">x</p></div><p>y</p>'
    assert search_sections.strip_search_attributes(html) == "<div><p>x</p></div><p>y</p>"
    assert search_sections.strip_search_attributes("<p>plain</p>") == "<p>plain</p>"


# ----------------------------------------------------------------------------
# Random documents of a small HTML grammar
# ----------------------------------------------------------------------------

_TAGS = ["p", "P", "div", "h1", "h2", "H3", "a", "pre", "code", "li", "ul", "span", "details"]
_TAGS += ["summary", "br", "img", "hr", "script", "style", "object", "sub", "td", "em", "hx"]
_ATTRS = ['id="x{n}"', 'class="headerlink"', 'class="linenodiv"', "data-search-exclude"]
_ATTRS += ['class="admonition note"', 'href="#a&amp;b"', 'id=""', 'ID="u{n}"', "title='q'"]
_TEXTS = ["hola", "  ", "\n", "a &amp; b", "&nbsp;", "x&lt;y", "\n\n  ", "uno\ndos", "AT&T"]
_TEXTS += ["&quot;q&quot;", " ", "&#233;"]


def _document(rng: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rng.randint(0, 5)):
        roll = rng.random()
        if roll < 0.4:
            parts.append(rng.choice(_TEXTS))
            continue
        if roll < 0.45:
            parts.append("<!-- c -->")
            continue
        tag = rng.choice(_TAGS)
        attrs = "".join(
            " " + rng.choice(_ATTRS).format(n=rng.randint(0, 3))
            for _ in range(rng.choice([0, 0, 1, 2]))
        )
        if tag.lower() in ("script", "style"):
            parts.append(f"<{tag}{attrs}>x = 1;</{tag}>")
        elif rng.random() < 0.1:
            parts.append(f"<{tag}{attrs} />")
        else:
            inner = _document(rng, depth + 1) if depth < 4 else ""
            close = f"</{rng.choice(_TAGS) if rng.random() < 0.05 else tag}>"
            parts.append(f"<{tag}{attrs}>{inner}{close if rng.random() < 0.9 else ''}")
    return "".join(parts)


def test_random_documents_give_materials_entries() -> None:
    toc = get_toc(
        [{"level": 1, "id": "x0", "name": "x", "children": []}]
        + [{"level": 2, "id": f"u{n}", "name": "u", "children": []} for n in range(4)]
    )
    read = 0
    for seed in range(2000):
        rng = random.Random(seed)
        html = _document(rng)
        meta = rng.choice([{}, {"title": "M"}, {"tags": ["a", 1]}, {"search": {"boost": 2}}])
        fast = search_sections.fast_entries(html, toc, "u/", meta, "T")
        if fast is None:  # only where Material's parser itself fails
            with pytest.raises(ValueError):
                search_sections.material_entries(html, toc, "u/", meta, "T")
            continue
        read += 1
        assert fast == search_sections.material_entries(html, toc, "u/", meta, "T"), html
    assert read > 1800
