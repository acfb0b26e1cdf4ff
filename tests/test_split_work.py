"""Content checks split over two processes (hooks/split_work.py): same results, any failure safe."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import bench_corpus
import pytest
import split_work
from conftest import ROOT

needs_two_cores = pytest.mark.skipif(
    not split_work.parallel_allowed({}), reason="needs fork and two usable cores"
)


@pytest.fixture
def alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in `make check` or `mkdocs build`: no other thread (pytest's servers may run some)."""
    monkeypatch.setattr(split_work.threading, "active_count", lambda: 1)
    monkeypatch.delenv(split_work.SWITCH, raising=False)


def square_with_pid(items: Sequence[int]) -> list[tuple[int, int]]:
    return [(item * item, os.getpid()) for item in items]


@needs_two_cores
def test_the_second_half_is_done_in_another_process_in_order(alone: None) -> None:
    items = list(range(501))
    found = split_work.map_halves(square_with_pid, items, min_items=10)
    assert [value for value, _pid in found] == [item * item for item in items]
    pids = [pid for _value, pid in found]
    assert set(pids[:251]) == {os.getpid()}
    assert len(set(pids[251:])) == 1 and pids[-1] != os.getpid()


@needs_two_cores
def test_a_failing_child_means_this_process_does_its_half(alone: None) -> None:
    parent = os.getpid()

    def fails_elsewhere(items: Sequence[int]) -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("the other process breaks")
        return [item + 1 for item in items]

    calls: list[int] = []

    def counted(items: Sequence[int]) -> list[int]:
        calls.append(len(items))
        return fails_elsewhere(items)

    assert split_work.map_halves(counted, list(range(300)), min_items=10) == list(range(1, 301))
    assert calls == [150, 150]  # its own half, then the child's (the child's call is not seen)


@needs_two_cores
def test_a_result_that_does_not_pickle_means_this_process_does_its_half(alone: None) -> None:
    def unpicklable(items: Sequence[int]) -> list[object]:
        return [lambda: item for item in items]  # noqa: B023 - only their number is checked

    calls: list[int] = []

    def counted(items: Sequence[int]) -> list[object]:
        calls.append(len(items))
        return unpicklable(items)

    assert len(split_work.map_halves(counted, list(range(300)), min_items=10)) == 300
    assert calls == [150, 150]


@pytest.mark.parametrize(
    ("environ", "items", "threads", "expected_pids"),
    [
        ({split_work.SWITCH: "0"}, 400, False, 1),  # switched off
        ({}, 50, False, 1),  # too few items to be worth a process
        ({}, 400, True, 1),  # other threads run (`mkdocs serve`): no fork
    ],
)
def test_it_stays_in_one_process_when_it_should(
    monkeypatch: pytest.MonkeyPatch, environ: dict, items: int, threads: bool, expected_pids: int
) -> None:
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait) if threads else None
    if thread:
        thread.start()
    try:
        found = split_work.map_halves(square_with_pid, list(range(items)), min_items=100)
    finally:
        stop.set()
        if thread:
            thread.join()
    assert {pid for _value, pid in found} == {os.getpid()}


def test_the_switch_and_the_cores_decide() -> None:
    assert not split_work.parallel_allowed({split_work.SWITCH: "off"}, cores=4)
    assert not split_work.parallel_allowed({}, cores=1)
    assert split_work.parallel_allowed({}, cores=2) == hasattr(os, "fork")


@needs_two_cores
def test_make_check_finds_the_same_problems_in_one_or_two_processes(tmp_path: Path) -> None:
    """A corpus big enough to be split, with problems in pages of both halves."""
    corpus = bench_corpus.generate_corpus(tmp_path / "corpus", 120)
    docs = corpus.project / "docs"
    pages = sorted(docs.rglob("*.md"))
    assert len(pages) >= 200  # map_halves splits the scan and the check from 200 items on
    broken = [pages[5], pages[len(pages) // 2 + 7], pages[-3]]  # early, late, last
    for number, page in enumerate(broken):
        text = page.read_text(encoding="utf-8")
        page.write_text(text + f"\n[roto {number}](no-existe-{number}.md)\n", encoding="utf-8")
    command = [
        sys.executable,
        str(ROOT / "scripts" / "check_content.py"),
        "--no-cache",
        "-f",
        str(corpus.config_file),
    ]
    runs = {}
    for value in ("1", "0"):
        env = dict(os.environ, **{split_work.SWITCH: value})
        runs[value] = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=300, check=False
        )
    assert runs["1"].returncode == runs["0"].returncode == 1
    assert runs["1"].stdout == runs["0"].stdout
    for number, page in enumerate(broken):
        shown = page.relative_to(corpus.project).as_posix()
        assert f"{shown}:" in runs["1"].stdout and f"no-existe-{number}.md" in runs["1"].stdout
