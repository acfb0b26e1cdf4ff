"""The brand: colours from mkdocs.yml's `extra.brand`, checked for contrast (WCAG AA).

The site's header is white text on the primary colour, links are the primary colour on
white, and hovered links, search matches and focus rings are the accent colour on white: so
each colour must reach 4.5:1 against white (WCAG 1.4.3 for text, which covers 1.4.11's 3:1
for controls). A colour that does not is a problem with its line in mkdocs.yml and a darker
shade of the same hue that would pass.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpcenter.problems import Problem

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Brand:
    """The colours the templates turn into Material's CSS custom properties."""

    primary: str = "#4051b5"
    accent: str = "#3f5bd8"

    @property
    def primary_dark(self) -> str:
        """The primary colour a shade darker (Material's `--md-primary-fg-color--dark`)."""
        return shade(self.primary, 0.8)

    @property
    def primary_light(self) -> str:
        """The primary colour a shade lighter (Material's `--md-primary-fg-color--light`)."""
        return mix(self.primary, "#ffffff", 0.25)


# ----------------------------------------------------------------------------
# Loading and checking
# ----------------------------------------------------------------------------


def load_brand(
    raw: object,
    lines: Mapping[str, int],
    display: str = "mkdocs.yml",
    comments: Mapping[str, str] | None = None,
) -> tuple[Brand, list[Problem]]:
    """The brand of `extra.brand` (`raw`), and its problems.

    `lines` gives the line of each key ("primary", "accent") in `display`, `comments` the
    comment that follows a key left empty on its line (`primary: #b03a2e` is YAML's
    `primary:` and a comment); a missing key keeps the default colour, a bad or empty one
    is reported and replaced by the default.
    """
    default = Brand()
    if raw is None:
        return default, []
    if not isinstance(raw, Mapping):
        return default, [
            Problem(
                display,
                lines.get("", 0),
                "extra.brand: expected the keys primary and accent",
                'write e.g. primary: "#4051b5" and accent: "#3f5bd8" under extra.brand',
            )
        ]
    colours: dict[str, str] = {}
    problems: list[Problem] = []
    for key in ("primary", "accent"):
        if key not in raw:
            continue
        value = raw[key]
        where = lines.get(key, lines.get("", 0))
        if value is None or not str(value).strip():
            problems.append(
                Problem(
                    display,
                    where,
                    f"extra.brand.{key}: the colour is empty",
                    _empty_hint(key, (comments or {}).get(key)),
                )
            )
            continue
        colour = str(value).strip().lower()
        if not HEX.fullmatch(colour):
            problems.append(
                Problem(
                    display,
                    where,
                    f"extra.brand.{key}: «{value}» is not a colour",
                    'write it as six hex digits in quotes, e.g. "#4051b5"',
                )
            )
            continue
        colour = expand(colour)
        ratio = contrast(colour, WHITE)
        if ratio < AA_TEXT:
            problems.append(
                Problem(
                    display,
                    where,
                    f"extra.brand.{key}: «{value}» has a contrast of {ratio:.1f}:1 with white, "
                    f"below WCAG AA's {AA_TEXT}:1 ({USES[key]})",
                    f'choose a darker colour, e.g. "{darken_to(colour, AA_TEXT)}" '
                    "(the same hue, just dark enough)",
                )
            )
            continue
        colours[key] = colour
    for key in raw:
        if key not in ("primary", "accent"):
            problems.append(
                Problem(
                    display,
                    lines.get(str(key), lines.get("", 0)),
                    f"extra.brand.{key}: unknown key",
                    "the keys are primary and accent",
                )
            )
    return Brand(**colours), problems


def brand_of_config(config_file: Path, raw: object) -> tuple[Brand, list[Problem]]:
    """The brand of mkdocs.yml's `extra.brand` (`raw`), its problems with their lines."""
    try:
        source = config_file.read_text(encoding="utf-8")
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except (OSError, ValueError, yaml.YAMLError):
        source, root = "", None
    where: dict[str, int] = {}
    comments: dict[str, str] = {}
    brand = _mapping_value(_mapping_value(root, "extra", where), "brand", where)
    for key, value in brand.value if isinstance(brand, yaml.MappingNode) else ():
        name = str(key.value)
        where[name] = key.start_mark.line + 1
        if isinstance(value, yaml.ScalarNode) and value.tag == _NULL_TAG:
            # PyYAML keeps no comment: the text after the empty value on the key's line
            mark = value.start_mark
            rest = source.splitlines()[mark.line][mark.column :].strip()
            if rest.startswith("#"):
                comments[name] = rest
    return load_brand(raw, where, config_file.name, comments)


def _mapping_value(node: yaml.Node | None, key: str, where: dict[str, int]) -> yaml.Node | None:
    """The value of `key` in a mapping node; the key's line is kept as `where[""]`."""
    for name, value in node.value if isinstance(node, yaml.MappingNode) else ():
        if name.value == key:
            where[""] = name.start_mark.line + 1
            return value
    return None


def _empty_hint(key: str, comment: str | None) -> str:
    """How to fix an empty colour; `comment`: what follows it on its line, if a comment."""
    example = getattr(Brand(), key)
    if comment is None:
        return f'write the colour in quotes, e.g. {key}: "{example}", or delete the line'
    words = comment.split()
    colour = words[0] if HEX.fullmatch(words[0].lower()) else example
    return (
        f'write it in quotes: {key}: "{colour}" '
        "(YAML reads an unquoted # and what follows it as a comment)"
    )


# ----------------------------------------------------------------------------
# Colours
# ----------------------------------------------------------------------------


def expand(colour: str) -> str:
    """ "#abc" → "#aabbcc"; six digits as they are (lower case)."""
    colour = colour.lower()
    if len(colour) == 4:
        return "#" + "".join(2 * c for c in colour[1:])
    return colour


def rgb(colour: str) -> tuple[int, int, int]:
    """The red, green and blue of "#rrggbb" (0–255)."""
    colour = expand(colour)
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def to_hex(red: float, green: float, blue: float) -> str:
    """ "#rrggbb" of three channels (0–255, rounded and clamped)."""
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in (red, green, blue))


def luminance(colour: str) -> float:
    """WCAG's relative luminance of a colour (0 black – 1 white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two colours (1 – 21)."""
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def shade(colour: str, factor: float) -> str:
    """The colour with each channel multiplied by `factor` (< 1: darker)."""
    return to_hex(*(c * factor for c in rgb(colour)))


def mix(colour: str, other: str, weight: float) -> str:
    """`colour` mixed with `weight` of `other`."""
    return to_hex(
        *(a * (1 - weight) + b * weight for a, b in zip(rgb(colour), rgb(other), strict=True))
    )


def darken_to(colour: str, ratio: float) -> str:
    """The lightest shade of `colour` that reaches `ratio` against white."""
    factor = 1.0
    while factor > 0 and contrast(shade(colour, factor), WHITE) < ratio:
        factor -= 0.01
    return shade(colour, max(factor, 0))


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

HEX = re.compile(r"#(?:[0-9a-f]{3}|[0-9a-f]{6})")
WHITE = "#ffffff"
AA_TEXT = 4.5
_NULL_TAG = "tag:yaml.org,2002:null"
USES = {
    "primary": "the header's white text on it, and links in it on white",
    "accent": "hovered links, search matches and focus rings in it on white",
}
