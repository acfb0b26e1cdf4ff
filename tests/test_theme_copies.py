"""Partials copied from Material stay tied to the Material they were copied from.

Material documents block overrides; a partial is copied only where no block reaches (a macro,
a partial without blocks). Each copy names the Material version it was copied from in its
first comment («Material 9.8.2's partials/x.html»), and COPIED_ORIGINALS a digest of that
original. When the installed Material's original differs, this test fails with the diff between
it and our copy, so the change can be carried over by hand instead of being lost silently; a
new Material that left the original as it was passes. The same holds for the blocks main.html
and 404.html override: they must still exist, those replaced without `super()` must be the
text last compared (a digest each), and the `config` block that partials/search-config.html
repeats with the site's search worker must match Material's line for line.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from importlib.metadata import version
from pathlib import Path

import material
import pytest
from conftest import ROOT

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
EXTENDED = {"main.html", "404.html"}  # extend Material's base.html through its blocks
COPIED_FROM = re.compile(r"Material (\d+\.\d+\.\d+)'s (\S+\.html)")
BLOCK = re.compile(r"{%-?\s*block\s+(\w+)")
# Material's originals of our copies, a digest of each as last compared with ours
COPIED_ORIGINALS = {
    "partials/header.html": "8cf3fb15bcf9",
    "partials/nav-item.html": "89895208f22d",
    "partials/search.html": "bfd556535abc",
}


def copies() -> list[Path]:
    """Our templates that stand where one of Material's stands (not the block overrides)."""
    overrides = ROOT / "overrides"
    return sorted(
        path
        for path in overrides.rglob("*.html")
        if (MATERIAL_TEMPLATES / path.relative_to(overrides)).is_file()
        and path.relative_to(overrides).as_posix() not in EXTENDED
    )


@pytest.mark.parametrize("copy", copies(), ids=lambda path: path.name)
def test_a_copied_partial_matches_the_installed_material(copy: Path) -> None:
    text = copy.read_text(encoding="utf-8")
    found = COPIED_FROM.search(text[:400])
    assert found, (
        f"{copy.name}: name the Material it was copied from («Material X.Y.Z's {copy.name}»)"
    )
    copied_version, original = found.groups()
    installed = version("mkdocs-material")
    source = MATERIAL_TEMPLATES / original
    assert source.is_file(), f"Material {installed} has no {original} (copied to {copy.name})"
    new = source.read_text(encoding="utf-8")
    digest = material_digest(new)
    if digest == COPIED_ORIGINALS.get(original):
        return
    diff = "\n".join(
        difflib.unified_diff(new.splitlines(), text.splitlines(), original, copy.name, lineterm="")
    )
    pytest.fail(
        f"{copy.name} was copied from Material {copied_version}'s {original}, which Material "
        f"{installed} changed: carry the change over to our copy (the diff below is Material's "
        f"new original against our copy), then write {installed} in its comment and set "
        f"{original}'s digest in COPIED_ORIGINALS to {digest}.\n{diff}"
    )


def material_digest(text: str) -> str:
    """A short digest of Material's text, its own version in it aside (not a change)."""
    return hashlib.sha256(text.replace(version("mkdocs-material"), "X").encode()).hexdigest()[:12]


def test_every_copy_is_listed() -> None:
    listed = {path.relative_to(ROOT / "overrides").as_posix() for path in copies()}
    assert listed == set(COPIED_ORIGINALS), "list each copy's original in COPIED_ORIGINALS"


@pytest.mark.parametrize("name", sorted(EXTENDED))
def test_every_block_we_override_is_in_the_installed_materials_base(name: str) -> None:
    """A block Material renames or drops would leave our override unused, without an error."""
    ours = set(BLOCK.findall((ROOT / "overrides" / name).read_text(encoding="utf-8")))
    base = set(BLOCK.findall((MATERIAL_TEMPLATES / "base.html").read_text(encoding="utf-8")))
    assert ours and len(base) > 10
    assert ours <= base, (
        f"{name} overrides blocks that Material {version('mkdocs-material')}'s base.html no "
        f"longer has: {', '.join(sorted(ours - base))}. Move their content to the blocks that "
        "took their place (read the new base.html)"
    )


