"""The site's search engine: the index the browser loads, and queries ranked as the browser does.

At build time `build_payload` turns the pages of one language into the two files the browser's
search worker loads: `search/search_index.<language>.json`, what it needs before it can answer
(the location and title of Material's sections of each page, the text-analysis data: stop
words, synonyms, the site's words for typo fixes; and a prebuilt index whose terms come from
`search_text`), and `search/search_text.<language>.json`, the section texts shown under the
results, which the worker loads once it is ready.

The index holds lunr's BM25 weights (what lunr.py's builder computes: same formula, same
rounding) as compact postings, one string per term of field → (document gap, weight in
thousandths), decoded only for the terms a query looks for. Scoring is lunr's too: the
query is a vector of clause boosts over the terms its clauses expand to (exact, prefix, typo,
synonym group), and a document scores the sum over fields of its weights times the query
vector, divided by the query vector's length; `tests/test_search_index.py` checks that lunr.py
ranks the same. Only the work is organised differently: postings are walked once per term,
with no object per match, so a query answers in milliseconds on thousands of articles, and the
file is about half the size of lunr's serialized index.

`Engine` loads the files and answers a query exactly as the worker
(`docs/assets/javascripts/search/search-text.js`, `worker.js`) does: same concepts, same
clauses, same scores, same re-ranking. Tests, the search-quality harness and
`scripts/search_query.py` use it to see what a reader would see.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import chain
from pathlib import Path

from lunr.token_set import TokenSet

from helpcenter.search import text as search_text

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
) -> tuple[dict, dict]:
    """The two JSON-ready search files of one language.

    The index (`search_index.<language>.json`): what the worker needs before it can answer,
    i.e. each page's location and titles, the text-analysis data and the lunr index. The
    texts (`search_text.<language>.json`): the section text Material shows under a result,
    in document order, which the worker loads after it is ready. Both carry the same `id`,
    so the worker never pairs an index with the texts of another build.
    """
    groups = list(groups)
    table = search_text.synonym_table(groups)
    table_key = tuple(sorted((key, tuple(tokens)) for key, tokens in table.items()))
    known, analysed = _analysed.get(language, ((), {}))
    if known != table_key:
        analysed = {}
    now: dict[tuple[str, str, str], tuple[dict, tuple[str, ...]]] = {}
    entries_of_pages: list[list] = []
    fields: list[dict[str, list[str]]] = []
    boosts: list[float] = []
    texts: list[str] = []
    chunks: set[str] = set()
    for page in pages:
        entries = _page_entries(page)
        own = entries[0]
        sections = []
        for number, entry in enumerate(entries):
            if number:
                sections.append([entry["location"].split("#", 1)[1], entry["title"]])
            description = page.description if number == 0 else ""
            key = (entry["title"], description, entry["text"])
            terms, words = now.get(key) or analysed.get(key) or _terms(key, language, table)
            now[key] = terms, words
            fields.append(terms)
            chunks.update(words)
            texts.append(entry["text"])
            boosts.append(page.boost * float(entry.get("boost", 1)))
        entries_of_pages.append([own["location"], own["title"], sections])
    _analysed[language] = table_key, now
    text_file = {"version": PAYLOAD_VERSION, "texts": texts}
    digest = hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode()).hexdigest()
    text_file["id"] = digest[:12]
    payload = {
        "version": PAYLOAD_VERSION,
        "lang": language,
        "id": text_file["id"],
        "analysis": {
            "stopWords": sorted(search_text.STOP_WORDS.get(language, ())),
            "synonyms": [[list(key), list(tokens)] for key, tokens in table.items()],
            "words": sorted(correctable_words(chunks, language), key=_js_order),
        },
        "ranking": dict(RANKING),
        "pages": entries_of_pages,
        "index": compact_index(fields, FIELD_BOOSTS, boosts),
    }
    return payload, text_file


def _terms(
    entry: tuple[str, str, str], language: str, table: search_text.SynonymTable
) -> tuple[dict, tuple[str, ...]]:
    """An entry's (title HTML, description, text HTML) terms per field, and its words."""
    title_html, description, text_html = entry
    title, text = html.unescape(title_html), plain_text(text_html)
    terms = {
        "title": search_text.index_terms(title, language, table),
        "description": search_text.index_terms(description, language, table),
        "text": search_text.index_terms(text, language, table),
    }
    return terms, (*title.split(), *description.split(), *text.split())


