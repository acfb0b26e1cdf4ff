"""The site's search engine: the index the browser loads, and queries ranked as the browser does.

At build time `build_payload` turns the pages of one language into the file the browser's
search worker loads (`search/search_index.<language>.json`): the documents to show (Material's
sections of each page), the text-analysis data (stop words, synonyms) and a prebuilt lunr index
whose terms come from `search_text`. Loading a prebuilt index is fast, so search is ready soon
after the page loads, however many articles the site has.

`Engine` loads the same file with lunr.py and answers a query exactly as the worker
(`docs/assets/javascripts/search/search-text.js`, `worker.js`) does: same concepts, same lunr
clauses, same lunr scores, same re-ranking. Tests, the search-quality harness and
`scripts/search_query.py` use it to see what a reader would see.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import search_text
from lunr.index import Index
from lunr.query import Query
from lunr.token_set import TokenSet

# ----------------------------------------------------------------------------
# Building
# ----------------------------------------------------------------------------


@dataclass
class SearchPage:
    """One built page of one language, as search sees it."""

    url: str  # site-relative, as Material's locations: "contacto/x/" ("" for the home page)
    title: str
    description: str  # front matter `description`, indexed with the page's own entry
    entries: list[dict]  # Material's search entries of the page: location, title, text (HTML)
    boost: float = 1.0  # front matter `search: boost`, times HUB_BOOST for home and index pages


def build_payload(
    pages: Sequence[SearchPage], language: str, groups: Iterable[search_text.SynonymGroup]
) -> dict:
    """The JSON-ready search file of one language: documents, analysis data, lunr index."""
    groups = list(groups)
    table = search_text.synonym_table(groups)
    docs: list[dict] = []
    fields: list[dict[str, list[str]]] = []
    boosts: list[float] = []
    words: set[str] = set()
    for page in pages:
        article = len(docs)
        for number, entry in enumerate(_page_entries(page)):
            doc = {"location": entry["location"], "title": entry["title"], "text": entry["text"]}
            if number:
                doc["page"] = article
            docs.append(doc)
            texts = {
                "title": html.unescape(entry["title"]),
                "description": page.description if number == 0 else "",
                "text": plain_text(entry["text"]),
            }
            fields.append(
                {
                    name: search_text.index_terms(text, language, table)
                    for name, text in texts.items()
                }
            )
            words.update(correctable_words(" ".join(texts.values()), language))
            boosts.append(page.boost * float(entry.get("boost", 1)))
    return {
        "version": PAYLOAD_VERSION,
        "lang": language,
        "analysis": {
            "stopWords": sorted(search_text.STOP_WORDS.get(language, ())),
            "synonyms": [[list(key), list(tokens)] for key, tokens in table.items()],
            "words": sorted(words, key=_js_order),
        },
        "ranking": dict(RANKING),
        "docs": docs,
        "index": lunr_index(fields, FIELD_BOOSTS, boosts),
    }


def lunr_index(
    docs: Sequence[Mapping[str, Sequence[str]]],
    field_boosts: Mapping[str, float],
    doc_boosts: Sequence[float],
) -> dict:
    """A serialized lunr 2.3.9 index of already-analysed documents (refs are "0", "1", …).

    It is what lunr.py's `Builder` makes with an empty pipeline (the same BM25 weights,
    rounded to 3 decimals), only without its per-token objects, so it stays fast on
    thousands of documents; `lunr.Index.load` reads it in the browser and in Python.
    """
    names = list(field_boosts)
    inverted: dict[str, dict] = {}
    frequencies: list[tuple[str, str, dict[str, int], int]] = []
    length_sum = dict.fromkeys(names, 0)
    for number, doc in enumerate(docs):
        ref = str(number)
        for name in names:
            terms = doc.get(name, ())
            counts: dict[str, int] = {}
            for term in terms:
                counts[term] = counts.get(term, 0) + 1
            for term in counts:
                posting = inverted.get(term)
                if posting is None:
                    posting = {"_index": len(inverted), **{n: {} for n in names}}
                    inverted[term] = posting
                posting[name][ref] = {}
            frequencies.append((ref, name, counts, len(terms)))
            length_sum[name] += len(terms)
    count = len(docs)
    average = {name: (length_sum[name] / count if count else 0) for name in names}
    idf: dict[str, float] = {}
    vectors: list[list] = []
    for ref, name, counts, length in frequencies:
        elements: list[tuple[int, float]] = []
        for term, tf in counts.items():
            posting = inverted[term]
            if term not in idf:
                idf[term] = _idf(posting, count)
            norm = K1 * (1 - B + B * (length / average[name])) + tf
            score = idf[term] * ((K1 + 1) * tf) / norm * field_boosts[name]
            elements.append((posting["_index"], round(score * doc_boosts[int(ref)], 3)))
        elements.sort()
        vectors.append([f"{name}/{ref}", [value for pair in elements for value in pair]])
    return {
        "version": LUNR_VERSION,
        "fields": names,
        "fieldVectors": vectors,
        "invertedIndex": [[term, inverted[term]] for term in sorted(inverted, key=_js_order)],
        "pipeline": [],
    }


def correctable_words(text: str, language: str) -> set[str]:
    """The words of a text a typo can be corrected to (long enough, searchable)."""
    return {
        token
        for token in search_text.tokenize(text)
        if len(token) >= CORRECTION_MIN
        and not search_text.is_stop_word(token, language)
        and not _ASTRAL_RE.search(token)
    }


def plain_text(markup: str) -> str:
    """The words of Material's section HTML: tags become spaces, entities characters."""
    return html.unescape(_TAG_RE.sub(" ", markup))


