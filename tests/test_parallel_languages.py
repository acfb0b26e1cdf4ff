"""hooks/parallel_languages.py: languages built side by side give the site a sequence gives."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import parallel_languages
import pytest
import yaml
from conftest import ROOT, BuiltSite, SiteBuilder, run_build

SIDE_BY_SIDE = "Building en in a second process, side by side"


def _sequential_build(config_file: Path, site_dir: Path, strict: bool = True) -> BuiltSite:
    os.environ[parallel_languages.SWITCH] = "0"
    try:
        return run_build(config_file, site_dir, strict=strict)
    finally:
        del os.environ[parallel_languages.SWITCH]


def _needs_two_cores() -> None:
    if not parallel_languages.parallel_allowed({}):
        pytest.skip("one core here: the languages are built in sequence")


# ----------------------------------------------------------------------------
# Plain functions
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "no", "off", "false", " OFF "])
def test_the_switch_turns_it_off(value: str) -> None:
    assert not parallel_languages.parallel_allowed({parallel_languages.SWITCH: value}, cores=2)


def test_two_cores_are_needed() -> None:
    assert parallel_languages.parallel_allowed({}, cores=2)
    assert parallel_languages.parallel_allowed({parallel_languages.SWITCH: "1"}, cores=4)
    assert not parallel_languages.parallel_allowed({}, cores=1)


def test_merge_moves_what_the_site_lacks_and_keeps_what_it_has(tmp_path: Path) -> None:
    stage, site = tmp_path / "stage", tmp_path / "site"
    for path, text in {
        "en/index.html": "en home",
        "en/guia/index.html": "en guide",
        "search/search_index.en.json": "en index",
        "search/search_index.json": "staged settings",
        "404.html": "English 404",
    }.items():
        (stage / path).parent.mkdir(parents=True, exist_ok=True)
        (stage / path).write_text(text, encoding="utf-8")
    for path, text in {"404.html": "Spanish 404", "search/search_index.json": "settings"}.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")

    moved = parallel_languages.merge_into(stage, site)

    assert sorted(p.relative_to(site).as_posix() for p in moved) == [
        "en",
        "search/search_index.en.json",
    ]
    assert (site / "en/guia/index.html").read_text(encoding="utf-8") == "en guide"
    assert (site / "404.html").read_text(encoding="utf-8") == "Spanish 404"
    assert (site / "search/search_index.json").read_text(encoding="utf-8") == "settings"


def test_the_old_site_is_moved_out_at_once_and_deleted_in_the_background(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    for path in ("index.html", "en/index.html", "assets/app.js", ".git/HEAD", ".nojekyll"):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(path, encoding="utf-8")
    pid = parallel_languages.empty_in_background(site)
    assert pid is not None and pid != os.getpid()
    assert sorted(p.name for p in site.iterdir()) == [".git", ".nojekyll"]  # as MkDocs' clean
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the old files are gone
    assert parallel_languages.empty_in_background(site) is None  # nothing left to delete
    assert parallel_languages.empty_in_background(tmp_path / "missing") is None


# ----------------------------------------------------------------------------
# Real builds
# ----------------------------------------------------------------------------


def _same_tree(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only (empty when the trees are identical)."""
    differences: list[str] = []
    compare = filecmp.dircmp(left, right)
    stack = [(compare, "")]
    while stack:
        node, prefix = stack.pop()
        differences += [f"only in one: {prefix}{name}" for name in node.left_only + node.right_only]
        _, mismatch, errors = filecmp.cmpfiles(
            node.left, node.right, node.common_files, shallow=False
        )
        differences += [f"differs: {prefix}{name}" for name in mismatch + errors]
        stack += [(sub, f"{prefix}{name}/") for name, sub in node.subdirs.items()]
    return differences