# language → (synonym table, entry → its terms and words) of the last build: under
# `mkdocs serve`, a save that rebuilds one page analyses only that page's entries again.
_analysed: dict[str, tuple[tuple, dict[tuple[str, str, str], tuple[dict, tuple[str, ...]]]]] = {}


def documents(payload: Mapping, texts: Mapping | None = None) -> list[dict]:
    """The documents of a search file, in index order: location, title, text (when the texts
    file is given and belongs to it) and, for a section, `page` (its page's document)."""
    found = list(texts["texts"]) if texts and texts.get("id") == payload.get("id") else None
    docs: list[dict] = []
    for location, title, sections in payload["pages"]:
        page = len(docs)
        docs.append({"location": location, "title": title, "text": ""})
        for anchor, section_title in sections:
            docs.append(
                {
                    "location": f"{location}#{anchor}",
                    "title": section_title,
                    "text": "",
                    "page": page,
                }
            )
    if found is not None and len(found) == len(docs):
        for doc, text in zip(docs, found, strict=True):
            doc["text"] = text
    return docs


def _count_terms(
    docs: Sequence[Mapping[str, Sequence[str]]], names: Sequence[str]
) -> tuple[dict[str, list[list[tuple[int, int]]]], list[list[int]]]:
    """term → per field → [(document, term frequency)], and each document's field lengths."""
    by_field: list[dict[str, list[tuple[int, int]]]] = []
    for name in names:
        found: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for number, doc in enumerate(docs):
            terms = doc.get(name)
            if terms:
                for term, tf in Counter(terms).items():
                    found[term].append((number, tf))
        by_field.append(found)
    counts = {
        term: [found.get(term, []) for found in by_field]
        for term in dict.fromkeys(chain.from_iterable(by_field))
    }
    lengths = [[len(doc.get(name, ())) for name in names] for doc in docs]
    return counts, lengths


def _norms(lengths: Sequence[Sequence[int]], fields: int) -> list[list[float]]:
    """lunr's length normalization per field and document, the same operations in order."""
    total = len(lengths)
    average = [sum(row[i] for row in lengths) / total if total else 0 for i in range(fields)]
    return [
        [K1 * (1 - B + B * (row[i] / average[i])) if average[i] else 0.0 for row in lengths]
        for i in range(fields)
    ]


def _idf(total: int, per_field: Sequence[Sequence]) -> float:
    """lunr's idf: a document counts once per field the term is in."""
    with_term = sum(len(found) for found in per_field)
    return math.log(1 + abs((total - with_term + 0.5) / (with_term + 0.5)))