# ----------------------------------------------------------------------------
# Searching
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    """One lunr clause of a query; the worker builds the same list."""

    term: str
    boost: float
    prefix: bool = False  # trailing wildcard: the word may still be being typed
    fuzzy: int = 0  # edit distance (typos)


@dataclass
class Result:
    """One page in the results, with the documents (page, sections) that matched."""

    location: str  # the page's location
    title: str
    score: float
    items: list[tuple[str, float]] = field(default_factory=list)  # (location, score), best first
    coverage: float = 0.0  # share of the query's concepts the page matches


class Engine:
    """A loaded search file: answers queries the way the browser's worker does."""

    def __init__(self, payload: Mapping) -> None:
        if payload.get("version") != PAYLOAD_VERSION:
            raise ValueError(f"search file version {payload.get('version')} is not supported")
        self.language: str = payload["lang"]
        self.docs: list[dict] = list(payload["docs"])
        self.ranking: dict[str, float] = dict(payload["ranking"])
        self.table: search_text.SynonymTable = {
            tuple(key): tuple(tokens) for key, tokens in payload["analysis"]["synonyms"]
        }
        self.index = Index.load(payload["index"])
        self.words = TokenSet.from_list(payload["analysis"]["words"])

    def typo_fixes(self, concepts: Sequence[search_text.Concept]) -> dict[int, list[str]]:
        """For each one-word concept whose stem the index lacks, the stems of the site's
        words one typo away from it ("escalamineto" → "escalamiento" → ["escal"])."""
        fixes: dict[int, list[str]] = {}
        for number, concept in enumerate(concepts):
            word = concept.label
            if len(concept.stems) != 1 or concept.groups or len(word) < CORRECTION_MIN:
                continue
            if concept.stems[0] in self.index.inverted_index:
                continue
            near = self.words.intersect(TokenSet.from_fuzzy_string(word, 1)).to_list()
            stems = {search_text.stem(found, self.language) for found in near}
            known = sorted(stem for stem in stems if stem in self.index.inverted_index)
            if known:
                fixes[number] = known
        return fixes

    @classmethod
    def from_file(cls, path: str) -> Engine:
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle))

    def concepts(self, query: str) -> list[search_text.Concept]:
        return search_text.analyze_query(query, self.language, self.table)

    def search(self, query: str) -> list[Result]:
        """The pages a reader sees for `query`, best first."""
        concepts = self.concepts(query)
        fixes = self.typo_fixes(concepts)
        clauses = query_clauses(concepts, is_typing(query), self.ranking, fixes)
        if not clauses:
            return []
        lunr_query = self.index.create_query()
        for clause in clauses:
            lunr_query.clause(
                term=clause.term,
                boost=clause.boost,
                use_pipeline=False,
                edit_distance=clause.fuzzy,
                wildcard=Query.WILDCARD_TRAILING if clause.prefix else Query.WILDCARD_NONE,
            )
        hits = [
            Hit(int(hit["ref"]), hit["score"], frozenset(hit["match_data"].metadata))
            for hit in self.index.query(lunr_query)
        ]
        return rank(hits, concepts, clauses, self.docs, self.ranking, fixes)


@dataclass(frozen=True)
class Hit:
    """A lunr result: which document, its score, the index terms it matched."""

    doc: int
    score: float
    terms: frozenset[str]


def is_typing(query: str) -> bool:
    """Whether the last word may be unfinished: the query does not end with a space."""
    return not query.endswith(TYPED_SPACES)


def query_clauses(
    concepts: Sequence[search_text.Concept],
    typing: bool,
    ranking: Mapping[str, float],
    fixes: Mapping[int, Sequence[str]],
) -> list[Clause]:
    """The lunr clauses of a query: every stem exactly, with typos, and the synonym groups.

    The last word also matches as a prefix while it is being typed (no space after it); a
    word the index does not know also matches the known stems one typo away (`typo_fixes`).
    """
    clauses: list[Clause] = []
    for number, concept in enumerate(concepts):
        for position, stem in enumerate(concept.stems):
            clauses.append(Clause(stem, ranking["exact"]))
            last = number == len(concepts) - 1 and position == len(concept.stems) - 1
            if typing and last and len(stem) >= PREFIX_MIN:
                clauses.append(Clause(stem, ranking["prefix"], prefix=True))
            if len(stem) >= FUZZY_MIN:
                clauses.append(Clause(stem, ranking["fuzzy"], fuzzy=1))
        for token in concept.groups:
            clauses.append(Clause(token, ranking["synonym"]))
        for fixed in fixes.get(number, ()):
            clauses.append(Clause(fixed, ranking["fuzzy"]))
    return clauses


