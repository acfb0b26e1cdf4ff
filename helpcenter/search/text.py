"""How the site's search reads text: the same rules for the articles and for what readers type.

The index is built here, at build time; the browser analyses the query with the same rules in
`docs/assets/javascripts/search/search-text.js`. Both sides must agree word for word, so any
change here is mirrored there (`tests/test_search_text.py` runs both on the same inputs).

1. `normalize`: lowercase, compatibility forms folded (ﬁ → fi), accents stripped (número →
   numero, pingüino → pinguino) but ñ kept apart from n (año ≠ ano).
2. `tokenize`: runs of letters and digits; ¿ ¡ and every other sign separate words.
3. Stop words and one-letter words are dropped (`STOP_WORDS`, per language).
4. `stem`: Snowball stemming per language (solicitudes, solicitud → solicitud;
   escalar, escalo, escalamiento → escal), on the folded word.
5. Synonyms (`data/synonyms.yml`): a word or phrase of a group adds the group's token
   (`_ticket`), in the articles and in the query, so "caso" finds "solicitud".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from pathlib import Path

import snowballstemmer
import yaml

from helpcenter.content.docs_index import yaml_problem_line
from helpcenter.problems import Problem

# ----------------------------------------------------------------------------
# Words
# ----------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Lowercase and accent-free, ñ kept: "¿Cómo AÑADO un Número?" → "¿como añado un numero?"."""
    if text.isascii():
        return text.lower()  # nothing to fold (most words of most texts)
    text = unicodedata.normalize("NFC", text).lower().replace("ñ", _ENYE)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.category(char).startswith("M"))
    return unicodedata.normalize("NFC", text).replace(_ENYE, "ñ")


def tokenize(text: str) -> list[str]:
    """The words of a text, normalized: "¿Cómo escalo mi ticket?" → ["como", "escalo", …]."""
    return [token for chunk in text.split() for token in chunk_tokens(chunk)]


def is_stop_word(token: str, language: str) -> bool:
    """A word too common to search for (or a single letter), in a normalized form."""
    single = len(token) < 2 and not unicodedata.category(token).startswith("N")
    return single or token in STOP_WORDS.get(language, ())


def stem(token: str, language: str) -> str:
    """The Snowball stem of a normalized word ("solicitudes" → "solicitud")."""
    return _stemmer(language)(token)


def analyze(text: str, language: str) -> list[str]:
    """The searchable terms of a text, in order: stems of the words that are not stop words."""
    # Chunk by chunk, with a cache: normalizing and stemming are slow in Python, and the
    # articles of a site repeat their words (the lookups and the joining run in C).
    cache = _TERMS.setdefault(language, {})
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    chunks = text.split()
    try:
        return list(chain.from_iterable(map(cache.__getitem__, chunks)))
    except KeyError:
        for chunk in set(chunks).difference(cache):
            cache[chunk] = _chunk_terms(chunk, language)
        return list(chain.from_iterable(map(cache.__getitem__, chunks)))


# ----------------------------------------------------------------------------
# Synonyms
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SynonymGroup:
    """Words and phrases that mean the same to a reader, in one language."""

    token: str  # the term the group adds to the index and the query: "_ticket"
    phrases: tuple[str, ...]  # as the writer wrote them: ("ticket", "solicitud", …)
    keys: tuple[tuple[str, ...], ...]  # each phrase analyzed: (("ticket",), ("solicitud",), …)
    line: int  # where the group starts in the YAML file


SynonymTable = dict[tuple[str, ...], tuple[str, ...]]  # analyzed phrase -> group tokens


