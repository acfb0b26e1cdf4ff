"""`make bench` at a small size: the corpus is sound and the bench prints every row.

No timing is asserted (the numbers belong in BENCHMARKS.md, not in a test); the smoke run
proves that every measure can be taken: the corpus builds with --strict under our hooks,
`make check` passes on it, `make serve` shows an edit, and search answers in Chromium.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import bench
import bench_corpus
import pytest

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING_ID = re.compile(r"^#{2,6} .*\{#([\w-]+)\}\s*$", re.M)

# ----------------------------------------------------------------------------
# The corpus
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> bench_corpus.Corpus:
    return bench_corpus.generate_corpus(tmp_path_factory.mktemp("corpus") / "project", 130)


def test_corpus_has_every_article_in_both_languages(corpus: bench_corpus.Corpus) -> None:
    assert len(corpus.articles) == 130
    assert len({article.path for article in corpus.articles}) == 130
    for article in corpus.articles:
        assert corpus.article_file(article, "es").is_file()
        assert corpus.article_file(article, "en").is_file()
    # the real project comes along: the wizard page, the account-ID guide, data/
    assert (corpus.docs_dir / "contacto" / "con-que-equipo-debo-contactar.md").is_file()
    assert (corpus.docs_dir / bench_corpus.ACCOUNT_ID_GUIDE).is_file()
    assert sorted(p.name for p in (corpus.project / "data").iterdir()) == sorted(
        p.name for p in (ROOT / "data").iterdir()
    )


def test_translations_keep_the_heading_ids_and_links(corpus: bench_corpus.Corpus) -> None:
    for article in corpus.articles[:40]:
        es = corpus.article_file(article, "es").read_text(encoding="utf-8")
        en = corpus.article_file(article, "en").read_text(encoding="utf-8")
        assert HEADING_ID.findall(es) == HEADING_ID.findall(en)
        assert "paso-1" in HEADING_ID.findall(es)
        assert LINK.findall(es) == LINK.findall(en)


def test_every_relative_link_and_anchor_resolves(corpus: bench_corpus.Corpus) -> None:
    for article in corpus.articles:
        source = corpus.article_file(article, "es")
        text = source.read_text(encoding="utf-8")
        for target in LINK.findall(text):
            if target.startswith(("mailto:", "ext:")):
                continue
            path, _, anchor = target.partition("#")
            resolved = (source.parent / path).resolve()
            assert resolved.is_file(), f"{source}: {target}"
            if anchor:
                assert f"{{#{anchor}}}" in resolved.read_text(encoding="utf-8"), target


def test_escalation_links_the_account_id_guide_and_mails_multivende(
    corpus: bench_corpus.Corpus,
) -> None:
    for article in corpus.articles:
        text = corpus.article_file(article, "es").read_text(encoding="utf-8")
        escalation = next(p for p in text.split("\n\n") if "escala tu solicitud" in p)
        assert "como-obtener-el-numero-identificador-de-tu-cuenta.md)" in escalation
        assert re.search(r"\(mailto:[a-z]+@multivende\.com\)", text)


def test_large_categories_are_split_into_sections() -> None:
    plan, folders = bench_corpus.plan_articles(3000, __import__("random").Random(1))
    per_folder = [len(children) for children in folders.values()]
    assert max(per_folder) <= bench_corpus.SECTION_SIZE
    assert len([folder for folder in folders if "/" not in folder]) == 20


def test_the_config_points_at_the_real_hooks_and_theme(corpus: bench_corpus.Corpus) -> None:
    import yaml

    config = yaml.safe_load(corpus.config_file.read_text(encoding="utf-8"))
    real = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["hooks"] == [str(ROOT / hook) for hook in real.get("hooks", [])]
    assert config["theme"]["custom_dir"] == str(ROOT / "overrides")
    assert config["theme"]["features"] == real["theme"]["features"]
    without = yaml.safe_load(bench_corpus.without_hooks(corpus.config_file).read_text())
    kept = [Path(hook).name for hook in without["hooks"]]
    assert kept == [
        name
        for name in map(lambda h: Path(h).name, config["hooks"])
        if name in bench_corpus.SPEED_HOOKS
    ]
    assert set(kept) == set(bench_corpus.SPEED_HOOKS)  # every speed-up hook is in mkdocs.yml
    assert not {"content_checks.py", "search_index.py", "help_center.py"} & set(kept)


# ----------------------------------------------------------------------------
# The harness
# ----------------------------------------------------------------------------


def test_serve_command_is_the_makefiles(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    cmd = bench.serve_command(config, 8123)
    assert cmd[1] == "serve"
    assert str(config) in cmd
    assert "127.0.0.1:8123" in cmd


@pytest.mark.parametrize(
    # values, percentile, expected (nearest rank)
    ("values", "pct", "expected"),
    [
        ([5.0], 95, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
        ([float(v) for v in range(1, 41)], 95, 38.0),
        ([], 50, None),
    ],
)
def test_percentile(values: list[float], pct: float, expected: float | None) -> None:
    assert bench.percentile(values, pct) == expected


def test_quick_bench_prints_every_row(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--articles", "20", "--quick"]
        + ["--out", str(out), "--workdir", str(tmp_path / "work")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = {
        line.split(" | ")[0].lstrip("| "): line.split(" | ")[1].rstrip(" |")
        for line in proc.stdout.splitlines()
        if line.startswith("| ") and " | " in line
    }
    for label in bench.ROW_LABELS:
        assert label in rows, f"row missing: {label}\n{proc.stdout}"
        assert rows[label] and not rows[label].startswith("—"), f"no value: {label}"
    result = json.loads((out / "results-20.json").read_text(encoding="utf-8"))
    assert result["pages"] >= 2 * 20
    assert len(result["build_s"]) == 1 and len(result["preview_s"]) == 1
    assert result["query_ms"]["es"] and result["query_ms"]["en"]
