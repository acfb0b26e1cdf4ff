"""The site's search engine: the index the browser loads, and queries ranked as the browser does.

At build time `build_payload` turns the pages of one language into the file the browser's
search worker loads (`search/search_index.<language>.json`): the documents to show (Material's
sections of each page), the text-analysis data (stop words, synonyms, the site's words for typo
fixes) and a prebuilt index whose terms come from `search_text`.

The index holds lunr's BM25 weights (what lunr.py's builder computes: same formula, same
rounding) as compact postings, term → field → (document, weight). Scoring is lunr's too: the
query is a vector of clause boosts over the terms its clauses expand to (exact, prefix, typo,
synonym group), and a document scores the sum over fields of its weights times the query
vector, divided by the query vector's length; `tests/test_search_index.py` checks that lunr.py
ranks the same. Only the work is organised differently: postings are walked once per term,
with no object per match, so a query answers in milliseconds on thousands of articles, and the
file is about half the size of lunr's serialized index.

`Engine` loads the file and answers a query exactly as the worker
(`docs/assets/javascripts/search/search-text.js`, `worker.js`) does: same concepts, same
clauses, same scores, same re-ranking. Tests, the search-quality harness and
`scripts/search_query.py` use it to see what a reader would see.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import search_text
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
    chunks: set[str] = set()
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
            for text in texts.values():
                chunks.update(text.split())
            boosts.append(page.boost * float(entry.get("boost", 1)))
    return {
        "version": PAYLOAD_VERSION,
        "lang": language,
        "analysis": {
            "stopWords": sorted(search_text.STOP_WORDS.get(language, ())),
            "synonyms": [[list(key), list(tokens)] for key, tokens in table.items()],
            "words": sorted(correctable_words(chunks, language), key=_js_order),
        },
        "ranking": dict(RANKING),
        "docs": docs,
        "index": compact_index(fields, FIELD_BOOSTS, boosts),
    }


def bm25_weights(
    docs: Sequence[Mapping[str, Sequence[str]]],
    field_boosts: Mapping[str, float],
    doc_boosts: Sequence[float],
) -> dict[str, list[list[tuple[int, float]]]]:
    """term → per field → [(document, weight)] in document order: lunr's BM25 weights.

    lunr.py's `Builder` with an empty pipeline computes the same numbers (its idf counts a
    document once per field the term is in; weights are rounded to 3 decimals).
    """
    names = list(field_boosts)
    counts: dict[str, list[list[tuple[int, int]]]] = {}
    lengths: list[list[int]] = []
    for number, doc in enumerate(docs):
        row = []
        for position, name in enumerate(names):
            terms = doc.get(name, ())
            row.append(len(terms))
            for term, tf in Counter(terms).items():
                per_field = counts.get(term)
                if per_field is None:
                    per_field = counts[term] = [[] for _ in names]
                per_field[position].append((number, tf))
        lengths.append(row)
    total = len(docs)
    average = [sum(row[i] for row in lengths) / total if total else 0 for i in range(len(names))]
    # lunr's length normalization, the same operations in the same order, once per field
    norms = [
        [K1 * (1 - B + B * (row[i] / average[i])) if average[i] else 0.0 for row in lengths]
        for i in range(len(names))
    ]
    boosts = [field_boosts[name] for name in names]
    weights: dict[str, list[list[tuple[int, float]]]] = {}
    for term, per_field in counts.items():
        with_term = sum(len(found) for found in per_field)
        idf = math.log(1 + abs((total - with_term + 0.5) / (with_term + 0.5)))
        weights[term] = [
            [
                (number, round(idf * ((K1 + 1) * tf) / (norm[number] + tf) * boost * doc, 3))
                for number, tf in found
                for doc in (doc_boosts[number],)  # lunr: × field boost, then × document boost
            ]
            for found, boost, norm in zip(per_field, boosts, norms, strict=True)
        ]
    return weights


def compact_index(
    docs: Sequence[Mapping[str, Sequence[str]]],
    field_boosts: Mapping[str, float],
    doc_boosts: Sequence[float],
) -> dict:
    """The index as the browser loads it: sorted terms, and for each term and field the
    documents (as gaps from the previous one) and weights (in thousandths), interleaved."""
    weights = bm25_weights(docs, field_boosts, doc_boosts)
    terms = sorted(weights, key=_js_order)
    postings = []
    for term in terms:
        row = []
        for found in weights[term]:
            flat: list[int] = []
            previous = -1
            for number, weight in found:
                flat.append(number - previous)
                flat.append(round(weight * 1000))
                previous = number
            row.append(flat)
        postings.append(row)
    return {
        "fields": list(field_boosts),
        "documents": len(docs),
        "terms": terms,
        "postings": postings,
    }


def correctable_words(chunks: Iterable[str], language: str) -> set[str]:
    """The words of some text (split on spaces) a typo can be corrected to: long enough,
    searchable."""
    return {
        token
        for token in search_text.tokenize(" ".join(chunks))
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
    """One clause of a query (as a lunr clause); the worker builds the same list."""

    term: str
    boost: float
    concept: int  # which of the query's concepts it stands for
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
        self.index = CompactIndex(payload["index"])
        self.words = TokenSet.from_list(sorted(payload["analysis"]["words"]))

    @classmethod
    def from_file(cls, path: str) -> Engine:
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle))

    def concepts(self, query: str) -> list[search_text.Concept]:
        return search_text.analyze_query(query, self.language, self.table)[:MAX_CONCEPTS]

    def typo_fixes(self, concepts: Sequence[search_text.Concept]) -> dict[int, list[str]]:
        """For each one-word concept whose stem the index lacks, the stems of the site's
        words one typo away from it ("escalamineto" → "escalamiento" → ["escal"])."""
        fixes: dict[int, list[str]] = {}
        for number, concept in enumerate(concepts):
            word = concept.label
            if len(concept.stems) != 1 or concept.groups or len(word) < CORRECTION_MIN:
                continue
            if concept.stems[0] in self.index.ids:
                continue
            near = self.words.intersect(TokenSet.from_fuzzy_string(word, 1)).to_list()
            stems = {search_text.stem(found, self.language) for found in near}
            known = sorted(stem for stem in stems if stem in self.index.ids)
            if known:
                fixes[number] = known
        return fixes

    def search(self, query: str) -> list[Result]:
        """The pages a reader sees for `query`, best first."""
        concepts = self.concepts(query)
        fixes = self.typo_fixes(concepts)
        clauses = query_clauses(concepts, is_typing(query), self.ranking, fixes, self.index.ids)
        if not clauses:
            return []
        hits = self.index.query(clauses)
        return rank(hits, len(concepts), self.docs, self.ranking)


class CompactIndex:
    """The index of a search file, and lunr's scoring over it."""

    def __init__(self, data: Mapping) -> None:
        self.fields: list[str] = list(data["fields"])
        self.terms: list[str] = list(data["terms"])
        self.ids = {term: number for number, term in enumerate(self.terms)}
        self.token_set = TokenSet.from_list(sorted(self.terms))
        self.postings: list[list[tuple[list[int], list[float]]]] = []
        for row in data["postings"]:
            decoded = []
            for flat in row:
                docs: list[int] = []
                weights: list[float] = []
                previous = -1
                for position in range(0, len(flat), 2):
                    previous += flat[position]
                    docs.append(previous)
                    weights.append(flat[position + 1] / 1000)
                decoded.append((docs, weights))
            self.postings.append(decoded)

    def expand(self, clause: Clause) -> list[int]:
        """The index terms a clause stands for, as term numbers."""
        if clause.fuzzy:
            found = self.token_set.intersect(TokenSet.from_fuzzy_string(clause.term, clause.fuzzy))
            return sorted(self.ids[term] for term in found.to_list())
        if clause.prefix:
            found = self.token_set.intersect(TokenSet.from_string(clause.term + "*"))
            return sorted(self.ids[term] for term in found.to_list())
        number = self.ids.get(clause.term)
        return [] if number is None else [number]

    def query(self, clauses: Sequence[Clause]) -> list[Hit]:
        """lunr's scores of the documents that match any clause, with the concepts they match.

        The query vector holds, per term, the sum of the boosts of the clauses expanding to
        it; a document scores Σ (query weight × document weight) over its terms and fields,
        divided by the query vector's length. Terms are walked in index order, fields in
        order, documents in order, so the browser adds the same numbers in the same order.
        """
        boosts: dict[int, float] = {}
        concepts: dict[int, int] = {}
        for clause in clauses:
            for number in self.expand(clause):
                boosts[number] = boosts.get(number, 0) + clause.boost
                concepts[number] = concepts.get(number, 0) | (1 << clause.concept)
        if not boosts:
            return []
        order = sorted(boosts)
        total = 0.0
        for number in order:
            total += boosts[number] * boosts[number]
        length = math.sqrt(total)
        scores: dict[int, float] = {}
        masks: dict[int, int] = {}
        for number in order:
            boost, mask = boosts[number], concepts[number]
            for docs, weights in self.postings[number]:
                for doc, weight in zip(docs, weights, strict=True):
                    scores[doc] = scores.get(doc, 0) + boost * weight
                    masks[doc] = masks.get(doc, 0) | mask
        return [Hit(doc, scores[doc] / length, masks[doc]) for doc in sorted(scores)]