def parse_synonyms(
    text: str, path: str, languages: Iterable[str]
) -> tuple[dict[str, list[SynonymGroup]], list[Problem]]:
    """The synonym groups of `data/synonyms.yml` per language, and every problem in the file."""
    languages = tuple(languages)
    groups: dict[str, list[SynonymGroup]] = {language: [] for language in languages}
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        line = yaml_problem_line(error, text)
        reason = getattr(error, "problem", None) or "not valid YAML"
        return groups, [Problem(path, line, f"not valid YAML: {reason}", _SHAPE_HINT)]
    if root is None:
        return groups, []
    if not isinstance(root, yaml.MappingNode):
        return groups, [Problem(path, _line(root), "expected one key per language", _SHAPE_HINT)]
    problems: list[Problem] = []
    for key_node, value_node in root.value:
        language = key_node.value
        if language not in languages:
            problems.append(
                Problem(
                    path,
                    _line(key_node),
                    f"unknown language «{language}»",
                    f"use one of the site's languages: {', '.join(languages)}",
                )
            )
            continue
        found, more = _parse_groups(value_node, path, language)
        groups[language].extend(found)
        problems += more
    return groups, problems


def load_synonyms(
    file: Path, path: str, languages: Iterable[str]
) -> tuple[dict[str, list[SynonymGroup]], list[Problem]]:
    """Read and parse the synonyms file; a missing file means no synonyms."""
    languages = tuple(languages)
    if not file.exists():
        return {language: [] for language in languages}, []
    return parse_synonyms(file.read_text(encoding="utf-8"), path, languages)


def synonym_table(groups: Iterable[SynonymGroup]) -> SynonymTable:
    """Analyzed phrase → tokens of the groups it belongs to."""
    table: dict[tuple[str, ...], list[str]] = {}
    for group in groups:
        for key in group.keys:
            tokens = table.setdefault(key, [])
            if group.token not in tokens:
                tokens.append(group.token)
    return {key: tuple(tokens) for key, tokens in table.items()}


def find_phrases(terms: list[str], table: Mapping[tuple[str, ...], tuple[str, ...]]) -> list[Span]:
    """Synonym phrases in a list of terms: longest match first, left to right, no overlap."""
    sizes = _phrase_sizes(table)
    firsts = sizes.firsts.intersection(terms)  # the terms that start a phrase (in C, no loop)
    if not firsts:
        return []
    spans: list[Span] = []
    start = 0  # the first position a phrase may start at: phrases do not overlap
    count = len(terms)
    for position in sorted(chain.from_iterable(_positions(terms, first) for first in firsts)):
        if position < start:
            continue
        for size in sizes[terms[position]]:
            if position + size <= count:
                tokens = table.get(tuple(terms[position : position + size]))
                if tokens:
                    spans.append(Span(position, position + size, tokens))
                    start = position + size
                    break
    return spans


def _positions(terms: list[str], term: str) -> list[int]:
    """Where `term` is in `terms` (list.index scans in C)."""
    found: list[int] = []
    position = terms.index(term)
    while True:
        found.append(position)
        try:
            position = terms.index(term, position + 1)
        except ValueError:
            return found


@dataclass(frozen=True)
class Span:
    """Where a synonym phrase stands in a list of terms, and the group tokens it adds."""

    start: int
    end: int
    tokens: tuple[str, ...]


def index_terms(text: str, language: str, table: SynonymTable) -> list[str]:
    """The terms a text is indexed under: its stems, then one group token per synonym phrase."""
    terms = analyze(text, language)
    if not terms:
        return terms
    return terms + [token for span in find_phrases(terms, table) for token in span.tokens]


# ----------------------------------------------------------------------------
# Queries
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    """One thing the reader asks for: a word, or a synonym phrase of several words."""

    label: str  # the words as typed, normalized: "mesa ayuda"
    stems: tuple[str, ...]  # their stems: ("mes", "ayud")
    groups: tuple[str, ...]  # the synonym groups it belongs to: ("_soport",)


def analyze_query(query: str, language: str, table: SynonymTable) -> list[Concept]:
    """What a query asks for: "¿cómo escalo mi caso?" → [escalo (escal), caso (cas, _ticket)]."""
    words = [token for token in tokenize(query) if not is_stop_word(token, language)]
    terms = [stem(word, language) for word in words]
    concepts: list[Concept] = []
    spans = {span.start: span for span in find_phrases(terms, table)}
    position = 0
    while position < len(terms):
        span = spans.get(position)
        end = span.end if span else position + 1
        concepts.append(
            Concept(
                label=" ".join(words[position:end]),
                stems=tuple(terms[position:end]),
                groups=span.tokens if span else (),
            )
        )
        position = end
    return concepts


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


