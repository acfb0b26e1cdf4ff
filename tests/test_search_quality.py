"""Search quality: the query set of tests/search_queries.yml against the real site's indexes.

lunr.py loads the indexes the browser loads and `search_engine.Engine` ranks as the worker
does, so the whole set runs in a second. For each language the test prints recall@1,
recall@3, the mean reciprocal rank and the median number of results shown, for plain Material
search (reproduced here with lunr.py on Material's own index: stop words only, a trailing `*`
on every word, no accent folding, both languages mixed), for the site's search without its
minimum-match rule (every page with any word of the query, as before issue 16) and for the
site's search.
"""

from __future__ import annotations

import copy
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from lunr.builder import Builder
from lunr.query import Query
from lunr.stop_word_filter import generate_stop_word_filter

from helpcenter.search import engine as search_engine

QUERIES_FILE = Path(__file__).with_name("search_queries.yml")
LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
RECALL_AT_3 = 0.95  # the bar, per language
MEDIAN_RESULTS = 5  # at most this many pages shown for the median query (issue 16)
SENTENCES = 20  # queries written as a whole sentence, both languages together

# ----------------------------------------------------------------------------
# The query set
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    query: str
    page: str  # docs-relative Markdown path
    kind: str
    language: str

    @property
    def location(self) -> str:
        return page_location(self.page, self.language)


def load_cases() -> dict[str, list[Case]]:
    data = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))
    return {
        language: [Case(str(c["q"]), c["page"], c["kind"], language) for c in data[language]]
        for language in LANGUAGES
    }


def page_location(path: str, language: str) -> str:
    """Where a page of docs/ is served in a language: "contacto/x.md" → "en/contacto/x/"."""
    stem = path.removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index").removesuffix("index")
    location = f"{stem}/" if stem else ""
    return location if language == DEFAULT_LANGUAGE else f"{language}/{location}"


CASES = load_cases()

# ----------------------------------------------------------------------------
# Scoring a search function
# ----------------------------------------------------------------------------

SearchFn = Callable[[str], list[str]]  # query -> page locations, best first


@dataclass
class Report:
    ranks: list[int | None]  # 1-based rank of the expected page, None when absent
    cases: list[Case]
    counts: list[int]  # how many pages each query lists

    @property
    def median_results(self) -> float:
        return statistics.median(self.counts)

    @property
    def recall_at_1(self) -> float:
        return sum(1 for r in self.ranks if r == 1) / len(self.ranks)

    @property
    def recall_at_3(self) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= 3) / len(self.ranks)

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r) / len(self.ranks)

    def misses(self) -> list[str]:
        return [
            f"  {case.query!r} → {case.page} at rank {rank or '—'}"
            for case, rank in zip(self.cases, self.ranks, strict=True)
            if rank is None or rank > 3
        ]

    def line(self, label: str) -> str:
        return (
            f"{label:<40} {len(self.cases):>4} {self.recall_at_1:>9.3f} "
            f"{self.recall_at_3:>9.3f} {self.mrr:>7.3f} {self.median_results:>8g}"
        )


def evaluate(search: SearchFn, cases: Sequence[Case]) -> Report:
    ranks: list[int | None] = []
    counts: list[int] = []
    for case in cases:
        locations = search(case.query)
        ranks.append(locations.index(case.location) + 1 if case.location in locations else None)
        counts.append(len(locations))
    return Report(ranks, list(cases), counts)


# ----------------------------------------------------------------------------
# The site's search (after)
# ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def engines(real_site: Path) -> dict[str, search_engine.Engine]:
    return {
        language: search_engine.Engine.from_file(
            str(real_site / f"search/search_index.{language}.json")
        )
        for language in LANGUAGES
    }


def site_search(engine: search_engine.Engine) -> SearchFn:
    return lambda query: [result.location for result in engine.search(query)]


def without_minimum_match(engine: search_engine.Engine) -> search_engine.Engine:
    """The same engine listing every page that has any word of the query (before issue 16)."""
    loose = copy.copy(engine)
    loose.ranking = {**engine.ranking, "match": 0.0, "relevance": 0.0}
    return loose


# ----------------------------------------------------------------------------
# Plain Material search (before)
# ----------------------------------------------------------------------------


