"""hooks/preview_languages.py: under `make serve`, a save rebuilds only the languages it touches."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import preview_languages
import pytest
from conftest import mkdocs_env
from test_content_checks import Case, write_site
from test_serve import Server, wait_for

LANGUAGES = ("es", "en")
ONLY_ES = "Preview: rebuilding es only"

# ----------------------------------------------------------------------------
# Which languages a save needs
# ----------------------------------------------------------------------------


def _stamps(docs: Path, *names: str, changed: str = "", extra: str = "") -> dict:
    stamps = {str(docs / name): (1, 10) for name in names}
    if extra:
        stamps[extra] = (1, 10)
    if changed:
        stamps[changed] = (2, 11)
    return stamps


DOCS = Path("/p/docs")
PAGES = ("index.md", "index.en.md", "guia/uno.md", "guia/uno.en.md", "guia/solo.md")


@pytest.mark.parametrize(
    ("changed", "needed"),
    [
        ("guia/uno.md", {"es"}),  # translated: English shows its own file
        ("guia/uno.en.md", {"es", "en"}),  # es is always built: i18n builds en inside it
        ("guia/solo.md", {"es", "en"}),  # English shows the Spanish page as a fallback
    ],
)
def test_a_saved_page_rebuilds_its_language(changed: str, needed: set[str]) -> None:
    before = _stamps(DOCS, *PAGES)
    now = _stamps(DOCS, *PAGES, changed=str(DOCS / changed))
    assert preview_languages.languages_to_rebuild(before, now, DOCS, LANGUAGES, "es") == needed


def test_nothing_saved_rebuilds_only_the_default_language() -> None:
    stamps = _stamps(DOCS, *PAGES)
    assert preview_languages.languages_to_rebuild(stamps, stamps, DOCS, LANGUAGES, "es") == {"es"}


@pytest.mark.parametrize(
    "what",
    ["first build", "page added", "page removed", "asset", "data file", "config"],
)
def test_anything_else_rebuilds_every_language(what: str) -> None:
    before: dict | None = _stamps(DOCS, *PAGES, extra="/p/data/x.yml")
    now = dict(before or {})
    if what == "first build":
        before = None
    elif what == "page added":
        now[str(DOCS / "guia/nueva.md")] = (3, 1)
    elif what == "page removed":
        del now[str(DOCS / "guia/solo.md")]
    elif what == "asset":
        before[str(DOCS / "assets/a.css")] = (1, 1)  # type: ignore[index]
        now[str(DOCS / "assets/a.css")] = (2, 1)
    elif what == "data file":
        now["/p/data/x.yml"] = (5, 5)
    else:
        before["/p/mkdocs.yml"] = (1, 1)  # type: ignore[index]
        now["/p/mkdocs.yml"] = (2, 2)
    assert preview_languages.languages_to_rebuild(before, now, DOCS, LANGUAGES, "es") == {
        "es",
        "en",
    }


def test_page_language_reads_the_suffix() -> None:
    assert preview_languages.page_language("/d/x.en.md", LANGUAGES, "es") == ("en", "/d/x.md")
    assert preview_languages.page_language("/d/x.md", LANGUAGES, "es") == ("es", "/d/x.md")
    assert preview_languages.page_language("/d/v1.2.md", LANGUAGES, "es") == ("es", "/d/v1.2.md")


def test_snapshot_sees_every_file(tmp_path: Path) -> None:
    (tmp_path / "docs" / "a").mkdir(parents=True)
    (tmp_path / "docs" / "a" / "x.md").write_text("x", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x", encoding="utf-8")
    stamps = preview_languages.snapshot([tmp_path / "docs", tmp_path / "mkdocs.yml"])
    assert set(stamps) == {str(tmp_path / "docs/a/x.md"), str(tmp_path / "mkdocs.yml")}


# ----------------------------------------------------------------------------
# A real `mkdocs serve --dirty` (what `make serve` runs)
# ----------------------------------------------------------------------------


def _dirty_server(config_file: Path) -> Server:
    """test_serve's Server, started with `--dirty` as `make serve` does."""
    server = Server.__new__(Server)
    port = _free_port()
    server.url = f"http://127.0.0.1:{port}/"
    server.process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config_file)]
        + ["-a", f"127.0.0.1:{port}"],
        cwd=config_file.parent,
        env=mkdocs_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    server.lines = []
    threading.Thread(target=server._read, daemon=True).start()
    return server


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
    os.utime(path)


def test_serve_rebuilds_the_language_of_the_saved_page(tmp_path: Path) -> None:
    config_file = write_site(tmp_path, Case("preview", {}, None))
    docs = config_file.parent / "docs"
    server = _dirty_server(config_file)
    try:
        wait_for(lambda: server.get("contacto/x/")[0] == 200, "the first build", server)
        wait_for(lambda: server.get("en/contacto/x/")[0] == 200, "the English page", server)

        _append(docs / "contacto" / "x.md", "Una frase guardada en español.")
        wait_for(
            lambda: "frase guardada" in server.get("contacto/x/")[1], "the Spanish edit", server
        )
        wait_for(lambda: server.last_build() is not None, "the rebuild's end", server)
        assert any(ONLY_ES in line for line in server.last_build() or []), server.log
        assert "frase guardada" not in server.get("en/contacto/x/")[1]
        assert server.get("en/contacto/x/")[0] == 200
        # the search index follows in the background (hooks/search_index.py)
        wait_for(
            lambda: "frase guardada" in server.get("search/search_text.es.json")[1],
            "the Spanish search texts with the edit",
            server,
        )

        _append(docs / "contacto" / "x.en.md", "A sentence saved in English.")
        wait_for(
            lambda: "sentence saved" in server.get("en/contacto/x/")[1], "the English edit", server
        )
        wait_for(lambda: server.last_build() is not None, "the rebuild's end", server)
        assert not any(ONLY_ES in line for line in server.last_build() or [])
        assert "Traceback" not in server.log
    finally:
        server.stop()
