"""Write the contact wizard's Mermaid diagram into README.md, from data/contact-tree.yml.

    python scripts/wizard_diagram.py           # rewrite the diagram in README.md
    python scripts/wizard_diagram.py --check   # exit 1 when README.md's diagram is stale

The diagram sits between `<!-- wizard-diagram:start -->` and `<!-- wizard-diagram:end -->`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpcenter.wizard import tree as wizard_tree

ROOT = Path(__file__).resolve().parent.parent

TREE_FILE = "data/contact-tree.yml"
LANGUAGES = ("es", "en")  # the texts the diagram needs; the build checks the site's own
README = ROOT / "README.md"
START = "<!-- wizard-diagram:start -->"
END = "<!-- wizard-diagram:end -->"


class DiagramError(Exception):
    """The tree cannot be read, or README.md has no place for the diagram."""


def diagram_block(tree_file: Path = ROOT / TREE_FILE) -> str:
    """The diagram as a Markdown ```mermaid block, drawn from the tree file."""
    tree, errors = wizard_tree.load(tree_file, TREE_FILE)
    if tree is not None:
        errors += wizard_tree.check_routing(tree) + wizard_tree.check_languages(tree, LANGUAGES)
    if tree is None or errors:
        raise DiagramError(
            "\n".join(str(problem) for problem in sorted(set(errors)))
            + f"\nthe wizard diagram was not drawn: fix the {len(errors)} problem(s) above"
        )
    return "```mermaid\n" + wizard_tree.mermaid(tree) + "```"


def with_diagram(readme: str, block: str) -> str:
    """README text with the block between the diagram markers."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise DiagramError(f"README.md: add {START} and {END} where the diagram goes")
    return readme[: start + len(START)] + "\n" + block + "\n" + readme[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that it is current")
    args = parser.parse_args(argv)
    try:
        current = README.read_text(encoding="utf-8")
        wanted = with_diagram(current, diagram_block())
    except DiagramError as error:
        print(error, file=sys.stderr)
        return 1
    if current == wanted:
        print("README.md: the wizard diagram is current")
        return 0
    if args.check:
        print("README.md: the wizard diagram is stale — run `make wizard-diagram`", file=sys.stderr)
        return 1
    README.write_text(wanted, encoding="utf-8")
    print("README.md: wizard diagram updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
