"""Material's search sections of one language build, grouped per page for the site's index.

Material's search plugin writes `search/search_index.json` (its documented output): one entry
per section, `location` (`page/` or `page/#anchor`), `title` and `text`. The site's index
(`engine.build_payload`) wants them per page, with facts only the page knows (its
`description`, its boost, whether it is the language's own text). A file in another shape
(a new mkdocs-material) is a problem (`readable_entries`, `format_problem`), never a silently
empty search.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version

from helpcenter.problems import Problem
from helpcenter.search.engine import HUB_BOOST, SearchPage

MATERIAL_INDEX_FILE = "search/search_index.json"  # under the site folder of one language
MATERIAL_FIELDS = ("location", "title", "text")  # what the site's index reads of each entry


@dataclass(frozen=True)
class PageFacts:
    """What search needs of one built page beyond its sections."""

    url: str
    title: str
    description: str
    boost: float  # front matter `search: boost`, times HUB_BOOST for home and index pages


def page_facts(url: str, title: str, meta: Mapping, is_hub: bool) -> PageFacts:
    """The facts of one page from its front matter (`meta`)."""
    search = meta.get("search") if isinstance(meta.get("search"), Mapping) else {}
    boost = search.get("boost", 1)
    boost = float(boost) if isinstance(boost, int | float) and boost > 0 else 1.0
    return PageFacts(
        url=url,
        title=str(meta.get("title") or title or ""),
        description=str(meta.get("description") or ""),
        boost=boost * (HUB_BOOST if is_hub else 1.0),
    )


def readable_entries(material_index: object) -> tuple[list[Mapping], list[str]]:
    """The entries of Material's search file that have a text `location`, `title` and `text`,
    and what is wrong with the rest (a new mkdocs-material may write another format)."""
    docs = material_index.get("docs") if isinstance(material_index, Mapping) else None
    if not isinstance(docs, list):
        return [], ["has no `docs` list"]
    readable = [
        entry
        for entry in docs
        if isinstance(entry, Mapping)
        and all(isinstance(entry.get(field), str) for field in MATERIAL_FIELDS)
    ]
    unreadable = len(docs) - len(readable)
    if not unreadable:
        return readable, []
    fields = ", ".join(f"`{field}`" for field in MATERIAL_FIELDS)
    return readable, [f"has {unreadable} of {len(docs)} entries without a text {fields}"]


def format_problem(path: str, wrong: Sequence[str]) -> Problem:
    """What to do when Material's search file (at `path`) is not what `readable_entries` reads."""
    return Problem(
        path,
        0,
        f"Material's search file {'; '.join(wrong)}: "
        f"mkdocs-material {version('mkdocs-material')} writes another format than "
        "helpcenter/search/sections.py reads, so search would miss pages",
        "adapt helpcenter/search/sections.py to the new format (Material's search plugin "
        "documents it), or pin the earlier mkdocs-material in requirements.txt",
    )


def latest_entries(material_docs: Sequence[Mapping], urls: Collection[str]) -> dict[str, list]:
    """Material's entries of the pages at `urls`, grouped per page, in site order.

    Under `mkdocs serve --dirty` Material's file also holds entries of earlier builds, before
    this build's. Each copy of a page starts with the entry located at the page itself (its
    first section), so the last copy is the page as built now.
    """
    grouped: dict[str, list[dict]] = {}
    for entry in material_docs:
        location = str(entry.get("location", ""))
        url = location.split("#", 1)[0]
        if url not in urls:
            continue
        if location == url:  # a page's first section: a newer copy starts here
            grouped.pop(url, None)
        grouped.setdefault(url, []).append(dict(entry))
    return grouped


def search_pages(
    entries: Mapping[str, Sequence[Mapping]], facts: Mapping[str, PageFacts]
) -> list[SearchPage]:
    """The pages of `facts` with their entries (`latest_entries`), in the order of `entries`.

    A page absent from `facts` (a page shown untranslated in another language) is left out.
    """
    return [
        SearchPage(
            url=url,
            title=facts[url].title,
            description=facts[url].description,
            entries=[dict(entry) for entry in page_entries],
            boost=facts[url].boost,
        )
        for url, page_entries in entries.items()
        if url in facts
    ]


def client_config(material_index: object) -> dict:
    """Material's index file reduced to its client configuration (the pages are in ours)."""
    config = material_index.get("config") if isinstance(material_index, Mapping) else None
    return {"config": dict(config) if isinstance(config, Mapping) else {}, "docs": []}