def rank(
    hits: Sequence[Hit],
    concepts: Sequence[search_text.Concept],
    clauses: Sequence[Clause],
    docs: Sequence[Mapping],
    ranking: Mapping[str, float],
    fixes: Mapping[int, Sequence[str]],
) -> list[Result]:
    """Group lunr's documents by page and re-rank the pages.

    A page scores as its best document, times `1 + coverage_weight × coverage²` (the share
    of the query's concepts found anywhere on the page), the page's own entry (title,
    description, introduction) counting `article` times a section.
    """
    by_page: dict[int, list[Hit]] = {}
    for hit in hits:
        page = docs[hit.doc].get("page", hit.doc)
        by_page.setdefault(page, []).append(hit)
    results: list[tuple[float, int, Result]] = []
    for page, page_hits in by_page.items():
        matched = frozenset().union(*(hit.terms for hit in page_hits))
        found = sum(
            1
            for number, concept in enumerate(concepts)
            if concept_matched(concept, matched, clauses, fixes.get(number, ()))
        )
        coverage = found / len(concepts) if concepts else 0.0
        factor = 1 + ranking["coverage"] * coverage * coverage
        items = []
        for hit in page_hits:
            weight = ranking["article"] if hit.doc == page else 1.0
            items.append((docs[hit.doc]["location"], hit.score * factor * weight, hit.doc))
        items.sort(key=lambda item: (-item[1], item[2]))
        best = items[0][1]
        result = Result(
            location=docs[page]["location"],
            title=docs[page]["title"],
            score=best,
            items=[(location, score) for location, score, _ in items],
            coverage=coverage,
        )
        results.append((best, page, result))
    results.sort(key=lambda item: (-item[0], item[1]))
    return [result for _, _, result in results]


def concept_matched(
    concept: search_text.Concept,
    terms: frozenset[str],
    clauses: Sequence[Clause],
    fixes: Sequence[str] = (),
) -> bool:
    """Whether index terms a page matched satisfy a concept (a stem, its typos, its groups)."""
    if any(token in terms for token in concept.groups) or any(f in terms for f in fixes):
        return True
    for stem in concept.stems:
        if stem in terms:
            continue
        prefix = any(c.prefix and c.term == stem for c in clauses)
        fuzzy = any(c.fuzzy and c.term == stem for c in clauses)
        if prefix and any(term.startswith(stem) for term in terms):
            continue
        if fuzzy and any(within_one_edit(term, stem) for term in terms):
            continue
        return False
    return bool(concept.stems)


def within_one_edit(a: str, b: str) -> bool:
    """At most one insertion, deletion, substitution or swap of neighbours apart."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        if a[start + 1 :] == b[start + 1 :]:
            return True
        return (
            start + 1 < len(a)
            and a[start] == b[start + 1]
            and a[start + 1] == b[start]
            and a[start + 2 :] == b[start + 2 :]
        )
    return a[start:] == b[start + 1 :]


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _page_entries(page: SearchPage) -> list[dict]:
    """The page's entries with its own entry first (Material's order, the worker relies on it)."""
    own = [entry for entry in page.entries if "#" not in entry["location"]]
    sections = [entry for entry in page.entries if "#" in entry["location"]]
    if not own:
        own = [{"location": page.url, "title": html.escape(page.title, quote=False), "text": ""}]
    return own[:1] + sections


def _idf(posting: Mapping[str, Mapping], count: int) -> float:
    """lunr's inverse document frequency (documents counted once per field they match in)."""
    with_term = sum(len(docs) for name, docs in posting.items() if name != "_index")
    return math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))


def _js_order(term: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units; lunr.js needs its terms in that order."""
    return term.encode("utf-16-be")


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

PAYLOAD_VERSION = 1  # bump when the file's shape changes (the worker checks it)
LUNR_VERSION = "2.3.9"  # the lunr.js the worker ships (docs/assets/javascripts/search/)
K1 = 1.2  # lunr's BM25 term-frequency saturation
B = 0.75  # lunr's BM25 length normalization
PREFIX_MIN = 2  # shortest stem matched as a prefix
FUZZY_MIN = 5  # shortest stem matched with one typo
CORRECTION_MIN = 5  # shortest word corrected to a site's word one typo away
TYPED_SPACES = (" ", "\t", "\n", "\r", "\u00a0")  # a query ending with one is complete

FIELD_BOOSTS = {"title": 10.0, "description": 4.0, "text": 1.0}
HUB_BOOST = 0.5  # home and category index pages list other articles: rank them lower

RANKING = {
    "exact": 10.0,  # a stem as typed
    "prefix": 2.0,  # the last word as a prefix (still being typed)
    "fuzzy": 1.0,  # one typo
    "synonym": 6.0,  # a synonym group
    "article": 1.5,  # the page's own entry against one of its sections
    "coverage": 2.0,  # weight of the share of the query's concepts a page matches
}

_TAG_RE = re.compile(r"<[^>]*>")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