def bm25_weights(
    docs: Sequence[Mapping[str, Sequence[str]]],
    field_boosts: Mapping[str, float],
    doc_boosts: Sequence[float],
) -> dict[str, list[list[tuple[int, float]]]]:
    """term → per field → [(document, weight)] in document order: lunr's BM25 weights.

    lunr.py's `Builder` with an empty pipeline computes the same numbers (its idf counts a
    document once per field the term is in; weights are rounded to 3 decimals).
    `compact_index` computes the same weights, straight into the file's encoding.
    """
    names = list(field_boosts)
    counts, lengths = _count_terms(docs, names)
    norms = _norms(lengths, len(names))
    boosts = [field_boosts[name] for name in names]
    weights: dict[str, list[list[tuple[int, float]]]] = {}
    for term, per_field in counts.items():
        idf = _idf(len(docs), per_field)
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
    """The index as the browser loads it: sorted terms and, per term, one string of postings.

    A term's string holds, for each field in order, the number of documents, then for each
    document the gap from the previous one and its weight in thousandths (`bm25_weights`,
    the same operations), every number as a variable-length base-32 integer
    (`encode_numbers`): a few characters each, which the browser decodes only for the
    terms a query looks for.
    """
    names = list(field_boosts)
    counts, lengths = _count_terms(docs, names)
    norms = _norms(lengths, len(names))
    boosts = [field_boosts[name] for name in names]
    total = len(docs)
    # A term's weight in a document depends on the document only through the field's
    # length normalization and the document's boost: documents alike in both share a class,
    # and each weight is computed once per term, field, class and term frequency.
    classes: list[list[int]] = []
    for norm in norms:
        seen: dict[tuple[float, float], int] = {}
        classes.append(
            [seen.setdefault(pair, len(seen)) for pair in zip(norm, doc_boosts, strict=True)]
        )
    size = max((max(row, default=0) + 1 for row in classes), default=1)
    table = _VARINT
    small = len(table)
    terms = sorted(counts, key=_js_order)
    postings = []
    for term in terms:
        per_field = counts[term]
        idf = _idf(total, per_field)
        parts: list[str] = []
        for found, boost, norm, kind in zip(per_field, boosts, norms, classes, strict=True):
            parts.append(table[len(found)] if len(found) < small else _varint(len(found)))
            memo: dict[int, str] = {}
            previous = -1
            for number, tf in found:
                key = tf * size + kind[number]
                encoded = memo.get(key)
                if encoded is None:
                    # bm25_weights' operations, in its order; then the weight in thousandths
                    exact = idf * ((K1 + 1) * tf) / (norm[number] + tf) * boost * doc_boosts[number]
                    weight = _thousandths(exact)
                    encoded = memo[key] = table[weight] if weight < small else _varint(weight)
                gap = number - previous
                previous = number
                parts.append(table[gap] if gap < small else _varint(gap))
                parts.append(encoded)
        postings.append("".join(parts))
    return {"fields": names, "documents": total, "terms": terms, "postings": postings}


def _thousandths(weight: float) -> int:
    """`round(round(weight, 3) * 1000)`, the slow exact rounding only near a tie."""
    scaled = weight * 1000
    whole = round(scaled)
    if abs(abs(scaled - whole) - 0.5) > 1e-6:
        return whole
    return round(round(weight, 3) * 1000)


def encode_numbers(numbers: Iterable[int]) -> str:
    """Non-negative integers as one string: 5 bits per character, low bits first, a
    character with the value 32 added when more of the same number follow."""
    return "".join(_varint(number) for number in numbers)


