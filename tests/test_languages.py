"""A third language: every page of every language and each language's search files are built.

mkdocs-static-i18n builds the languages one after the other (there is no parallel build any
more); a new language must not make another one vanish. The fixture adds Portuguese (`pt`,
Material's `theme.language: pt`) beside Spanish and English, with a translation of every page
and a `pt` block copied from `en` in every data file (this test is about structure, not about
wording). Search has Snowball stemmers and stop words for `es` and `en` only
(helpcenter/search/text.py): for `pt` the build still writes its index, unstemmed, and says
once what to add; `--strict` fails on it, so nobody publishes a third language with a search
that does not stem by accident.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, BuiltSite, real_config, site_builder

THIRD = "pt"
LANGUAGES = ("es", "en", THIRD)
STEMMER_PROBLEM = f"search has no stemmer and no stop words for the language «{THIRD}»"

# page (docs path without language suffix) → its title and one word only it has, per language
PAGES: dict[str, dict[str, tuple[str, str]]] = {
    "index.md": {
        "es": ("Inicio", "bienvenida"),
        "en": ("Home", "welcome"),
        "pt": ("Início", "boasvindas"),
    },
    "guia/index.md": {
        "es": ("Guía", "categoría"),
        "en": ("Guide", "category"),
        "pt": ("Guia", "categoria"),
    },
    "guia/primer-paso.md": {
        "es": ("Primer paso", "zanahoria"),
        "en": ("First step", "carrot"),
        "pt": ("Primeiro passo", "cenoura"),
    },
    "guia/segundo-paso.md": {
        "es": ("Segundo paso", "manzana"),
        "en": ("Second step", "apple"),
        "pt": ("Segundo passo", "maçã"),
    },
}


def source_name(page: str, language: str) -> str:
    """`guia/x.md` → `guia/x.pt.md` (i18n's suffix structure; the default has none)."""
    return page if language == "es" else page.removesuffix(".md") + f".{language}.md"


def built_file(page: str, language: str) -> str:
    """Where a page lands: `guia/x.md` in pt → `pt/guia/x/index.html`."""
    folder = "" if language == "es" else f"{language}/"
    slug = page.removesuffix(".md").removesuffix("index").rstrip("/")
    return f"{folder}{slug}/index.html" if slug else f"{folder}index.html"


def markdown(title: str, word: str) -> str:
    return f"---\ntitle: {title}\ndescription: {title}, {word}.\n---\n\n# {title}\n\n{word}.\n"


def with_third_language(node: object) -> object:
    """Every mapping that has `es` and `en` gets a `pt` copied from `en` (data files' texts)."""
    if isinstance(node, dict):
        if "es" in node and "en" in node and THIRD not in node:
            node[THIRD] = copy.deepcopy(node["en"])
        for value in node.values():
            with_third_language(value)
    elif isinstance(node, list):
        for value in node:
            with_third_language(value)
    return node


def three_language_site(folder: Path, strict: bool) -> BuiltSite:
    """The fixture site: the real config with `pt` added to i18n's languages."""
    files = {
        source_name(page, language): markdown(*texts[language])
        for page, texts in PAGES.items()
        for language in LANGUAGES
    }
    data = {
        path.name: yaml.safe_dump(
            with_third_language(yaml.safe_load(path.read_text(encoding="utf-8"))),
            allow_unicode=True,
            sort_keys=False,
        )
        for path in sorted((ROOT / "data").glob("*.yml"))
    }
    plugins = real_config()["plugins"]
    i18n = next(p["i18n"] for p in plugins if isinstance(p, dict) and "i18n" in p)
    i18n["languages"].append(
        {
            "locale": THIRD,
            "name": "Português",
            "build": True,
            "site_name": "Central de ajuda da Multivende",
            "theme": {"language": THIRD},
        }
    )
    return site_builder(folder)(files, config={"plugins": plugins}, data=data, strict=strict)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The three-language site, built once for the module (without --strict: see below)."""
    return three_language_site(tmp_path_factory.mktemp("three-languages"), strict=False)


def test_the_build_succeeds_and_only_says_what_search_lacks(site: BuiltSite) -> None:
    assert site.ok, site.log
    [warning] = site.warnings()
    assert warning.startswith(f"mkdocs.yml: {STEMMER_PROBLEM}"), site.log
    assert "helpcenter/search/text.py" in warning  # … and where to add it


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_of_every_language_is_built(site: BuiltSite, page: str, language: str) -> None:
    path = site.site_dir / built_file(page, language)
    assert path.is_file(), f"{built_file(page, language)} was not built"
    html = path.read_text(encoding="utf-8")
    assert re.search(rf'<html[^>]*\blang="{language}"', html), f"{path} is not lang={language}"
    title, word = PAGES[page][language]
    assert word in html and title in html, f"{path} is not the {language} page"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_its_404(site: BuiltSite, language: str) -> None:
    folder = "" if language == "es" else f"{language}/"
    assert (site.site_dir / f"{folder}404.html").is_file()


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_search_files(site: BuiltSite, language: str) -> None:
    index_file = site.site_dir / "search" / f"search_index.{language}.json"
    text_file = site.site_dir / "search" / f"search_text.{language}.json"
    assert index_file.is_file() and text_file.is_file()
    index = index_file.read_text(encoding="utf-8")
    texts = text_file.read_text(encoding="utf-8")
    assert json.loads(index)["lang"] == language
    json.loads(texts)
    folder = "" if language == "es" else f"{language}/"
    for page, by_language in PAGES.items():
        url = folder + built_file(page, "es").removesuffix("index.html")
        assert f'"{url}"' in index, f"{url} is not in {index_file.name}"
        word = by_language[language][1]
        assert word in texts, f"{page}'s {language} text is not in {text_file.name}"
        for other in set(LANGUAGES) - {language}:
            assert by_language[other][1] not in texts, f"{other} text in {text_file.name}"


def test_strict_fails_on_a_language_search_cannot_stem(tmp_path: Path) -> None:
    strict = three_language_site(tmp_path, strict=True)
    assert not strict.ok
    assert any(STEMMER_PROBLEM in warning for warning in strict.warnings()), strict.log
