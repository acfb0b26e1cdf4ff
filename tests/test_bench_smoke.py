"""`make bench` at a small size: the corpus is sound and the bench prints every row.

No timing is asserted (the numbers belong in BENCHMARKS.md, not in a test); the smoke run
proves that every measure can be taken: the corpus builds with --strict under our hooks,
`make check` passes on it, `make serve` shows an edit, search answers in Chromium, and the
phone profile loads the home, an article and the wizard. A corpus with a broken link fails
the bench.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import urllib.request
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
    assert without["hooks"] == []
    assert {key: value for key, value in without.items() if key != "hooks"} == {
        key: value for key, value in config.items() if key != "hooks"
    }


def test_a_broken_link_fails_the_bench(tmp_path: Path) -> None:
    corpus = bench_corpus.generate_corpus(tmp_path / "project", 10)
    article = corpus.article_file(corpus.articles[3])
    text = article.read_text(encoding="utf-8")
    article.write_text(f"{text}\nVer [la guía](no-existe.md).\n", encoding="utf-8")
    with pytest.raises(bench.BenchError, match="does not build with --strict") as failure:
        bench.measure_builds(corpus, bench.Options.quick(), bench.Result(articles=10))
    assert "no-existe.md" in str(failure.value)


def test_the_phone_server_sends_text_gzipped(tmp_path: Path) -> None:
    page = "<!doctype html><title>x</title>" + "texto " * 500
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + bytes(300))
    with bench.static_server(tmp_path, gzipped=True) as base:
        asks = {"Accept-Encoding": "gzip, deflate"}
        with urllib.request.urlopen(urllib.request.Request(base + "a/", headers=asks)) as r:
            assert r.headers["Content-Encoding"] == "gzip"
            body = r.read()
        assert len(body) < len(page) and gzip.decompress(body).decode() == page
        with urllib.request.urlopen(urllib.request.Request(base + "logo.png", headers=asks)) as r:
            assert r.headers["Content-Encoding"] is None and r.read()[:4] == b"\x89PNG"
        with urllib.request.urlopen(base + "a/index.html") as r:  # no gzip asked: plain
            assert r.headers["Content-Encoding"] is None and r.read().decode() == page


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
    assert len(result["build_one_language_s"]) == 1 and len(result["preview_structural_s"]) == 1
    assert "preview of a structural edit ≤ a full build of one language (N=20)" in proc.stdout
    assert result["query_ms"]["es"] and result["query_ms"]["en"]
    assert set(result["phone_lcp_ms"]) == set(bench.PHONE_PAGES)
    assert len(result["wizard_answer_ms"]) == 1
