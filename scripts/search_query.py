"""Show what the site's search answers to a query, as a reader would see it in the search box.

Reads the search index of a built site (`site/` by default, written by `make build`) and
prints how the query is read (words, stems, synonym groups, typo fixes) and the top pages with
their scores and best sections. The ranking is the browser's (helpcenter/search/engine.py).

    .venv/bin/python scripts/search_query.py "¿cómo escalo mi ticket?"
    .venv/bin/python scripts/search_query.py --lang en "account id"
    make search q="numero de cuenta"            # lang=en for English
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from helpcenter.search import engine as search_engine  # noqa: E402

# ----------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Print the reading and the top results of one query; 1 when there is no index."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("query", help="what the reader types")
    parser.add_argument("--lang", default="es", help="language of the page searched from")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site folder")
    parser.add_argument("-n", "--top", type=int, default=5, help="how many pages to show")
    args = parser.parse_args(argv)
    index = args.site / f"search/search_index.{args.lang}.json"
    if not index.exists():
        print(f"{index}: not found — build the site first: make build", file=sys.stderr)
        return 1
    stale = newer_sources(index)
    if stale:
        print(
            f"note: {stale} changed after the last build — run make build to see it",
            file=sys.stderr,
        )
    engine = search_engine.Engine.from_file(str(index))
    print(report(engine, args.query, args.top))
    return 0


# ----------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------


def report(engine: search_engine.Engine, query: str, top: int) -> str:
    """The reading of the query and its top pages, as plain text."""
    concepts = engine.concepts(query)
    fixes = engine.typo_fixes(concepts)
    lines = [f"«{query}» ({engine.language})"]
    if not concepts:
        lines.append("  only stop words: nothing to search for")
    for number, concept in enumerate(concepts):
        parts = [f"{concept.label} → {' '.join(concept.stems)}"]
        if concept.groups:
            parts.append(f"synonyms {' '.join(concept.groups)}")
        if number in fixes:
            parts.append(f"typo → {' '.join(fixes[number])}")
        lines.append("  " + " · ".join(parts))
    results = engine.search(query)
    if concepts and not results:
        lines.append("  no page found")
    for rank, result in enumerate(results[:top], start=1):
        lines.append(f"{rank:>2}. {result.score:7.2f}  {_plain(result.title)}")
        lines.append(
            f"             /{result.location}   (matches {result.coverage:.0%} of the query)"
        )
        sections = [(loc, score) for loc, score in result.items if "#" in loc][:3]
        for location, score in sections:
            lines.append(f"             {score:7.2f}  #{location.split('#', 1)[1]}")
    if len(results) > top:
        lines.append(f"    … {len(results) - top} more pages")
    return "\n".join(lines)


def newer_sources(index: Path) -> str | None:
    """A writer's file changed after the index was built, if any."""
    built = index.stat().st_mtime
    for folder in ("docs", "data"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.stat().st_mtime > built:
                return str(path.relative_to(ROOT))
    return None


def _plain(markup: str) -> str:
    return " ".join(search_engine.plain_text(markup).split())


if __name__ == "__main__":
    raise SystemExit(main())