def decode_numbers(text: str) -> list[int]:
    """The integers of `encode_numbers`."""
    numbers: list[int] = []
    value = shift = 0
    for char in text:
        digit = _DIGITS[char]
        value |= (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            numbers.append(value)
            value = shift = 0
    if shift:
        raise ValueError("postings end in the middle of a number")
    return numbers


def decode_postings(text: str, fields: int) -> list[tuple[list[int], list[float]]]:
    """One term's postings string (`compact_index`): per field, documents and weights."""
    numbers = decode_numbers(text)
    decoded = []
    position = 0
    for _ in range(fields):
        count = numbers[position]
        position += 1
        docs: list[int] = []
        weights: list[float] = []
        previous = -1
        for _ in range(count):
            previous += numbers[position]
            docs.append(previous)
            weights.append(numbers[position + 1] / 1000)
            position += 2
        decoded.append((docs, weights))
    if position != len(numbers):
        raise ValueError("postings hold more numbers than their fields")
    return decoded


def _varint(number: int) -> str:
    if number < 0:
        raise ValueError(f"cannot encode the negative number {number}")
    out = []
    while number >= 32:
        out.append(_ALPHABET[32 | (number & 31)])
        number >>= 5
    out.append(_ALPHABET[number])
    return "".join(out)


def correctable_words(chunks: Iterable[str], language: str) -> set[str]:
    """The words of some text (split on spaces) a typo can be corrected to: long enough,
    searchable."""
    tokens = set(chain.from_iterable(map(search_text.chunk_tokens, set(chunks))))
    return {
        token
        for token in tokens
        if len(token) >= CORRECTION_MIN
        and not search_text.is_stop_word(token, language)
        and not _ASTRAL_RE.search(token)
    }


def plain_text(markup: str) -> str:
    """The words of Material's section HTML: tags become spaces, entities characters."""
    if "<" not in markup and "&" not in markup:
        return markup
    reader = _TextReader()
    reader.feed(markup)
    reader.close()
    return "".join(reader.parts)


class _TextReader(HTMLParser):
    """The text of a piece of HTML, a space for each tag (html.parser, as the audit reads)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


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

    def __init__(self, payload: Mapping, texts: Mapping | None = None) -> None:
        if payload.get("version") != PAYLOAD_VERSION:
            raise ValueError(f"search file version {payload.get('version')} is not supported")
        self.language: str = payload["lang"]
        self.docs: list[dict] = documents(payload, texts)
        self.ranking: dict[str, float] = dict(payload["ranking"])
        self.table: search_text.SynonymTable = {
            tuple(key): tuple(tokens) for key, tokens in payload["analysis"]["synonyms"]
        }
        self.index = CompactIndex(payload["index"])
        self.words = TokenSet.from_list(sorted(payload["analysis"]["words"]))

    @classmethod
    def from_file(cls, path: str | Path) -> Engine:
        """The engine of a built index file, with its texts file beside it when there is one."""
        path = Path(path)
        payload = json.loads(path.read_text(encoding="utf-8"))
        text_path = path.with_name(text_file_name(path.name))
        texts = json.loads(text_path.read_text(encoding="utf-8")) if text_path.exists() else None
        return cls(payload, texts)

    @classmethod
    def from_site(cls, site: str | Path, language: str) -> Engine:
        """The engine of one language of a built site."""
        return cls.from_file(Path(site) / INDEX_FILE.format(language=language))

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
        fields = len(self.fields)
        self.postings: list[list[tuple[list[int], list[float]]]] = [
            decode_postings(text, fields) for text in data["postings"]
        ]

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
    """Group the matching documents by page, keep the pages that mean something, re-rank them.

    A page scores as its best document, times `1 + coverage_weight × coverage²` (the share
    of the query's concepts found anywhere on the page), the page's own entry (title,
    description, introduction) counting `article` times a section. It is listed only if
    it matches enough of the query (`required_concepts`) and scores at least `relevance`
    times the best listed page: a page that only mentions a word in passing is left out.
    """
    known = 0
    by_page: dict[int, list[Hit]] = {}
    for hit in hits:
        known |= hit.concepts
        page = docs[hit.doc].get("page", hit.doc)
        by_page.setdefault(page, []).append(hit)
    required = required_concepts(known.bit_count(), ranking)
    results: list[tuple[float, int, Result]] = []
    for page, page_hits in by_page.items():
        mask = 0
        for hit in page_hits:
            mask |= hit.concepts
        if mask.bit_count() < required:
            continue
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
    floor = results[0][0] * ranking["relevance"] if results else 0.0
    return [result for score, _, result in results if score >= floor]


def required_concepts(known: int, ranking: Mapping[str, float]) -> int:
    """How many of the query's concepts a page must match: `match` (a share) of the concepts
    the site knows (those that match some page), rounded up, at least one.

    Words no page has («ayer», «stock») do not count: they cannot tell pages apart.
    """
    return max(1, math.ceil(known * ranking["match"]))


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


def text_file_name(index_name: str) -> str:
    """The texts file beside an index file: search_index.es.json → search_text.es.json."""
    return index_name.replace("search_index.", "search_text.", 1)


def _js_order(term: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units; lunr.js needs its terms in that order."""
    return term.encode("utf-16-be")


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

PAYLOAD_VERSION = 4  # bump when the files' shape changes (the worker checks it)
INDEX_FILE = "search/search_index.{language}.json"  # under the site folder
TEXT_FILE = "search/search_text.{language}.json"  # the texts of the index's documents
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
    "article": 3.0,  # the page's own entry (title, description, introduction) against a section
    "coverage": 3.0,  # weight of the share of the query's concepts a page matches
    "match": 0.5,  # a page must match this share of the query's known concepts (at least 1)
    "relevance": 0.1,  # ... and score at least this share of the best page listed
}

# Postings: 5 bits per character; characters that JSON and URLs keep as they are.
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_DIGITS = {char: value for value, char in enumerate(_ALPHABET)}
_VARINT = [_varint(number) for number in range(1 << 15)]  # the numbers of 3 characters or fewer
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
