"""`mkdocs serve` keeps serving when a writer saves a bad file, shows why, and recovers.

A real `mkdocs serve` on a fixture site (the real hooks, theme and config), in a
child process: a file saved in Latin-1 (which used to end MkDocs in a traceback)
and a broken front matter must each show their problem in the server's log
while the server keeps answering; fixing the file must update the page.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import mkdocs_env
from test_content_checks import BASE, Case, article_es, write_site

WAIT = 240  # seconds: a rebuild of both languages on a busy machine


class Server:
    """A `mkdocs serve` child process and everything it has logged so far."""

    def __init__(self, config_file: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "-f",
                str(config_file),
                "-a",
                f"127.0.0.1:{port}",
            ],
            cwd=config_file.parent,
            env=mkdocs_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def last_build(self) -> list[str] | None:
        """The log of the latest (re)build once it has ended; None while it runs."""
        starts = [i for i, line in enumerate(self.lines) if "Building documentation" in line]
        if not starts:
            return None
        lines = self.lines[starts[-1] :]
        ended = ("Documentation built in", "Reloading browsers", "Serving on")
        return lines if any(end in line for line in lines for end in ended) else None

    def get(self, path: str) -> tuple[int, str]:
        """(status, body) of a page; (0, "") when the server does not answer (yet)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except OSError:
            return 0, ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)


def wait_for(condition: Callable[[], bool], what: str, server: Server) -> None:
    """Poll until `condition()` holds, failing after WAIT seconds with the server's log."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        assert server.process.poll() is None, f"mkdocs serve exited:\n{server.log}"
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}; mkdocs serve said:\n{server.log}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    """The base fixture site served by `mkdocs serve`, and its docs folder."""
    config_file = write_site(tmp_path, Case("serve", {}, None))
    server = Server(config_file)
    try:
        yield server, config_file.parent / "docs"
    finally:
        server.stop()


def test_serve_survives_bad_files_and_recovers(served: tuple[Server, Path]) -> None:
    server, docs = served
    article = docs / "contacto" / "x.md"
    page = "contacto/x/"
    wait_for(lambda: "Texto de introducción" in server.get(page)[1], "the first page", server)
    assert BASE["contacto/x.md"] == article.read_text(encoding="utf-8")

    # A file saved in Latin-1: the problem is shown, the server keeps answering.
    article.write_bytes(article_es("Información útil.").encode("latin-1"))
    utf8 = "docs/contacto/x.md:2: is not valid UTF-8 (byte 0xed at column 11)"
    wait_for(lambda: utf8 in server.log, "the UTF-8 problem in the log", server)
    wait_for(lambda: "Informaci" in server.get(page)[1], "the page, still served", server)
    assert server.get("")[0] == 200

    # Broken front matter: shown with its line, still serving.
    article.write_text(
        article_es().replace("description: Un artículo", "description: Paso 1: un artículo"),
        encoding="utf-8",
    )
    yaml_problem = "docs/contacto/x.md:3: front matter is not valid YAML"
    wait_for(lambda: yaml_problem in server.log, "the front-matter problem in the log", server)
    wait_for(lambda: server.get(page)[0] == 200, "the page, still served", server)

    # Fixed: the page shows the new text, and the rebuild no longer reports the file.
    article.write_text(article_es("Un texto corregido y guardado en UTF-8."), encoding="utf-8")
    wait_for(lambda: "texto corregido" in server.get(page)[1], "the fixed page", server)
    wait_for(lambda: server.last_build() is not None, "the rebuild's end", server)
    assert [line for line in server.last_build() or [] if "docs/contacto/x.md" in line] == []

    # A new problem in the other language's file, the Spanish one unchanged: reported.
    english = docs / "contacto" / "x.en.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nWrite to help@example.com.\n")
    new_problem = "docs/contacto/x.en.md:18: e-mail address 'help@example.com' is not a link"
    wait_for(lambda: new_problem in "\n".join(server.last_build() or []), "the new problem", server)
    assert "Traceback" not in server.log
    assert server.process.poll() is None
