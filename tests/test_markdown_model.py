"""The checker's model of a page against what MkDocs renders from it.

A real build of the real site and of a bench corpus, with one extra hook that writes
each page's `page.toc` (the ids MkDocs gave its headings) to a file; the heading ids
that docs_index computes without rendering must be the same, page by page, in order.
The project's own hooks are left out: they add no Markdown heading, and the
comparison is between two readers of the same Markdown.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_build

from helpcenter.content.docs_index import DocsIndex

sys.path.insert(0, str(ROOT / "scripts"))
import bench_corpus  # noqa: E402

# The extra hook: every page's toc ids, in document order, one JSON line per page.
TOC_HOOK = """
import json, os

def _ids(items):
    for item in items:
        yield item.id
        yield from _ids(item.children)

def on_page_context(context, page, config, nav):
    with open(os.environ["TOC_DUMP"], "a", encoding="utf-8") as out:
        out.write(json.dumps([page.file.abs_src_path, list(_ids(page.toc))]) + "\\n")
    return context
"""


def rendered_tocs(config: dict, project: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """{source file: [heading ids]} from a real `mkdocs build --strict` of `config`."""
    hook = project / "toc_dump.py"
    hook.write_text(TOC_HOOK, encoding="utf-8")
    dump = project / "toc.jsonl"
    config = dict(config, hooks=[str(hook)], watch=[])
    config_file = project / "mkdocs-toc.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("TOC_DUMP", str(dump))
    built = run_build(config_file, project / "site-toc", strict=False)
    assert built.ok, built.log
    found: dict[str, list[str]] = {}
    for line in dump.read_text(encoding="utf-8").splitlines():
        path, ids = json.loads(line)
        found.setdefault(str(Path(path).resolve()), ids)  # a fallback page: the same file
    return found


def assert_same_ids(docs: Path, project: Path, rendered: dict[str, list[str]]) -> None:
    index = DocsIndex.load(docs, project)
    pages = index.all_pages()
    assert len(pages) > 10 and sum(len(ids) for ids in rendered.values()) > 3 * len(pages)
    for page in pages:
        key = str(page.file.resolve())
        assert key in rendered, key
        assert [h.id for h in page.headings] == rendered[key], page.display_path


def test_heading_ids_are_the_ones_mkdocs_renders_on_the_real_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    rendered = rendered_tocs(config, tmp_path, monkeypatch)
    assert_same_ids(ROOT / "docs", ROOT, rendered)


def test_heading_ids_are_the_ones_mkdocs_renders_on_the_bench_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = bench_corpus.generate_corpus(tmp_path / "corpus", 60)
    config = yaml.safe_load(corpus.config_file.read_text(encoding="utf-8"))
    rendered = rendered_tocs(config, corpus.project, monkeypatch)
    assert_same_ids(corpus.project / "docs", corpus.project, rendered)
