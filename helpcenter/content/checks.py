"""The whole content check of a site, as plain functions: what the build and `make check` run.

`check_site` runs every check (docs_index, links, rules, front_matter,
translations) over one scan of docs/ and sorts the problems by
the language build that logs them. Given the findings of an earlier index of
the same site (a `mkdocs serve` rebuild), it checks again only the pages whose
file changed, as long as no page's path, title or ids and no asset changed.
The settings come from MkDocs' loaded config (`settings_from_config`: the
build's, or `load_config`'s in `make check`) and from data/.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpcenter import languages as site_config
from helpcenter.content.docs_index import DocPage, DocsIndex, without_control_characters
from helpcenter.content.front_matter import FrontMatterSchema, check_front_matter, load_schema
from helpcenter.content.links import LinkSettings, check_page_links, link_settings, usable_extra
from helpcenter.content.rules import (
    ContentRules,
    check_bare_emails,
    check_escalation,
    check_guide,
    check_link_texts,
    check_unsafe_html,
    load_content_rules,
)
from helpcenter.content.translations import check_orphans, check_pair
from helpcenter.problems import Problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckSettings:
    """Everything the checks need besides the docs: from mkdocs.yml and data/."""

    project_dir: Path
    docs_dir: Path
    languages: tuple[str, ...] = ("es", "en")
    default_language: str = "es"
    links: LinkSettings = field(default_factory=LinkSettings)
    rules: ContentRules = field(default_factory=ContentRules)
    schema: FrontMatterSchema = field(default_factory=FrontMatterSchema)
    problems: tuple[Problem, ...] = ()  # problems of the data files themselves
    hooks: tuple[str, ...] = ()  # mkdocs.yml `hooks:`, as written
    # mkdocs.yml `extra:`, for other hooks' checks; not compared: i18n adds to it per language
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class PageFindings:
    """The problems of one page (or of one translation pair), and the page(s) they are of."""

    pages: tuple[DocPage, ...]
    problems: tuple[Problem, ...]
    reported_by_mkdocs: frozenset[Problem] = frozenset()


@dataclass(frozen=True)
class Findings:
    """Every problem of a site, by the language build that logs it."""

    by_language: Mapping[str, list[Problem]]
    reported_by_mkdocs: frozenset[Problem] = frozenset()
    # What a later check of the same site may reuse (check_site's `previous`):
    shape: tuple | None = None  # DocsIndex.shape() of the index checked
    settings: CheckSettings | None = None
    pages: Mapping[tuple[str, str], PageFindings] = field(default_factory=dict)
    pairs: Mapping[tuple[str, str], PageFindings] = field(default_factory=dict)
    checked: int = 0  # pages checked afresh (the others' problems were reused)

    def for_build(self, language: str) -> list[Problem]:
        """What one language's build logs: its own problems minus those MkDocs reports."""
        return [p for p in self.by_language.get(language, []) if p not in self.reported_by_mkdocs]

    def everything(self) -> list[Problem]:
        """Every problem once, sorted by file and line (what `make check` prints)."""
        return sorted({p for problems in self.by_language.values() for p in problems})


# ----------------------------------------------------------------------------
# Checking a site
# ----------------------------------------------------------------------------


def check_site(
    index: DocsIndex, settings: CheckSettings, previous: Findings | None = None
) -> Findings:
    """Every problem of the docs and data files, by language build.

    With `previous` (the findings of an earlier index of the same site), a page
    read from an unchanged file keeps its problems when nothing it depends on in
    other files changed (the same `DocsIndex.shape()` and settings).
    """
    shape = index.shape()
    reuse = previous is not None and previous.settings == settings and previous.shape == shape
    old_pages = previous.pages if reuse and previous is not None else {}
    old_pairs = previous.pairs if reuse and previous is not None else {}
    by_language: dict[str, list[Problem]] = {lang: [] for lang in index.languages}
    by_language.setdefault(settings.default_language, []).extend(settings.problems)
    by_language[settings.default_language].extend(index.problems)  # names and links
    by_language[settings.default_language].extend(check_guide(index, settings.rules))
    reported_by_mkdocs: set[Problem] = set()
    pages: dict[tuple[str, str], PageFindings] = {}
    every_page = index.all_pages()
    for page in every_page:
        result = old_pages.get((page.language, page.src_path))
        if result is not None and result.pages[0] is page:
            pages[(page.language, page.src_path)] = result
    to_check = [page for page in every_page if (page.language, page.src_path) not in pages]

    def check_pages(chunk: Sequence[DocPage]) -> list[tuple[tuple[Problem, ...], frozenset]]:
        found = []
        for page in chunk:
            reported: set[Problem] = set()
            problems = tuple(check_page(index, page, settings, reported))
            found.append((problems, frozenset(reported)))
        return found

    for page, (problems, reported) in zip(to_check, check_pages(to_check), strict=True):
        pages[(page.language, page.src_path)] = PageFindings((page,), problems, reported)
    for page in every_page:
        result = pages[(page.language, page.src_path)]
        by_language.setdefault(page.language, []).extend(result.problems)
        reported_by_mkdocs.update(result.reported_by_mkdocs)
    checked = len(to_check)
    pairs = _translation_findings(index, old_pairs)
    for (language, _src), result in pairs.items():
        by_language.setdefault(language, []).extend(result.problems)
    for language, problems in check_orphans(index).items():
        by_language.setdefault(language, []).extend(problems)
    return Findings(
        by_language, frozenset(reported_by_mkdocs), shape, settings, pages, pairs, checked
    )