class MaterialSearch:
    """Material 9's search as it runs in the browser, on its own (mixed-language) index.

    Index: title (boost 1000) and text, split on Material's separator `[\\s\\-]+`,
    lowercased, Spanish and English stop words dropped, no stemming, `b = 0`. Query: every
    word gets a trailing `*` (so the query skips the pipeline), then each document's score
    is multiplied by `1 + boost²` (boost: 1 for a page's own entry, plus the share of the
    query's words it matched) and documents are grouped by page.
    """

    def __init__(self, docs: Sequence[dict]) -> None:
        stop = generate_stop_word_filter(set(MATERIAL_STOP_ES + MATERIAL_STOP_EN), "material")
        builder = Builder()
        builder.pipeline.add(stop)
        builder.search_pipeline.reset()
        builder.ref("location")
        builder.field("title", boost=1000)
        builder.field("text", boost=1)
        builder.b(0)
        self.docs = {doc["location"]: doc for doc in docs}
        for doc in docs:
            builder.add(
                {
                    "location": doc["location"],
                    "title": _material_tokens(doc["title"]),
                    "text": _material_tokens(doc["text"]),
                }
            )
        self.index = builder.build()
        self.english_stop = set(MATERIAL_STOP_EN)

    def search(self, query: str) -> list[str]:
        words = [w.lower() for w in re.split(r"\s+", query.strip()) if w]
        words = [part for w in words for part in re.split(r"[\s\-]+", w) if part]
        if not words:
            return []
        lunr_query = self.index.create_query()
        for word in words:
            lunr_query.clause(term=word, use_pipeline=False, wildcard=Query.WILDCARD_TRAILING)
        scored = []
        for hit in self.index.query(lunr_query):
            location = hit["ref"]
            matched = list(hit["match_data"].metadata)
            terms: dict[str, bool] = {}
            for word in words:
                if any(term.startswith(word) for term in matched):
                    terms[word] = True
                elif word not in self.english_stop:
                    terms[word] = False
            share = sum(terms.values()) / len(terms) if terms else 0
            boost = (0 if "#" in location else 1) + share
            scored.append((hit["score"] * (1 + boost**2), location))
        scored.sort(key=lambda item: -item[0])
        pages: list[str] = []
        for _, location in scored:
            page = location.split("#", 1)[0]
            if page not in pages:
                pages.append(page)
        return pages


def _material_tokens(markup: str) -> list[str]:
    """Material's tokens: text between tags, split on its separator, lowercased."""
    text = re.sub(r"<[^>]*>", " ", markup)
    return [token.lower() for token in re.split(r"[\s\-]+", text) if token]


@pytest.fixture(scope="session")
def material(engines: dict[str, search_engine.Engine]) -> MaterialSearch:
    docs = [doc for language in LANGUAGES for doc in engines[language].docs]
    return MaterialSearch(docs)


# ----------------------------------------------------------------------------
# Tests
# ----------------------------------------------------------------------------


def test_query_set_is_large_enough_and_points_at_real_pages() -> None:
    assert len(CASES["es"]) >= 60 and len(CASES["en"]) >= 20
    sentences = {
        language: [c for c in CASES[language] if c.kind == "sentence"] for language in LANGUAGES
    }
    assert sum(map(len, sentences.values())) >= SENTENCES and all(sentences.values())
    assert all(len(case.query.split()) >= 6 for case in sentences["es"] + sentences["en"])
    root = Path(__file__).resolve().parent.parent / "docs"
    for case in CASES["es"] + CASES["en"]:
        assert (root / case.page).exists(), f"{case.query!r}: no page docs/{case.page}"