def _config_lines(block: str) -> list[str]:
    """A `config` block's lines, stripped, with the search worker's address as one line."""
    block = re.sub(r'"search":.*?\|\s*url,', '"search": WORKER,', block, flags=re.DOTALL)
    return [line.strip() for line in block.splitlines() if line.strip()]


def test_search_config_is_materials_config_block_with_our_worker() -> None:
    """main.html's `config` block (partials/search-config.html) is Material's with the site's
    search worker: a key or translation a new Material adds to it shows as a diff here."""
    base = (MATERIAL_TEMPLATES / "base.html").read_text(encoding="utf-8")
    found = re.search(r"{%\s*block config\s*%}(.*?){%\s*endblock\s*%}", base, re.DOTALL)
    assert found, f"Material {version('mkdocs-material')}'s base.html has no `config` block"
    ours = (ROOT / "overrides/partials/search-config.html").read_text(encoding="utf-8")
    ours = re.sub(r"{#-.*?-#}", "", ours, count=1, flags=re.DOTALL)  # our comment on top
    ours = ours[: ours.index("</script>") + len("</script>")]  # then our page script follows
    original, copy = _config_lines(found.group(1)), _config_lines(ours)
    assert '"search": WORKER,' in original and '"search": WORKER,' in copy
    diff = "\n".join(
        difflib.unified_diff(original, copy, "base.html", "search-config.html", lineterm="")
    )
    assert copy == original, (
        f"Material {version('mkdocs-material')}'s `config` block changed: carry the change over "
        f"to overrides/partials/search-config.html (keep our worker's address).\n{diff}"
    )


# Material's blocks that our templates replace without `super()` (main.html, 404.html,
# partials/search-config.html has its own test above), with a digest of Material's text of each
# as last compared with ours (Material's version in it aside). A block Material changes shows
# here with its new text.
REPLACED_BLOCKS = {
    ("base.html", "htmltitle"): "253e4cbb7cfa",
    ("base.html", "site_meta"): "f13dac8b9466",
    ("base.html", "extrahead"): "e3b0c44298fc",
    ("base.html", "container"): "6793a9afe76f",
    ("404.html", "content"): "85e27de1c1d5",
}
BLOCK_TAG = re.compile(r"{%-?\s*(block\s+(\w+)|endblock)\b[^%]*-?%}")


def block_text(template: str, name: str) -> str | None:
    """The text inside `{% block name %}` … its own `{% endblock %}` (blocks nest)."""
    started, depth = -1, 0
    for tag in BLOCK_TAG.finditer(template):
        if tag.group(2):  # a block opens
            if started < 0 and tag.group(2) == name:
                started, depth = tag.end(), 0
            depth += 1
        elif started >= 0:
            depth -= 1
            if depth == 0:
                return template[started : tag.start()]
    return None


@pytest.mark.parametrize(
    ("template", "name"), sorted(REPLACED_BLOCKS), ids=lambda value: value.replace(".html", "")
)
def test_a_block_we_replace_is_unchanged_in_the_installed_material(
    template: str, name: str
) -> None:
    text = block_text((MATERIAL_TEMPLATES / template).read_text(encoding="utf-8"), name)
    assert text is not None, f"Material {version('mkdocs-material')}'s {template} has no {name}"
    digest = material_digest(text)  # site_meta holds Material's version (its generator)
    assert digest == REPLACED_BLOCKS[(template, name)], (
        f"Material {version('mkdocs-material')} changed the `{name}` block of its {template}, "
        "which our templates replace without super(): carry the change over to ours, then set "
        f"its digest in REPLACED_BLOCKS to {digest}. Material's block now:\n{text}"
    )