@lru_cache(maxsize=500_000)
def chunk_tokens(chunk: str) -> tuple[str, ...]:
    """The words of a piece of text without spaces, normalized ("¿Cómo" → ("como",))."""
    return tuple(_WORD_RE.findall(normalize(chunk)))


def _phrase_sizes(table: Mapping[tuple[str, ...], tuple[str, ...]]) -> PhraseSizes:
    """First term of a phrase → the lengths of the phrases starting with it, longest first."""
    cached = _SIZES.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    sizes: dict[str, set[int]] = {}
    for key in table:
        sizes.setdefault(key[0], set()).add(len(key))
    found = PhraseSizes({first: sorted(lengths, reverse=True) for first, lengths in sizes.items()})
    found.firsts = frozenset(found)
    if len(_SIZES) > 16:
        _SIZES.clear()
    _SIZES[id(table)] = (table, found)
    return found


class PhraseSizes(dict[str, list[int]]):
    """`_phrase_sizes`, with its keys as a set (what a text is intersected with)."""

    firsts: frozenset[str] = frozenset()


def _chunk_terms(chunk: str, language: str) -> tuple[str, ...]:
    return tuple(
        stem(token, language) for token in chunk_tokens(chunk) if not is_stop_word(token, language)
    )


@cache
def _stemmer(language: str):  # noqa: ANN202 - returns a cached bound function
    algorithm = STEMMERS.get(language)
    if algorithm is None:
        return lambda token: token
    stemmer = snowballstemmer.stemmer(algorithm)
    stems: dict[str, str] = {}

    def stem_word(token: str) -> str:
        found = stems.get(token)
        if found is None:
            # Characters beyond the Basic Multilingual Plane are counted differently by
            # Python and JavaScript, so such words are left whole on both sides.
            found = token if _ASTRAL_RE.search(token) else stemmer.stemWord(token)
            stems[token] = found
        return found

    return stem_word


def _parse_groups(
    node: yaml.Node, path: str, language: str
) -> tuple[list[SynonymGroup], list[Problem]]:
    if not isinstance(node, yaml.SequenceNode):
        hint = f"write `{language}:` followed by groups such as `  - [correo, email, mail]`"
        return [], [Problem(path, _line(node), "expected a list of groups", hint)]
    if node.value and all(isinstance(item, yaml.ScalarNode) for item in node.value):
        hint = f"put each group on its own line under `{language}:`: `  - [ticket, caso]`"
        return [], [Problem(path, _line(node), "expected a list of groups, not of words", hint)]
    groups: list[SynonymGroup] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, ...], tuple[str, int]] = {}
    for group_node in node.value:
        line = _line(group_node)
        if not isinstance(group_node, yaml.SequenceNode):
            problems.append(Problem(path, line, "a group must be a list of words", _GROUP_HINT))
            continue
        phrases: list[str] = []
        keys: list[tuple[str, ...]] = []
        before = len(problems)
        for item in group_node.value:
            phrase = item.value if isinstance(item, yaml.ScalarNode) else None
            key = tuple(analyze(phrase, language)) if isinstance(phrase, str) else ()
            if not key:
                shown = f"«{phrase}»" if phrase else "an empty entry"
                problems.append(
                    Problem(
                        path,
                        _line(item),
                        f"{shown} has no word that search can use",
                        "write a word or phrase; stop words (de, la, the…) alone are ignored",
                    )
                )
                continue
            if key in seen and seen[key][1] != line:
                other, other_line = seen[key]
                problems.append(
                    Problem(
                        path,
                        _line(item),
                        f"«{phrase}» is already in the group of line {other_line} (as «{other}»)",
                        "keep each word in one group: merge the two groups",
                    )
                )
                continue
            seen[key] = (phrase, line)
            if key not in keys:
                phrases.append(phrase)
                keys.append(key)
        if len(keys) < 2:
            if len(problems) > before:
                continue  # its entries are reported already
            problems.append(
                Problem(path, line, "a group needs at least two different words", _GROUP_HINT)
            )
            continue
        token = "_" + "_".join(keys[0])
        groups.append(SynonymGroup(token, tuple(phrases), tuple(keys), line))
    return groups, problems


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

