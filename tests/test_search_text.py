"""How search reads text, in Python (helpcenter/search/text.py) and in the browser (search-text.js).

The first half tests the Python rules directly. The second half loads the browser's scripts
(the generated Snowball stemmers, search-text.js, lunr) into headless Chromium and checks
that they give exactly what Python gives: the same normalized words, the same stems for tens
of thousands of words, the same concepts for every query of the query set, and the same
ranked results (pages, documents and scores) on the real site's indexes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import build_search_stemmers
import pytest
import yaml

from helpcenter.search import engine as search_engine
from helpcenter.search import text as search_text

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "docs/assets/javascripts/search"
BROWSER_SCRIPTS = ("lunr.min.js", "snowball-base.js", "snowball-stemmers.js", "search-text.js")
QUERIES = yaml.safe_load((Path(__file__).with_name("search_queries.yml")).read_text("utf-8"))

# ----------------------------------------------------------------------------
# Words
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # text                            normalized
        ("¿Cómo AÑADO un Número?", "¿como añado un numero?"),
        ("pingüino, acción, É", "pinguino, accion, e"),
        ("Año ano", "año ano"),
        ("n\u0303o", "ño"),  # a decomposed ñ stays ñ
        ("ﬁcha ①", "ficha 1"),  # compatibility forms folded
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert search_text.normalize(text) == expected


def test_tokenize_drops_signs_and_splits_words() -> None:
    assert search_text.tokenize("¿Cómo escalo mi ticket? ¡Ya! e-mail: sales@multivende.com") == [
        "como",
        "escalo",
        "mi",
        "ticket",
        "ya",
        "e",
        "mail",
        "sales",
        "multivende",
        "com",
    ]


@pytest.mark.parametrize(
    "token, language, stop",
    [
        # token      language  is a stop word
        ("como", "es", True),
        ("de", "es", True),
        ("estado", "es", False),  # «Estados de los tickets» must be searchable
        ("ticket", "es", False),
        ("how", "en", True),
        ("sign", "en", False),
        ("x", "es", True),  # a single letter
        ("1", "es", False),  # a single digit («Paso 1»)
    ],
)
def test_stop_words(token: str, language: str, stop: bool) -> None:
    assert search_text.is_stop_word(token, language) is stop


@pytest.mark.parametrize(
    "words, language",
    [
        # forms that must share one stem
        (["solicitud", "solicitudes", "Solicitudes"], "es"),
        (["escalar", "escalo", "escalamiento", "escalada", "escaladas"], "es"),
        (["número", "numero", "números"], "es"),
        (["configuración", "configuracion"], "es"),
        (["request", "requests"], "en"),
        (["escalate", "escalating", "escalation"], "en"),
    ],
)
def test_forms_share_a_stem(words: list[str], language: str) -> None:
    stems = {tuple(search_text.analyze(word, language)) for word in words}
    assert len(stems) == 1, stems


def test_enye_is_not_n() -> None:
    assert search_text.analyze("año", "es") != search_text.analyze("ano", "es")


# ----------------------------------------------------------------------------
# Synonyms
# ----------------------------------------------------------------------------


def test_synonyms_file_of_the_project_has_no_problem() -> None:
    groups, problems = search_text.load_synonyms(
        ROOT / "data/synonyms.yml", "data/synonyms.yml", ("es", "en")
    )
    assert not problems, [str(p) for p in problems]
    assert len(groups["es"]) >= 5 and len(groups["en"]) >= 5


@pytest.mark.parametrize(
    "text, expected",
    [
        # data/synonyms.yml                     the one problem it reports
        ("es: ticket\n", "data/synonyms.yml:1: expected a list of groups"),
        ("es: [ticket, caso]\n", "data/synonyms.yml:1: expected a list of groups, not of words"),
        ("es:\n  - [ticket, caso]\n  - correo\n", "data/synonyms.yml:3: a group must be a list"),
        ("es:\n  - [ticket]\n", "data/synonyms.yml:2: a group needs at least two different"),
        ("es:\n  - [ticket, de la]\n", "data/synonyms.yml:2: «de la» has no word that search"),
        (
            "es:\n  - [ticket, caso]\n  - [casos, expediente]\n",
            "data/synonyms.yml:3: «casos» is already in the group of line 2",
        ),
        ("pt:\n  - [a, b]\n", "data/synonyms.yml:1: unknown language «pt»"),
        ("- [ticket, caso]\n", "data/synonyms.yml:1: expected one key per language"),
        ("es: [ticket\n", "data/synonyms.yml:1: not valid YAML"),
    ],
)
def test_synonym_problems(text: str, expected: str) -> None:
    _, problems = search_text.parse_synonyms(text, "data/synonyms.yml", ("es", "en"))
    assert len(problems) == 1, [str(p) for p in problems]
    assert str(problems[0]).startswith(expected), str(problems[0])
    assert " — " in str(problems[0])  # every problem says how to fix it


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    text = "es:\n  - [ticket]\n  - [de, la]\nfr:\n  - [a, b]\n"
    _, problems = search_text.parse_synonyms(text, "data/synonyms.yml", ("es", "en"))
    assert [p.line for p in problems] == [2, 3, 3, 4]


def test_synonym_phrases_match_longest_first_in_queries() -> None:
    groups, _ = search_text.parse_synonyms(
        "es:\n  - [soporte, mesa de ayuda]\n  - [ticket, caso, solicitud]\n",
        "data/synonyms.yml",
        ("es",),
    )
    table = search_text.synonym_table(groups["es"])
    concepts = search_text.analyze_query("¿Cómo escalo mi caso a la Mesa de Ayuda?", "es", table)
    assert [(c.label, c.stems, c.groups) for c in concepts] == [
        ("escalo", ("escal",), ()),
        ("caso", ("cas",), ("_ticket",)),
        ("mesa ayuda", ("mes", "ayud"), ("_soport",)),
    ]
    assert search_text.index_terms("solicitudes a la mesa de ayuda", "es", table) == [
        "solicitud",
        "mes",
        "ayud",
        "_ticket",
        "_soport",
    ]


# ----------------------------------------------------------------------------
# The generated stemmers
# ----------------------------------------------------------------------------


def test_browser_stemmers_are_generated_from_the_installed_snowballstemmer() -> None:
    current = (SCRIPTS / "snowball-stemmers.js").read_text(encoding="utf-8")
    assert current == build_search_stemmers.generate(), (
        "snowball-stemmers.js is out of date: run .venv/bin/python scripts/build_search_stemmers.py"
    )


def test_translator_refuses_what_it_does_not_know() -> None:
    source = (
        "class X(BaseStemmer):\n"
        "    def _stem(self):\n"
        "        for i in range(3):\n"
        "            i += 1\n"
    )
    with pytest.raises(build_search_stemmers.TranslationError):
        build_search_stemmers.translate_module(source)


# ----------------------------------------------------------------------------
# Python and the browser agree
# ----------------------------------------------------------------------------


@pytest.fixture
def scripts_page(page: object) -> object:
    """A blank page with the search scripts loaded, as the worker loads them."""
    page.set_content("<!doctype html><title>search</title>")  # type: ignore[attr-defined]
    for name in BROWSER_SCRIPTS:
        page.add_script_tag(content=(SCRIPTS / name).read_text("utf-8"))  # type: ignore[attr-defined]
    return page


def _site_vocabulary(site: Path, language: str) -> list[str]:
    """Every word of the real site's pages in a language, as written and accent-free, and
    inflected forms of them (so every branch of the stemmer runs)."""
    words: set[str] = set()
    for doc in search_engine.Engine.from_site(site, language).docs:
        text = search_engine.plain_text(doc["title"] + " " + doc["text"]).lower()
        raw = {w for w in text.replace("¿", " ").replace("¡", " ").split() if w.isalpha()}
        words |= raw | {search_text.normalize(w) for w in raw}
    inflected = {
        base[: len(base) - position % 2] + suffix  # every third suffix, on the word or its root
        for number, base in enumerate(sorted(words))
        for position, suffix in enumerate(SUFFIXES[language][number % 3 :: 3])
        if len(base) > 3
    }
    return sorted(words | inflected)


@pytest.mark.parametrize("language", ["es", "en"])
def test_browser_stems_like_python(real_site: Path, scripts_page: object, language: str) -> None:
    words = _site_vocabulary(real_site, language)
    assert len(words) > 3_000
    stems = scripts_page.evaluate(  # type: ignore[attr-defined]
        "([lang, words]) => { const S = new self.SnowballStemmers[lang]();"
        " return words.map(w => S.stemWord(w)); }",
        [language, words],
    )
    python = search_text._stemmer(language)
    differ = [(w, python(w), s) for w, s in zip(words, stems, strict=True) if python(w) != s]
    assert not differ, f"{language}: {len(differ)} words differ, e.g. {differ[:5]}"


DICTIONARIES = {
    "es": Path("/usr/share/dict/spanish"),
    "en": Path("/usr/share/dict/american-english"),
}


@pytest.mark.parametrize("language", ["es", "en"])
def test_browser_stems_like_python_on_a_dictionary(language: str, scripts_page: object) -> None:
    """Debian's word lists (wspanish, wamerican): ~175,000 more words, in about 3 minutes.

    Run it after upgrading snowballstemmer: `SEARCH_DICTIONARIES=1 .venv/bin/pytest -k
    dictionary tests/test_search_text.py` (`apt-get install wspanish wamerican` first).
    """
    path = DICTIONARIES[language]
    if not os.environ.get("SEARCH_DICTIONARIES"):
        pytest.skip("slow: set SEARCH_DICTIONARIES=1 to compare the stemmers on word lists")
    if not path.exists():
        pytest.skip(f"{path} is not installed")
    words = sorted({w.strip().lower() for w in path.read_text("utf-8").split() if w.isalpha()})
    words += [search_text.normalize(w) for w in words]
    stems = scripts_page.evaluate(  # type: ignore[attr-defined]
        "([lang, words]) => { const S = new self.SnowballStemmers[lang]();"
        " return words.map(w => S.stemWord(w)); }",
        [language, words],
    )
    python = search_text._stemmer(language)
    differ = [(w, python(w), s) for w, s in zip(words, stems, strict=True) if python(w) != s]
    assert not differ, f"{len(differ)} words differ, e.g. {differ[:5]}"


def test_browser_normalizes_and_tokenizes_like_python(scripts_page: object) -> None:
    texts = [*TRICKY_TEXTS, *(case["q"] for lang in ("es", "en") for case in QUERIES[lang])]
    browser = scripts_page.evaluate(  # type: ignore[attr-defined]
        "texts => texts.map(t => [SearchText.normalize(t), SearchText.tokenize(t)])", texts
    )
    python = [[search_text.normalize(t), search_text.tokenize(t)] for t in texts]
    assert browser == python


def test_browser_searches_like_python(real_site: Path, scripts_page: object) -> None:
    """Every query of the set, and some odd ones: same pages, documents and scores."""
    for language in ("es", "en"):
        payload = json.loads((real_site / f"search/search_index.{language}.json").read_text())
        engine = search_engine.Engine(payload)
        queries = [case["q"] for case in QUERIES[language]] + ODD_QUERIES
        browser = scripts_page.evaluate(  # type: ignore[attr-defined]
            """([payload, queries]) => {
                const engine = new SearchText.Engine(payload, lunr);
                return queries.map(q => {
                  const { concepts, results } = engine.search(q);
                  return {
                    concepts: concepts.map(c => [c.label, c.stems, c.groups]),
                    results: results.map(r => [r.location, r.score,
                      r.items.map(i => [engine.docs[i.doc].location, i.score])])
                  };
                });
            }""",
            [payload, queries],
        )
        for query, seen in zip(queries, browser, strict=True):
            concepts = [[c.label, list(c.stems), list(c.groups)] for c in engine.concepts(query)]
            assert seen["concepts"] == concepts, query
            expected = [
                [r.location, r.score, [list(item) for item in r.items]]
                for r in engine.search(query)
            ]
            assert [r[0] for r in seen["results"]] == [r[0] for r in expected], query
            for got, want in zip(seen["results"], expected, strict=True):
                assert got[1] == pytest.approx(want[1], rel=1e-12), (query, got[0])
                assert [i[0] for i in got[2]] == [i[0] for i in want[2]], (query, got[0])


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

SUFFIXES = {
    "es": [
        "s", "es", "a", "as", "o", "os", "ción", "ciones", "cion", "ciones", "mente", "ando",
        "iendo", "ado", "ada", "ados", "adas", "ido", "ida", "ar", "er", "ir", "aba", "aban",
        "ía", "ían", "aría", "ería", "iría", "amos", "emos", "imos", "aré", "ará", "ió", "idad",
        "idades", "ismo", "ista", "able", "ible", "anza", "logía", "encia", "ancia", "ador",
        "adora", "amiento", "imiento", "oso", "osa", "ivo", "iva", "ico", "ica", "selo", "nos",
        "le", "les", "la", "lo", "los", "las", "yendo", "uyen", "guen", "gue",
    ],
    "en": [
        "s", "es", "ed", "ing", "ly", "ness", "ful", "ation", "ational", "ization", "ive",
        "ize", "able", "ible", "ment", "ent", "ence", "ance", "er", "est", "ity", "ous", "al",
        "ism", "iveness", "fulness", "ousness", "aliti", "iviti", "biliti", "li", "y", "ies",
        "ied", "eed", "eedly", "ingly", "edly", "'s", "s'", "ical", "icate", "ative", "alize",
    ],
}  # fmt: skip

TRICKY_TEXTS = [
    "¿Cómo AÑADO un Número?",
    "n\u0303o Ñandú",
    "ﬁcha ① ²",
    "İstanbul ß straße",
    "e-mail: sales@multivende.com, bf03e4e6-xxxx",
    "\U0001d400\U0001d401 𝒜 emoji 🙂 fin",
    "  espacios\tmixtos\u00a0y saltos\n",
    "日本語 العربية ελληνικά",
]

ODD_QUERIES = [
    "",
    "   ",
    "de la que",
    "¿?",
    "solicit",
    "escalar ",
    "mesa de ayuda mesa de ayuda",
    "escalamineto",
    "n\u0303",
    "🙂",
]