def _translation_findings(
    index: DocsIndex, previous: Mapping[tuple[str, str], PageFindings]
) -> dict[tuple[str, str], PageFindings]:
    """check_pair for every original and language; reused while both files are unchanged."""
    found: dict[tuple[str, str], PageFindings] = {}
    for language in index.languages:
        if language == index.default_language:
            continue
        for original in index.pages(index.default_language):
            translation = index.page(language, original.src_path)
            key = (language, original.src_path)
            pair = (original,) if translation is None else (original, translation)
            result = previous.get(key)
            if (
                result is None
                or len(result.pages) != len(pair)
                or any(old is not new for old, new in zip(result.pages, pair, strict=True))
            ):
                result = PageFindings(pair, tuple(check_pair(index, language, *pair)))
            found[key] = result
    return found


def check_page(
    index: DocsIndex, page: DocPage, settings: CheckSettings, reported_by_mkdocs: set[Problem]
) -> list[Problem]:
    """Every problem of one page; adds those MkDocs reports too to `reported_by_mkdocs`."""
    problems = list(page.problems)
    problems.extend(check_front_matter(index, page, settings.schema, settings.links))
    if not page.body.strip():
        return problems
    for finding, by_mkdocs in check_page_links(index, page, settings.links):
        problems.append(finding.problem)
        if by_mkdocs:
            reported_by_mkdocs.add(finding.problem)
    problems.extend(check_link_texts(index, page, settings.rules))
    problems.extend(check_unsafe_html(page))
    problems.extend(check_bare_emails(page, settings.links.email_domains))
    problems.extend(check_escalation(index, page, settings.rules))
    return problems


_memo: tuple[DocsIndex, CheckSettings, Findings] | None = None


def findings_for(index: DocsIndex, settings: CheckSettings) -> Findings:
    """check_site, once per index and settings (both language builds share it).

    A new index of the same site (a `mkdocs serve` rebuild) is checked against
    the previous findings: only the pages that changed are checked again.
    """
    global _memo
    if _memo is not None and _memo[0] is index and _memo[1] == settings:
        return _memo[2]
    findings = check_site(index, settings, _memo[2] if _memo is not None else None)
    _memo = (index, settings, findings)
    return findings


def renderable_source(page: DocPage) -> str:
    """The text MkDocs renders for a file with problems: decoded, without broken front matter."""
    if not page.front_matter_ok and page.body_offset:
        return without_control_characters(page.text[page.body_offset :])
    return without_control_characters(page.text)


# ----------------------------------------------------------------------------
# Settings
# ----------------------------------------------------------------------------


def settings_from_config(config: MkDocsConfig) -> CheckSettings:
    """Settings from MkDocs' own loaded config: what the build and `make check` both use.

    `make check` loads it with `mkdocs.config.load_config`, the build is handed it;
    the languages come from helpcenter.languages, as every hook reads them.
    """
    languages = site_config.site_languages(config)
    return make_settings(
        site_config.project_dir(config),
        Path(config.docs_dir),
        languages,
        languages[0],
        config.extra,
        template_dirs=config.theme.dirs,
        hooks=tuple(str(hook) for hook in config["hooks"] or ()),
    )


def make_settings(
    project_dir: Path,
    docs_dir: Path,
    languages: Sequence[str],
    default_language: str,
    extra: Mapping[str, Any],
    template_dirs: Sequence[Path | str] = (),
    hooks: Sequence[str] = (),
) -> CheckSettings:
    """Settings from their parts; data-file problems are kept, never raised.

    `template_dirs`: the theme's template folders, for `template:` in front matter;
    `hooks`: mkdocs.yml's `hooks:` as written.
    """
    project_dir = Path(project_dir).resolve()
    rules, rule_problems = load_content_rules(project_dir, languages)
    schema, schema_problems = load_schema(project_dir, template_dirs)
    links, extra_problems = link_settings(extra, project_dir / "mkdocs.yml")
    return CheckSettings(
        project_dir=project_dir,
        docs_dir=Path(docs_dir).resolve(),
        languages=tuple(languages),
        default_language=default_language,
        links=links,
        rules=rules,
        schema=schema,
        problems=tuple(rule_problems + schema_problems + extra_problems),
        hooks=tuple(hooks),
        extra={**extra, **usable_extra(links)},  # its types checked, as the build uses them
    )


def read_mkdocs_yml(config_file: Path) -> MkDocsConfig:
    """mkdocs.yml as MkDocs loads it (`load_config`), once per version of the file.

    `make check` loads it so; other callers get the same object (prefer the settings'
    `hooks` and `extra`: they carry what the checks need).
    """
    path = Path(config_file).resolve()
    stat = path.stat()
    return _loaded_config(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=2)
def _loaded_config(path: str, _mtime_ns: int, _size: int) -> MkDocsConfig:
    from mkdocs.config import load_config

    return load_config(path)