STEMMERS = {"es": "spanish", "en": "english"}  # site language -> Snowball algorithm

_TERMS: dict[str, dict[str, tuple[str, ...]]] = {}  # language -> chunk -> its terms
_SIZES: dict[int, tuple[Mapping, PhraseSizes]] = {}  # synonym table -> phrase sizes
_CACHE_LIMIT = 1_000_000  # chunks kept per language

_ENYE = "\ue000"  # stands for ñ while accents are stripped
_WORD_RE = re.compile(r"[^\W_]+")  # letters and digits (Unicode), as \p{L}\p{N} in JavaScript
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")

_SHAPE_HINT = "see the comment at the top of data/synonyms.yml for the expected shape"
_GROUP_HINT = "write a group as a list of two or more words: `- [correo, email, mail]`"

# Snowball's Spanish stop words, folded, without «estado(s)» («Estados de los tickets»).
_STOP_ES = """
a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e
el ella ellas ellos en entre era erais eran eras eres es esa esas ese eso esos esta estaba
estabais estaban estabas estad estamos estando estar estaremos estara estaran estaras estare
estareis estaria estariais estariamos estarian estarias estas este estemos esto estos estoy
estuve estuviera estuvierais estuvieran estuvieras estuvieron estuviese estuvieseis estuviesen
estuvieses estuvimos estuviste estuvisteis estuvieramos estuviesemos estuvo estabamos estais
estan este esteis esten estes fue fuera fuerais fueran fueras fueron fuese fueseis fuesen fueses
fui fuimos fuiste fuisteis fueramos fuesemos ha habida habidas habido habidos habiendo habremos
habra habran habras habre habreis habria habriais habriamos habrian habrias habeis habia
habiais habiamos habian habias han has hasta hay haya hayamos hayan hayas hayais he hemos hube
hubiera hubierais hubieran hubieras hubieron hubiese hubieseis hubiesen hubieses hubimos
hubiste hubisteis hubieramos hubiesemos hubo la las le les lo los me mi mis mucho muchos muy
mas mia mias mio mios nada ni no nos nosotras nosotros nuestra nuestras nuestro nuestros o os
otra otras otro otros para pero poco por porque que quien quienes se sea seamos sean seas
seremos sera seran seras sere sereis seria seriais seriamos serian serias seais sido siendo sin
sobre sois somos son soy su sus suya suyas suyo suyos si tambien tanto te tendremos tendra
tendran tendras tendre tendreis tendria tendriais tendriamos tendrian tendrias tened tenemos
tenga tengamos tengan tengas tengo tengais tenida tenidas tenido tenidos teniendo teneis tenia
teniais teniamos tenian tenias ti tiene tienen tienes todo todos tu tus tuve tuviera tuvierais
tuvieran tuvieras tuvieron tuviese tuvieseis tuviesen tuvieses tuvimos tuviste tuvisteis
tuvieramos tuviesemos tuvo tuya tuyas tuyo tuyos un una uno unos vosotras vosotros vuestra
vuestras vuestro vuestros y ya yo el eramos
"""

# lunr.js's English stop words (the ones Material's search drops).
_STOP_EN = """
a able about across after all almost also am among an and any are as at be because been but by
can cannot could dear did do does either else ever every for from get got had has have he her
hers him his how however i if in into is it its just least let like likely may me might most
must my neither no nor not of off often on only or other our own rather said say says she
should since so some than that the their them then there these they this tis to too twas us
wants was we were what when where which while who whom why will with would yet you your
"""

STOP_WORDS: dict[str, frozenset[str]] = {
    "es": frozenset(_STOP_ES.split()),
    "en": frozenset(_STOP_EN.split()),
}