@dataclass(frozen=True)
class Hit:
    """A matching document: its lunr score, and which concepts of the query it matches."""

    doc: int
    score: float
    concepts: int  # bit i set: the document matches concept i


def is_typing(query: str) -> bool:
    """Whether the last word may be unfinished: the query does not end with a space."""
    return not query.endswith(TYPED_SPACES)


def query_clauses(
    concepts: Sequence[search_text.Concept],
    typing: bool,
    ranking: Mapping[str, float],
    fixes: Mapping[int, Sequence[str]],
    known: Container[str],
) -> list[Clause]:
    """The clauses of a query: every stem exactly and with one typo, the synonym groups.

    The last word, while it is being typed (no space after it) and not yet a known term, also
    matches as a prefix; a word the index does not know also matches the known stems one
    typo away (`Engine.typo_fixes`).
    """
    clauses: list[Clause] = []
    for number, concept in enumerate(concepts):
        for position, stem in enumerate(concept.stems):
            clauses.append(Clause(stem, ranking["exact"], number))
            last = number == len(concepts) - 1 and position == len(concept.stems) - 1
            if typing and last and len(stem) >= PREFIX_MIN and stem not in known:
                clauses.append(Clause(stem, ranking["prefix"], number, prefix=True))
            if len(stem) >= FUZZY_MIN:
                clauses.append(Clause(stem, ranking["fuzzy"], number, fuzzy=1))
        for token in concept.groups:
            clauses.append(Clause(token, ranking["synonym"], number))
        for fixed in fixes.get(number, ()):
            clauses.append(Clause(fixed, ranking["fuzzy"], number))
    return clauses


def rank(
    hits: Sequence[Hit], concepts: int, docs: Sequence[Mapping], ranking: Mapping[str, float]
) -> list[Result]:
    """Group the matching documents by page and re-rank the pages.

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
        mask = 0
        for hit in page_hits:
            mask |= hit.concepts
        coverage = mask.bit_count() / concepts if concepts else 0.0
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


def _js_order(term: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units; lunr.js needs its terms in that order."""
    return term.encode("utf-16-be")


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

PAYLOAD_VERSION = 2  # bump when the file's shape changes (the worker checks it)
LUNR_VERSION = "2.3.9"  # the lunr.js the worker ships (docs/assets/javascripts/search/)
K1 = 1.2  # lunr's BM25 term-frequency saturation
B = 0.75  # lunr's BM25 length normalization
PREFIX_MIN = 3  # shortest stem matched as a prefix
MAX_CONCEPTS = 30  # words (or synonym phrases) of a query that count; the rest is ignored
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
