"""Search latency: the portal's search function against a bare SQLite FTS5 bm25() query.

    .venv/bin/python bench/search_bench.py --sizes 100000 1000000 [--runs 200] [--rebuild]

For each size a synthetic corpus of government prose is generated (seeded, deterministic):
words drawn from bench/data/gov_vocabulary.txt with a Zipf distribution over their ranks,
sentences cut by punctuation, publication dates spread over 2012–2026; the query words are
kept out of that draw and inserted with controlled frequencies:

    very_common   发展                 in ~10% of documents
    two_common    服务 安全            each in ~20%, both in ~4%
    phrase        "义务教育招生"        the phrase in ~1%; 义务教育 and 招生 apart in ~3% more
    medium        殡葬                 in ~1%
    rare          地质灾害             in ~0.01%

The corpus is indexed twice from the same analysis: by zwgk.search (tantivy, what the portal
runs) and into an FTS5 table holding the jieba search-mode segmentation (the same words stream
zwgk indexes), both cached under var/bench/search-<size>/ (delete it or pass --rebuild).
Then each query class runs --runs times against both, interleaved, and the table shows p50/p95
in milliseconds and the ratio zwgk/FTS5. zwgk's figure is the full search call the portal
makes for page 1: parse, query, rank with the date tie-break, load 10 hits, build snippets.
FTS5's is `SELECT rowid, bm25(docs) … WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tqdm import tqdm  # noqa: E402

from zwgk.search import analysis, engine  # noqa: E402

VOCABULARY = ROOT / "bench" / "data" / "gov_vocabulary.txt"
CACHE = ROOT / "var" / "bench"
SEED = 20260302
CHUNK = 2000

# query class -> (portal query, FTS5 MATCH expression)
QUERIES = {
    "very_common": ("发展", '"发展"'),
    "two_common": ("服务 安全", '"服务" AND "安全"'),
    "phrase": ('"义务教育招生"', '"义务教育 招生"'),
    "medium": ("殡葬", '"殡葬"'),
    "rare": ("地质灾害", '"地质灾害"'),
}
# word -> share of documents it is inserted into
CONTROLLED = {
    "发展": 0.10,
    "服务": 0.20,
    "安全": 0.20,
    "义务教育招生": 0.01,
    "义务教育": 0.03,
    "招生": 0.03,
    "殡葬": 0.01,
    "地质灾害": 0.0001,
}
UNITS = ["tlq-zfb", "tlq-jw", "tlq-mzj", "tlq-czj", "tlq-gtj", "tlq-nyj", "tlq-wjw", "tlq-zjj"]
START = datetime(2012, 1, 1, tzinfo=UTC)
SPAN_SECONDS = int((datetime(2026, 3, 1, tzinfo=UTC) - START).total_seconds())


def vocabulary() -> tuple[list[str], list[float]]:
    words = []
    for line in VOCABULARY.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        word = line.split("\t")[0]
        # Keep the controlled words (and words containing them) out of the background draw.
        if any(c in word or word in c for c in CONTROLLED if len(word) > 1 or word == c):
            continue
        words.append(word)
    weights = [1.0 / (rank + 2.7) for rank in range(len(words))]  # Zipf–Mandelbrot, s = 1
    return words, list(itertools.accumulate(weights))


_WORDS: list[str] = []
_CUM: list[float] = []


def _init() -> None:
    global _WORDS, _CUM
    _WORDS, _CUM = vocabulary()


def _sentence(rng: random.Random, n: int) -> list[str]:
    return rng.choices(_WORDS, cum_weights=_CUM, k=n)


def make_entry(doc_id: int) -> engine.Entry:
    rng = random.Random(SEED * 7919 + doc_id)
    body: list[str] = []
    for _ in range(max(3, int(rng.lognormvariate(2.8, 0.5)))):  # ~18 sentences
        body.extend(_sentence(rng, rng.randint(6, 16)))
        body.append(rng.choice("，，，。；"))
    for word, share in CONTROLLED.items():
        if rng.random() < share:
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                body.insert(rng.randrange(len(body)), word)
    title_words = _sentence(rng, rng.randint(4, 9))
    if rng.random() < 0.2:  # a fifth of the titles name a controlled word, as often as bodies
        title_words.insert(0, rng.choices(list(CONTROLLED), weights=CONTROLLED.values())[0])
    published = START + timedelta(seconds=rng.randrange(SPAN_SECONDS))
    local = published + timedelta(hours=8)
    unit = rng.choice(UNITS)
    return engine.Entry(
        id=doc_id,
        title="关于" + "".join(title_words) + "的通知",
        text="".join(body) + "。",
        published_at=published,
        date=local.date().isoformat(),
        year=local.year,
        index_number=f"{unit}/{local.year}-{doc_id:07d}",
        doc_number=f"铜府办发〔{local.year}〕{doc_id % 300 + 1}号",
        unit_name=unit,
        unit_codes=(unit,),
        topic_id=rng.randint(1, 22),
    )


def analyse(ids: range) -> list[tuple[engine.Entry, engine.Streams]]:
    return [(entry, entry.streams()) for entry in map(make_entry, ids)]


def build(size: int, where: Path) -> None:
    if where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True)
    index = engine.SearchIndex(where / "index")
    with index.lock():
        target = index.ensure_current()
    db = sqlite3.connect(where / "fts5.sqlite3")
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61')")
    chunks = [range(start, min(start + CHUNK, size + 1)) for start in range(1, size + 1, CHUNK)]
    started = time.monotonic()
    with (
        multiprocessing.Pool(max(1, (os.cpu_count() or 2)), initializer=_init) as pool,
        index.writer(target, heap=engine.BUILD_HEAP, threads=1) as writer,
        tqdm(total=size, desc=f"building {size:,}", unit="doc") as bar,
    ):
        for batch in pool.imap(analyse, chunks):
            rows = []
            for entry, streams in batch:
                writer.raw.add_document(entry.to_document(streams))
                rows.append((entry.id, streams.title_words, streams.body_words))
            db.executemany("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)", rows)
            bar.update(len(batch))
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()
    db.close()
    meta = {"size": size, "seed": SEED, "seconds": round(time.monotonic() - started)}
    (where / "built.json").write_text(json.dumps(meta))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(size: int, where: Path, runs: int) -> list[dict[str, object]]:
    index = engine.SearchIndex(where / "index")
    db = sqlite3.connect(where / "fts5.sqlite3")
    sql = "SELECT rowid, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10"
    count_sql = "SELECT count(*) FROM docs WHERE docs MATCH ?"
    rows = []
    for name, (query, match) in QUERIES.items():
        parsed = analysis.parse_query(query)
        # warm both (first touches of the files), then interleave the timed runs
        results = index.search(parsed)
        db.execute(sql, (match,)).fetchall()
        ours: list[float] = []
        bare: list[float] = []
        for _ in range(runs):
            t0 = time.perf_counter()
            index.search(parsed)
            t1 = time.perf_counter()
            db.execute(sql, (match,)).fetchall()
            t2 = time.perf_counter()
            ours.append((t1 - t0) * 1000)
            bare.append((t2 - t1) * 1000)
        fts_total = db.execute(count_sql, (match,)).fetchone()[0]
        rows.append(
            {
                "size": size,
                "class": name,
                "query": query,
                "zwgk_hits": results.total,
                "fts5_hits": fts_total,
                "zwgk_p50": statistics.median(ours),
                "zwgk_p95": percentile(ours, 0.95),
                "fts5_p50": statistics.median(bare),
                "fts5_p95": percentile(bare, 0.95),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the cached corpora")
    args = parser.parse_args()
    table = []
    for size in args.sizes:
        where = CACHE / f"search-{size}"
        built = where / "built.json"
        if args.rebuild or not built.exists() or json.loads(built.read_text())["seed"] != SEED:
            build(size, where)
        print(f"{size:,} documents: built in {json.loads(built.read_text())['seconds']} s")
        table.extend(measure(size, where, args.runs))
    header = (
        f"{'documents':>10} {'class':<12} {'hits zwgk':>10} {'hits fts5':>10} "
        f"{'zwgk p50':>9} {'zwgk p95':>9} {'fts5 p50':>9} {'fts5 p95':>9} {'p95 ratio':>9}"
    )
    print()
    print(header)
    print("-" * len(header))
    for row in table:
        print(
            f"{row['size']:>10,} {row['class']:<12} {row['zwgk_hits']:>10,} "
            f"{row['fts5_hits']:>10,} {row['zwgk_p50']:>9.1f} {row['zwgk_p95']:>9.1f} "
            f"{row['fts5_p50']:>9.1f} {row['fts5_p95']:>9.1f} "
            f"{row['zwgk_p95'] / row['fts5_p95']:>9.2f}"
        )
    print("\nmilliseconds; ratio = zwgk p95 / FTS5 p95 (below 1: zwgk is faster)")


if __name__ == "__main__":
    main()
