"""The search hook (hooks/search_index.py) on built sites, and the index it writes.

Fixture sites built with the real hooks, theme and config: one index per language with only
that language's pages, Material's mixed index emptied, excluded content left out, synonym
problems failing the strict build, the worker of the page's language in every page, and a
build that makes no network request. The index itself is checked against lunr.py's own
builder, its compact postings against the weights they encode (in Python and in the
browser), the texts file against its index, and its size against the number of pages.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, BuiltSite, fixture_config, mkdocs_env
from lunr.builder import Builder
from lunr.index import Index as LunrIndex
from lunr.pipeline import Pipeline
from lunr.query import Query
from lunr.token_set import TokenSet
from lunr.vector import Vector

from helpcenter.search import engine as search_engine
from helpcenter.search import messages as search_messages
from helpcenter.search import sections as search_sections
from helpcenter.search import text as search_text


def _page(title: str, body: str, **meta: object) -> str:
    head = yaml.safe_dump({"title": title, "description": f"{title}.", **meta}, allow_unicode=True)
    return f"---\n{head}---\n\n# {title}\n\n{body}\n"


FIXTURE: dict[str, str] = {
    "index.md": _page("Centro de prueba", "Bienvenida al centro de prueba."),
    "index.en.md": _page("Test center", "Welcome to the test center."),
    "guia/index.md": _page("Guía", "Todo sobre la guía."),
    "guia/index.en.md": _page("Guide", "All about the guide."),
    "guia/facturas.md": _page(
        "Cómo descargar tus facturas",
        "## Descarga {#descarga}\n\nDescarga las facturas desde el portal de clientes.\n\n"
        "<div data-search-exclude markdown>\n\nTexto secreto zanahoria.\n\n</div>\n",
    ),
    "guia/facturas.en.md": _page(
        "How to download your invoices",
        "## Download {#descarga}\n\nDownload the invoices from the customer portal.\n",
    ),
    "guia/solo-espanol.md": _page("Página solo en español", "Contenido pepinillo."),
    "guia/guia-rapida.md": _page("Guía rápida", "Lo esencial, en dos minutos."),
    "guia/guia-rapida.en.md": _page("Quick guide", "The essentials, in two minutes."),
    "guia/oculta.md": _page("Página oculta", "Contenido rabanito.", search={"exclude": True}),
}


def _index(built: BuiltSite, language: str) -> dict:
    return json.loads((built.site_dir / f"search/search_index.{language}.json").read_text())


def _texts(built: BuiltSite, language: str) -> dict:
    return json.loads((built.site_dir / f"search/search_text.{language}.json").read_text())


def _engine(built: BuiltSite, language: str) -> search_engine.Engine:
    return search_engine.Engine.from_site(built.site_dir, language)


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return _build(tmp_path_factory.mktemp("search-site"), FIXTURE)


def _build(
    folder: Path,
    files: dict[str, str],
    data: dict[str, str] | None = None,
    strict: bool = True,
    block_network: bool = False,
    hooks: tuple[Path, ...] = (),
) -> BuiltSite:
    """Build a fixture project like conftest's `build_site`, optionally without network or with
    more hooks after the real ones."""
    project = folder / "project"
    (project / "docs").mkdir(parents=True)
    subprocess.run(["cp", "-r", str(ROOT / "data"), str(project / "data")], check=True)
    for name, text in (data or {}).items():
        (project / "data" / name).write_text(text, encoding="utf-8")
    for name, text in files.items():
        target = project / "docs" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config_file = project / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump(fixture_config(project), allow_unicode=True), encoding="utf-8"
    )
    if hooks:
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        config["hooks"] += [str(hook) for hook in hooks]
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site = project / "site"
    args = ["build", "-f", str(config_file), "-d", str(site)] + (["--strict"] if strict else [])
    code = NO_NETWORK if block_network else "import runpy, sys\n"
    code += f"sys.argv = ['mkdocs', *{args!r}]\nrunpy.run_module('mkdocs', run_name='__main__')\n"
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=mkdocs_env(),
        cwd=project,
        timeout=600,
    )
    return BuiltSite(proc.returncode, proc.stdout + proc.stderr, site, project)


# ----------------------------------------------------------------------------
# One index per language
# ----------------------------------------------------------------------------


def test_each_language_has_its_own_index(fixture_site: BuiltSite) -> None:
    assert fixture_site.ok, fixture_site.log
    es = [doc["location"] for doc in _engine(fixture_site, "es").docs]
    en = [doc["location"] for doc in _engine(fixture_site, "en").docs]
    assert "guia/facturas/" in es and "guia/facturas/#descarga" in es
    assert "en/guia/facturas/" in en and "en/guia/facturas/#descarga" in en
    assert not [location for location in es if location.startswith("en/")]
    assert all(location.startswith("en/") for location in en)


def test_materials_mixed_index_carries_no_documents(fixture_site: BuiltSite) -> None:
    material = json.loads((fixture_site.site_dir / "search/search_index.json").read_text())
    assert material["docs"] == []
    assert material["config"]["separator"]  # Material's page script still needs its config


def test_an_untranslated_page_is_only_in_its_own_languages_index(fixture_site: BuiltSite) -> None:
    es = {doc["location"] for doc in _engine(fixture_site, "es").docs}
    en = {doc["location"] for doc in _engine(fixture_site, "en").docs}
    assert "guia/solo-espanol/" in es
    assert "en/guia/solo-espanol/" not in en
    assert (fixture_site.site_dir / "en/guia/solo-espanol/index.html").exists()


def test_excluded_pages_and_blocks_are_not_indexed(fixture_site: BuiltSite) -> None:
    text = json.dumps([_index(fixture_site, "es"), _texts(fixture_site, "es")], ensure_ascii=False)
    assert "rabanito" not in text and "guia/oculta/" not in text  # `search: exclude: true`
    assert "zanahoria" not in text  # `data-search-exclude`
    engine = _engine(fixture_site, "es")
    assert not engine.search("zanahoria") and not engine.search("rabanito")
    assert engine.search("pepinillo")[0].location == "guia/solo-espanol/"


def test_every_page_runs_the_worker_of_its_language(fixture_site: BuiltSite) -> None:
    es = fixture_site.html("guia/facturas/index.html")
    en = fixture_site.html("en/guia/facturas/index.html")
    assert "assets/javascripts/search/worker.js?lang=es" in es
    assert "assets/javascripts/search/worker.js?lang=en" in en
    assert "workers/search." not in es + en  # not Material's own worker


def test_home_and_index_pages_rank_below_articles(fixture_site: BuiltSite) -> None:
    """«Guía» (the category page, a shorter title) ranks below «Guía rápida» (an article)."""
    engine = _engine(fixture_site, "es")
    results = [r.location for r in engine.search("guia")]
    assert results[:2] == ["guia/guia-rapida/", "guia/"]


# ----------------------------------------------------------------------------
# Problems and the network
# ----------------------------------------------------------------------------


def test_synonym_problems_fail_the_strict_build(tmp_path: Path) -> None:
    data = {"synonyms.yml": "es:\n  - [ticket, caso]\n  - [ticket]\nen:\n  - [a, the]\n"}
    built = _build(tmp_path, FIXTURE, data=data)
    assert not built.ok
    warnings = built.warnings()
    assert any(w.startswith("data/synonyms.yml:3: «ticket» is already in") for w in warnings)
    assert any(w.startswith("data/synonyms.yml:5: «a» has no word") for w in warnings)
    assert "Traceback" not in built.log


_TEXTS_OK = "".join(f"    {key}: texto {{query}}\n" for key in search_messages.TEXT_KEYS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # data/search.yml as written → its one problem
        ("text: [\n", "search.yml:2: not valid YAML"),
        ("texts: {}\n", "search.yml:1: expected a `text:` block of languages"),
        ("text:\n  es:\n" + _TEXTS_OK, "search.yml:1: text: no block for language «en»"),
        (
            "text:\n  es:\n" + _TEXTS_OK + "  en:\n" + _TEXTS_OK.replace("    no_js:", "    nojs:"),
            "search.yml:12: text.en.nojs: unknown key",
        ),
        (
            "text:\n  es:\n" + _TEXTS_OK + "  en:\n" + _TEXTS_OK.replace(" {query}", "", 1),
            "search.yml:9: text.en.none: no «{query}» in it",
        ),
    ],
)
def test_search_texts_problems(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "search.yml"
    path.write_text(text, encoding="utf-8")
    texts, problems = search_messages.load_texts(path, ["es", "en"], "search.yml")
    assert any(str(problem).startswith(expected) for problem in problems), problems
    assert set(texts) == {"es", "en"} and all(len(t) == 5 for t in texts.values())


def test_search_texts_problems_fail_the_strict_build(tmp_path: Path) -> None:
    data = {"search.yml": "text:\n  es:\n    none: Nada.\n"}
    built = _build(tmp_path, FIXTURE, data=data)
    assert not built.ok
    warnings = built.warnings()
    assert any(
        w.startswith("data/search.yml:3: text.es.none: no «{query}» in it") for w in warnings
    )
    assert any(
        w.startswith("data/search.yml:1: text: no block for language «en»") for w in warnings
    )
    assert "Traceback" not in built.log


# A stand-in for a new mkdocs-material that writes its search file in another shape: a hook of
# the fixture project rewrites the file after Material's search plugin has written it.
MATERIAL_CHANGED = """
import json, pathlib
from mkdocs.plugins import event_priority