def test_the_real_site_is_the_same_built_side_by_side_or_in_sequence(
    real_build: BuiltSite, tmp_path: Path
) -> None:
    _needs_two_cores()
    assert SIDE_BY_SIDE in real_build.log
    sequential = _sequential_build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert sequential.ok, sequential.log
    assert SIDE_BY_SIDE not in sequential.log
    assert _same_tree(real_build.site_dir, sequential.site_dir) == []
    assert not list(real_build.site_dir.parent.glob(".site-*")), "the staging folder was left"


def _page(title: str, body: str) -> str:
    head = yaml.safe_dump({"title": title, "description": f"Sobre {title}."}, allow_unicode=True)
    return f"---\n{head}---\n\n# {title}\n\n{body}\n"


BROKEN_IN_ENGLISH = {
    "index.md": _page("Inicio", "Lee [la guía](guia.md)."),
    "index.en.md": _page("Home", "Read [the guide](guia.md)."),
    "guia.md": _page("Guía", "Texto."),
    "guia.en.md": _page("Guide", "Text with [a broken link](no-existe.md)."),
}


def test_a_problem_in_the_other_language_fails_the_strict_build(
    build_site: SiteBuilder, tmp_path: Path
) -> None:
    _needs_two_cores()
    built = build_site(BROKEN_IN_ENGLISH)
    assert not built.ok
    assert SIDE_BY_SIDE in built.log
    broken = [line for line in built.warnings() if "no-existe.md" in line]
    assert len(broken) == 1, built.log  # printed once, by the process that found it
    assert "The en build failed: Aborted with" in built.log
    assert "Traceback" not in built.log
    assert not list(built.project_dir.glob(".site-*")), "the staging folder was left"


def test_without_strict_the_other_language_is_built_with_its_warning(
    build_site: SiteBuilder,
) -> None:
    _needs_two_cores()
    built = build_site(BROKEN_IN_ENGLISH, strict=False)
    assert built.ok, built.log
    assert SIDE_BY_SIDE in built.log
    assert any("no-existe.md" in line for line in built.warnings())
    assert "Text with" in built.html("en/guia/index.html")
    assert "Texto." in built.html("guia/index.html")
    sequential = _sequential_build(
        built.project_dir / "mkdocs.yml", built.project_dir / "site-seq", strict=False
    )
    assert sequential.ok, sequential.log
    assert _same_tree(built.site_dir, sequential.site_dir) == []


def test_a_build_over_an_old_site_gives_a_fresh_site(build_site: SiteBuilder) -> None:
    _needs_two_cores()
    pages = dict(BROKEN_IN_ENGLISH, **{"guia.en.md": _page("Guide", "Text.")})
    built = build_site(pages)
    assert built.ok, built.log
    (built.site_dir / "stale/index.html").parent.mkdir()
    (built.site_dir / "stale/index.html").write_text("a page that no longer exists", "utf-8")
    (built.site_dir / ".keep").write_text("hidden: MkDocs' clean keeps it", "utf-8")
    again = run_build(built.project_dir / "mkdocs.yml", built.site_dir)
    assert again.ok, again.log
    assert SIDE_BY_SIDE in again.log
    assert not (built.site_dir / "stale").exists()
    assert (built.site_dir / ".keep").is_file()
    (built.site_dir / ".keep").unlink()
    fresh = _sequential_build(built.project_dir / "mkdocs.yml", built.project_dir / "fresh")
    assert fresh.ok, fresh.log
    assert _same_tree(built.site_dir, fresh.site_dir) == []
    assert not list(built.project_dir.glob(".site-*")), "a staging or old-site folder was left"


def test_serve_builds_in_sequence() -> None:
    parallel_languages.on_startup(command="serve", dirty=False)
    assert not parallel_languages._state.enabled
    parallel_languages.on_startup(command="build", dirty=True)
    assert not parallel_languages._state.enabled
    parallel_languages.on_startup(command="build", dirty=False)
    assert parallel_languages._state.enabled == parallel_languages.parallel_allowed(os.environ)