def test_search_quality_before_and_after(
    engines: dict[str, search_engine.Engine],
    material: MaterialSearch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    header = f"{'search quality':<40} {'n':>4} {'recall@1':>9} {'recall@3':>9} {'MRR':>7}"
    lines = [header + f" {'median results':>8}"]
    misses: list[str] = []
    for language in LANGUAGES:
        before = evaluate(material.search, CASES[language])
        loose = evaluate(site_search(without_minimum_match(engines[language])), CASES[language])
        after = evaluate(site_search(engines[language]), CASES[language])
        lines.append(before.line(f"{language} plain Material"))
        lines.append(loose.line(f"{language} this site, any word (before)"))
        lines.append(after.line(f"{language} this site, minimum match (after)"))
        misses += [f"{language}:"] + after.misses()
        assert after.recall_at_3 >= before.recall_at_3
        assert after.median_results < loose.median_results
    with capsys.disabled():
        print("\n" + "\n".join(lines) + "\nmissed (rank > 3):\n" + "\n".join(misses))


@pytest.mark.parametrize("language", LANGUAGES)
def test_recall_at_3_per_language(engines: dict[str, search_engine.Engine], language: str) -> None:
    report = evaluate(site_search(engines[language]), CASES[language])
    assert report.recall_at_3 >= RECALL_AT_3, (
        f"{language}: recall@3 {report.recall_at_3:.3f} < {RECALL_AT_3}\n"
        + "\n".join(report.misses())
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_median_query_lists_few_pages(
    engines: dict[str, search_engine.Engine], language: str
) -> None:
    """A sentence no longer lists the whole site: the median query shows at most 5 pages."""
    report = evaluate(site_search(engines[language]), CASES[language])
    assert report.median_results <= MEDIAN_RESULTS, sorted(
        zip(report.counts, [case.query for case in report.cases], strict=True), reverse=True
    )[:10]


@pytest.mark.parametrize("language", LANGUAGES)
def test_results_are_only_in_the_pages_language(
    engines: dict[str, search_engine.Engine], language: str
) -> None:
    foreign = []
    for case in CASES[language]:
        for result in engines[language].search(case.query):
            in_english = result.location.startswith("en/")
            if in_english != (language == "en"):
                foreign.append(f"{case.query!r} → {result.location}")
    assert not foreign, "results from the other language:\n" + "\n".join(foreign)


def test_plain_material_mixes_languages(material: MaterialSearch) -> None:
    """The baseline really is the problem the issue describes: English pages in Spanish results."""
    mixed = [
        case.query
        for case in CASES["es"]
        if any(location.startswith("en/") for location in material.search(case.query)[:3])
    ]
    assert mixed


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

# lunr-languages' Spanish stop words (Material's lunr.es.min.js), accents as written there.
MATERIAL_STOP_ES = (
    "a al algo algunas algunos ante antes como con contra cual cuando de del desde donde "
    "durante e el ella ellas ellos en entre era erais eran eras eres es esa esas ese eso esos "
    "esta estaba estabais estaban estabas estad estada estadas estado estados estamos estando "
    "estar estaremos estará estarán estarás estaré estaréis estaría estaríais estaríamos "
    "estarían estarías estas este estemos esto estos estoy estuve estuviera estuvierais "
    "estuvieran estuvieras estuvieron estuviese estuvieseis estuviesen estuvieses estuvimos "
    "estuviste estuvisteis estuviéramos estuviésemos estuvo está estábamos estáis están estás "
    "esté estéis estén estés fue fuera fuerais fueran fueras fueron fuese fueseis fuesen fueses "
    "fui fuimos fuiste fuisteis fuéramos fuésemos ha habida habidas habido habidos habiendo "
    "habremos habrá habrán habrás habré habréis habría habríais habríamos habrían habrías "
    "habéis había habíais habíamos habían habías han has hasta hay haya hayamos hayan hayas "
    "hayáis he hemos hube hubiera hubierais hubieran hubieras hubieron hubiese hubieseis "
    "hubiesen hubieses hubimos hubiste hubisteis hubiéramos hubiésemos hubo la las le les lo "
    "los me mi mis mucho muchos muy más mí mía mías mío míos nada ni no nos nosotras nosotros "
    "nuestra nuestras nuestro nuestros o os otra otras otro otros para pero poco por porque "
    "que quien quienes qué se sea seamos sean seas seremos será serán serás seré seréis sería "
    "seríais seríamos serían serías seáis sido siendo sin sobre sois somos son soy su sus suya "
    "suyas suyo suyos sí también tanto te tendremos tendrá tendrán tendrás tendré tendréis "
    "tendría tendríais tendríamos tendrían tendrías tened tenemos tenga tengamos tengan tengas "
    "tengo tengáis tenida tenidas tenido tenidos teniendo tenéis tenía teníais teníamos tenían "
    "tenías ti tiene tienen tienes todo todos tu tus tuve tuviera tuvierais tuvieran tuvieras "
    "tuvieron tuviese tuvieseis tuviesen tuvieses tuvimos tuviste tuvisteis tuviéramos "
    "tuviésemos tuvo tuya tuyas tuyo tuyos tú un una uno unos vosotras vosotros vuestra "
    "vuestras vuestro vuestros y ya yo él éramos"
).split()

# lunr.js's English stop words.
MATERIAL_STOP_EN = sorted(search_engine.search_text.STOP_WORDS["en"])