@event_priority(-150)  # after Material's search (0) and mkdocs-static-i18n (-100), before ours
def on_post_build(config):
    path = pathlib.Path(config.site_dir, "search/search_index.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    {change}
    path.write_text(json.dumps(data), encoding="utf-8")
"""


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ('data["documents"] = data.pop("docs")', "has no `docs` list"),
        (
            '[doc.update(content=doc.pop("text")) for doc in data["docs"]]',
            "entries without a text `location`, `title`, `text`",
        ),
        (
            '[doc.update(location="/" + doc["location"]) for doc in data["docs"]]',
            "has no entry for any of the",
        ),
    ],
    ids=["docs-renamed", "text-renamed", "locations-from-the-root"],
)
def test_a_changed_material_search_file_fails_the_strict_build(
    tmp_path: Path, change: str, expected: str
) -> None:
    """An upgrade of Material that changes its search output never leaves search silently empty."""
    hook = tmp_path / "material_changed.py"
    hook.write_text(MATERIAL_CHANGED.format(change=change), encoding="utf-8")
    built = _build(tmp_path, FIXTURE, hooks=(hook,))
    assert not built.ok
    assert "Traceback" not in built.log
    problems = [
        w for w in built.warnings() if w.startswith("site/search/search_index.json: Material's ")
    ]
    assert len(problems) == 1, built.log
    assert expected in problems[0]
    assert f"mkdocs-material {version('mkdocs-material')} writes another format" in problems[0]
    assert "adapt helpcenter/search/sections.py" in problems[0]


def test_readable_entries_keeps_what_the_index_can_read() -> None:
    good = {"location": "a/", "title": "A", "text": "<p>x</p>"}
    bad = [{"location": "b/", "title": "B"}, {"location": 3, "title": "C", "text": ""}, "d"]
    assert search_sections.readable_entries({"docs": [good]}) == ([good], [])
    readable, wrong = search_sections.readable_entries({"docs": [good, *bad]})
    assert readable == [good]
    assert wrong == ["has 3 of 4 entries without a text `location`, `title`, `text`"]
    assert search_sections.readable_entries({"documents": [good]}) == ([], ["has no `docs` list"])
    assert search_sections.readable_entries([good]) == ([], ["has no `docs` list"])
    assert search_sections.client_config(["not", "a", "mapping"]) == {"config": {}, "docs": []}


def test_synonyms_reach_the_index(fixture_site: BuiltSite, tmp_path: Path) -> None:
    data = {"synonyms.yml": "es:\n  - [factura, boleta]\n"}
    built = _build(tmp_path, FIXTURE, data=data)
    assert built.ok, built.log
    engine = _engine(built, "es")
    assert engine.search("boletas")[0].location == "guia/facturas/"
    without = _engine(fixture_site, "es")
    assert not without.search("boletas")


def test_the_build_makes_no_network_request(tmp_path: Path) -> None:
    """The whole build, every hook included, with sockets that refuse to connect."""
    built = _build(tmp_path, FIXTURE, block_network=True)
    assert built.ok, built.log
    assert (built.site_dir / "search/search_index.es.json").exists()
    assert "NETWORK ATTEMPT" not in built.log


# ----------------------------------------------------------------------------
# The index is lunr's
# ----------------------------------------------------------------------------


def _analyzed_docs(docs: list[dict], language: str) -> list[dict[str, list[str]]]:
    return [
        {
            "title": search_text.analyze(doc["title"], language),
            "description": search_text.analyze(doc["location"].replace("-", " "), language),
            "text": search_text.analyze(search_engine.plain_text(doc["text"]), language),
        }
        for doc in docs
    ]


def test_weights_are_what_lunr_py_builds(real_site: Path) -> None:
    """Our builder gives lunr.py's BM25 weights, term for term and document for document."""
    docs = _analyzed_docs(search_engine.Engine.from_site(real_site, "es").docs, "es")
    boosts = [0.5 if number % 7 == 0 else 1.0 for number in range(len(docs))]
    ours = {
        term: [dict(found) for found in per_field]
        for term, per_field in search_engine.bm25_weights(
            docs, search_engine.FIELD_BOOSTS, boosts
        ).items()
    }

    builder = Builder()
    builder.ref("id")
    for name, boost in search_engine.FIELD_BOOSTS.items():
        builder.field(name, boost=boost)
    builder.k1(search_engine.K1)
    builder.b(search_engine.B)
    for number, doc in enumerate(docs):
        builder.add({"id": str(number), **doc}, {"boost": boosts[number]})
    index = builder.build()
    names = list(search_engine.FIELD_BOOSTS)
    by_index = {posting["_index"]: term for term, posting in index.inverted_index.items()}
    theirs: dict[str, list[dict[int, float]]] = {t: [{} for _ in names] for t in ours}
    for field_ref, vector in index.field_vectors.items():
        name, ref = field_ref.split("/", 1)[0], field_ref.split("/", 1)[1]
        flat = vector.serialize()
        for position in range(0, len(flat), 2):
            term = by_index[flat[position]]
            theirs.setdefault(term, [{} for _ in names])[names.index(name)][int(ref)] = flat[
                position + 1
            ]
    assert ours == theirs


def test_the_file_holds_those_weights_exactly(real_site: Path) -> None:
    """The compact postings decode to bm25_weights' numbers, document for document."""
    docs = _analyzed_docs(search_engine.Engine.from_site(real_site, "es").docs, "es")
    boosts = [0.5 if number % 7 == 0 else 1.0 for number in range(len(docs))]
    weights = search_engine.bm25_weights(docs, search_engine.FIELD_BOOSTS, boosts)
    data = json.loads(
        json.dumps(search_engine.compact_index(docs, search_engine.FIELD_BOOSTS, boosts))
    )
    index = search_engine.CompactIndex(data)
    assert sorted(index.terms) == sorted(weights)
    for term, row in zip(index.terms, index.postings, strict=True):
        expected = [([d for d, _ in found], [w for _, w in found]) for found in weights[term]]
        assert row == expected, term


@pytest.mark.parametrize(
    "numbers", [[0], [31, 32, 33], [1023, 1024, 32767, 32768], [2**31 + 5, 2**40, 7], []]
)
def test_postings_numbers_round_trip(numbers: list[int], page: object) -> None:
    """Python encodes, Python and the browser (search-text.js) decode the same numbers."""
    text = search_engine.encode_numbers(numbers)
    assert json.dumps(text) == f'"{text}"'  # nothing JSON escapes
    assert search_engine.decode_numbers(text) == numbers
    page.set_content("<!doctype html><title>postings</title>")  # type: ignore[attr-defined]
    script = (ROOT / "docs/assets/javascripts/search/search-text.js").read_text("utf-8")
    page.add_script_tag(content=script)  # type: ignore[attr-defined]
    assert page.evaluate("t => SearchText.decodeNumbers(t)", text) == numbers  # type: ignore[attr-defined]


def test_a_broken_postings_string_is_an_error() -> None:
    with pytest.raises(ValueError, match="middle of a number"):
        search_engine.decode_numbers(search_engine.encode_numbers([40])[:1])
    with pytest.raises(ValueError):
        search_engine.encode_numbers([-1])


@pytest.mark.parametrize("weight", [0.0005, 1.0005, 2.675, 0.1235, 12.3445, 3.14159, 0.0])
def test_thousandths_round_as_lunr(weight: float) -> None:
    assert search_engine._thousandths(weight) == round(round(weight, 3) * 1000)


def test_texts_belong_to_their_index(fixture_site: BuiltSite) -> None:
    """The texts file has one text per document, and the index's id; another build's texts
    are not shown under this index's results."""
    es, texts = _index(fixture_site, "es"), _texts(fixture_site, "es")
    docs = search_engine.documents(es, texts)
    assert texts["id"] == es["id"] and len(texts["texts"]) == len(docs)
    by_location = {doc["location"]: doc["text"] for doc in docs}
    assert "portal de clientes" in by_location["guia/facturas/#descarga"]
    other = search_engine.documents(es, _texts(fixture_site, "en"))
    assert not any(doc["text"] for doc in other)


def _synthetic_pages(count: int) -> list[search_engine.SearchPage]:
    """`count` pages of three sections each, words drawn from a fixed vocabulary."""
    rng = random.Random(count)
    vocabulary = [f"palabra{number}" for number in range(2_000)] + ["ticket", "caso"]
    pages = []
    for number in range(count):
        url = f"guia/pagina-{number}/"

        def text() -> str:
            return "<p>" + " ".join(rng.choice(vocabulary) for _ in range(60)) + "</p>"

        entries = [{"location": url, "title": f"Página {number}", "text": text()}]
        entries += [
            {"location": f"{url}#s{section}", "title": f"Sección {section}", "text": text()}
            for section in range(3)
        ]
        pages.append(search_engine.SearchPage(url, f"Página {number}", "Una guía.", entries))
    return pages


def test_the_index_grows_linearly_with_the_pages() -> None:
    """Four times the pages: about four times the files, every page and section in them."""
    groups, problems = search_text.parse_synonyms("es:\n  - [ticket, caso]\n", "s.yml", ["es"])
    assert not problems

    def build(count: int) -> int:
        payload, texts = search_engine.build_payload(_synthetic_pages(count), "es", groups["es"])
        assert len(payload["pages"]) == count
        assert payload["index"]["documents"] == len(texts["texts"]) == count * 4
        engine = search_engine.Engine(payload, texts)
        assert [r.location for r in engine.search(f"página {count - 1}")][:1] == [
            f"guia/pagina-{count - 1}/"
        ]
        return len(json.dumps(payload)) + len(json.dumps(texts))

    small, large = build(150), build(600)
    assert 3.5 < large / small < 4.5, (small, large)


def test_scores_are_what_lunr_py_scores(real_site: Path) -> None:
    """lunr.py, querying the same weights with the same clauses, scores every document alike."""
    payload = json.loads((real_site / "search/search_index.es.json").read_text())
    engine = search_engine.Engine(payload)
    index = engine.index
    inverted: dict[str, dict] = {}
    vectors: dict[str, list[tuple[int, float]]] = {}
    for number, (term, row) in enumerate(zip(index.terms, index.postings, strict=True)):
        inverted[term] = {"_index": number}
        for name, (docs, weights) in zip(index.fields, row, strict=True):
            inverted[term][name] = {str(doc): {} for doc in docs}
            for doc, weight in zip(docs, weights, strict=True):
                vectors.setdefault(f"{name}/{doc}", []).append((number, weight))
    lunr_index = LunrIndex(
        inverted_index=inverted,
        field_vectors={
            ref: Vector([value for pair in sorted(elements) for value in pair])
            for ref, elements in vectors.items()
        },
        token_set=TokenSet.from_list(sorted(inverted)),
        fields=index.fields,
        pipeline=Pipeline(),
    )
    cases = yaml.safe_load((ROOT / "tests/search_queries.yml").read_text())["es"]
    for query in [case["q"] for case in cases] + ["solicit", "escalamineto"]:
        concepts = engine.concepts(query)
        fixes = engine.typo_fixes(concepts)
        clauses = search_engine.query_clauses(
            concepts, search_engine.is_typing(query), engine.ranking, fixes, index.ids
        )
        ours = {hit.doc: hit.score for hit in index.query(clauses)}
        lunr_query = lunr_index.create_query()
        for clause in clauses:
            lunr_query.clause(
                term=clause.term,
                boost=clause.boost,
                use_pipeline=False,
                edit_distance=clause.fuzzy,
                wildcard=Query.WILDCARD_TRAILING if clause.prefix else Query.WILDCARD_NONE,
            )
        theirs = {int(hit["ref"]): hit["score"] for hit in lunr_index.query(lunr_query)}
        assert ours.keys() == theirs.keys(), query
        for doc, score in ours.items():
            assert score == pytest.approx(theirs[doc], rel=1e-9), (query, doc)


NO_NETWORK = """\
import socket, sys, runpy

def _refuse(*args, **kwargs):
    sys.stderr.write(f"NETWORK ATTEMPT {args!r}\\n")
    raise OSError("network blocked by the test")

socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""
