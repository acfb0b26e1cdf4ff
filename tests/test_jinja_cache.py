"""hooks/jinja_cache.py: compiled templates are kept on disk and never served stale."""

from __future__ import annotations

from pathlib import Path

import jinja_cache
from jinja2 import Environment, FileSystemLoader


def _env(folder: Path, autoescape: bool = False) -> Environment:
    return Environment(loader=FileSystemLoader(str(folder)), autoescape=autoescape)


def test_a_second_environment_reads_the_compiled_template(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("Hola {{ name }}", encoding="utf-8")
    first = _env(tmp_path / "t")
    first.bytecode_cache = jinja_cache.bytecode_cache(first, tmp_path / "cache")
    assert first.get_template("page.html").render(name="Ana") == "Hola Ana"
    assert list(jinja_cache.cache_dir(first, tmp_path / "cache").iterdir())
    second = _env(tmp_path / "t")
    second.bytecode_cache = jinja_cache.bytecode_cache(second, tmp_path / "cache")
    loaded: list[str] = []
    original = second.bytecode_cache.load_bytecode

    def spy(bucket) -> None:  # noqa: ANN001
        original(bucket)
        loaded.append("hit" if bucket.code is not None else "miss")

    second.bytecode_cache.load_bytecode = spy  # type: ignore[method-assign]
    assert second.get_template("page.html").render(name="Ana") == "Hola Ana"
    assert loaded == ["hit"]


def test_an_edited_template_is_compiled_anew(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    template = tmp_path / "t" / "page.html"
    template.write_text("v1 {{ name }}", encoding="utf-8")
    env = _env(tmp_path / "t")
    env.bytecode_cache = jinja_cache.bytecode_cache(env, tmp_path / "cache")
    assert env.get_template("page.html").render(name="x") == "v1 x"
    template.write_text("v2 {{ name }}", encoding="utf-8")
    fresh = _env(tmp_path / "t")
    fresh.bytecode_cache = jinja_cache.bytecode_cache(fresh, tmp_path / "cache")
    assert fresh.get_template("page.html").render(name="x") == "v2 x"


def test_environments_that_compile_differently_do_not_share_a_folder(tmp_path: Path) -> None:
    plain, escaping = _env(tmp_path), _env(tmp_path, autoescape=True)
    assert jinja_cache.cache_dir(plain, tmp_path) != jinja_cache.cache_dir(escaping, tmp_path)
    assert jinja_cache.cache_dir(plain, tmp_path) == jinja_cache.cache_dir(_env(tmp_path), tmp_path)


def test_the_hook_gives_the_theme_a_cache_and_keeps_one_it_has(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert jinja_cache.on_env(env, None, None).bytecode_cache is not None  # type: ignore[arg-type]
    kept = env.bytecode_cache
    assert jinja_cache.on_env(env, None, None).bytecode_cache is kept  # type: ignore[arg-type]


def test_every_environment_the_theme_makes_gets_the_cache(tmp_path: Path) -> None:
    class Theme:
        made = 0

        def get_env(self) -> Environment:
            Theme.made += 1
            return _env(tmp_path)

    theme = Theme()
    jinja_cache.with_cache(theme)
    jinja_cache.with_cache(theme)  # a second build's on_config: not wrapped twice
    first, second = theme.get_env(), theme.get_env()
    assert first is not second and Theme.made == 2
    assert first.bytecode_cache is not None and second.bytecode_cache is not None
