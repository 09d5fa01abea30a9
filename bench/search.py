"""Knowledge search benchmark: FarmHub's BM25F index against rank_bm25, bm25s and tantivy.

Run: `.venv/bin/python bench/search.py` (about three minutes; `--entries`,
`--queries` and `--reps` make it smaller or larger). The comparison libraries
are the `bench` extra: `.venv/bin/pip install -e '.[bench]'`; an engine that is
not installed is skipped with a message.

A synthetic base of short farming entries and farmer-style queries is generated
deterministically (seeded). Every entry and query is tokenised ONCE with the
project tokenizer, and every engine gets the same tokens: words of all fields
plus the question's character bigrams (prefixed "§", as FarmHub indexes them),
and for each query its words (with FarmHub's homophone expansion) plus its
bigrams. tantivy gets them joined by spaces on its whitespace analyser (it has
no Chinese tokenizer). So the pure-query figures compare ranking engines; the
FarmHub end-to-end figure adds what a real question costs on top (intent
classification, normalisation, jieba, synonym folding, homophones, confidence).

Each engine is built and queried in its own subprocess, so memory (RSS growth
over the build) and timings do not leak between engines. Latencies are per
single query (the bot answers one question at a time): p50/p99 per repetition,
queries/s over a whole pass; the reported figure is the median over
repetitions. Start-up is measured as production does it: a fresh process that
imports the code, initialises jieba and builds the index from the tokens cached
in a SQLite database (`knowledge.kb.repository.load_index`).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import pickle
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from knowledge.kb.entries import Entry  # noqa: E402
from knowledge.kb.index import BIGRAM_PREFIX, DocTokens  # noqa: E402

SEED = 20240604
K = 5
ENGINES = ("farmhub", "bm25s", "tantivy", "rank_bm25")
# rank_bm25 scores every document in Python for every query term (~0.1 s a
# query at 50,000 entries): it answers only this many queries, once.
RANK_BM25_QUERIES = 20

# ---- the synthetic base ---------------------------------------------------------------

PARTS = ["叶子", "叶片", "根", "茎秆", "果子", "花", "苗", "嫩芽", "果皮", "老叶"]
SYMPTOMS = [
    "发黄",
    "卷叶",
    "枯萎",
    "长黑斑",
    "掉花",
    "裂开",
    "发白",
    "长虫",
    "打蔫",
    "发紫",
    "烂了",
    "长霉",
    "有白粉",
    "起泡",
    "干尖",
    "落果",
    "畸形",
    "不长个",
    "变褐",
    "流胶",
]
STAGES = [
    "苗期",
    "开花期",
    "结果期",
    "成熟期",
    "移栽后",
    "下雨后",
    "大棚里",
    "冬天",
    "夏天",
    "春季",
]
TASKS = [
    "施肥",
    "浇水",
    "打药",
    "修剪",
    "育苗",
    "移栽",
    "采收",
    "嫁接",
    "覆膜",
    "疏果",
    "追肥",
    "整枝",
]
STORE = ["储存", "保鲜", "晾晒", "入窖", "冷藏", "包装", "运输", "发快递"]
FERTS = [
    "尿素",
    "复合肥",
    "有机肥",
    "磷酸二氢钾",
    "硫酸钾",
    "钙肥",
    "硼肥",
    "羊粪",
    "鸡粪",
    "叶面肥",
]
MEDS = [
    "多菌灵",
    "吡虫啉",
    "代森锰锌",
    "阿维菌素",
    "甲霜灵",
    "啶虫脒",
    "戊唑醇",
    "嘧菌酯",
    "苦参碱",
]
PLATFORMS = ["拼多多", "淘宝", "抖音", "快手", "微信群", "朋友圈", "供销社", "合作社"]
SERVICES = ["收货", "预约", "冷库", "称重", "结账", "退货", "代收", "打包"]
QUESTION_TEMPLATES = [
    "{p}{part}{sym}怎么办",
    "{p}{part}{sym}是什么原因",
    "{p}得了{pest}用什么药",
    "{p}{pest}怎么防治",
    "{stage}{p}怎么{task}",
    "{p}{stage}施什么肥",
    "{p}怎么{store}不坏",
    "{p}用{fert}怎么用量",
    "{p}打{med}多少天一次",
    "{p}在{platform}上怎么卖",
    "{stage}{p}多久浇一次水",
    "{p}种植密度多少合适",
    "服务站{service}怎么弄",
    "{pest}用{med}管用吗",
]
ALT_TEMPLATES = [
    "{p}{part}{sym}咋办",
    "{p}{part}{sym}了",
    "{p}{pest}打啥药",
    "{p}{task}注意什么",
    "{p}{stage}{task}",
    "{p}{store}",
    "{fert}给{p}用",
    "{med}治{pest}",
    "{platform}卖{p}",
    "{p}{sym}",
    "{service}流程",
    "怎么{task}{p}",
]
ANSWER_FRAGMENTS = [
    "先看是缺肥还是病害，下部老叶均匀{sym}多为缺氮，可追施{fert}。",
    "发病初期喷{med}，七天一次，连喷两到三次，注意安全间隔期。",
    "{stage}要控制水分，大棚注意通风降湿，及时摘除病叶带出田外。",
    "{task}宜选晴天上午，用量按标签来，不要随意加大浓度。",
    "{store}前晾晒三到五天，温度保持在十度左右，湿度不要太高。",
    "在{platform}上架前拍清楚实物照片，写明产地、规格和发货时间。",
    "拿不准的可以拍张照片发给服务站的农技员看看。",
    "轮作倒茬能减轻{pest}，收获后清园，病残体集中处理。",
    "{service}请提前一天预约，带上身份证，到站后找值班员。",
]
CATEGORIES = [
    "pests_diseases",
    "planting",
    "fertiliser",
    "storage",
    "selling_online",
    "station_services",
]
OUT_OF_SCOPE = [
    "拖拉机发动机冒黑烟怎么修",
    "今天天气怎么样",
    "孩子上学要带什么",
    "手机没信号怎么办",
    "微信密码忘了怎么找回",
    "医保卡怎么办理",
    "电视机没声音了",
    "去县城的班车几点",
    "驾照多久换一次",
    "感冒了吃什么药好",
    "怎么给手机充话费",
    "社保怎么交",
    "房子漏水找谁修",
    "高铁票怎么买",
    "银行卡被锁了",
    "广场舞音响推荐",
]
# Homophone typos from pinyin keyboards, and everyday rewordings of a question.
TYPOS = {
    "西红柿": "西红事",
    "赤霉病": "赤梅病",
    "发黄": "发荒",
    "蚜虫": "牙虫",
    "复合肥": "附和肥",
    "怎么办": "咋办",
    "什么": "啥",
    "打药": "打要",
}
PREFIXES = ["", "", "请问", "我家的", "师傅，", "老师", "想问下"]
SUFFIXES = ["", "", "？", "啊", "咋整", "急", "谢谢"]


def _slots(
    rng: random.Random, products: list[tuple[str, ...]], pests: list[tuple[str, ...]]
) -> dict[str, str]:
    names = rng.choice(products)
    pest_names = rng.choice(pests)
    return {
        "p": names[0],
        "pest": pest_names[0],
        "part": rng.choice(PARTS),
        "sym": rng.choice(SYMPTOMS),
        "stage": rng.choice(STAGES),
        "task": rng.choice(TASKS),
        "store": rng.choice(STORE),
        "fert": rng.choice(FERTS),
        "med": rng.choice(MEDS),
        "platform": rng.choice(PLATFORMS),
        "service": rng.choice(SERVICES),
        "_aliases": "|".join(names[1:]),
        "_pest_aliases": "|".join(pest_names[1:]),
    }


def make_entries(n: int, seed: int = SEED) -> list[Entry]:
    """`n` short farming entries (question, 2-3 phrasings, tags, ~40-80 character answer)."""
    from knowledge.text.lexicon import lexicon

    lex = lexicon()
    products = [p.names for p in lex.products.values()]
    pests = [(name, *aliases) for name, aliases in lex.pests.items()]
    rng = random.Random(seed)
    entries = []
    for i in range(n):
        s = _slots(rng, products, pests)
        aliases = [a for a in s["_aliases"].split("|") if a]
        alts = []
        for template in rng.sample(ALT_TEMPLATES, rng.randint(2, 3)):
            alt = template.format(**s)
            # Phrasings use the names farmers use, not only the canonical one.
            if aliases and rng.random() < 0.5:
                alt = alt.replace(s["p"], rng.choice(aliases))
            alts.append(alt)
        answer = ""
        for fragment in rng.sample(ANSWER_FRAGMENTS, 4):
            answer += fragment.format(**s)
            if len(answer) >= 40:
                break
        tags = [s["p"], rng.choice([s["pest"], s["task"], s["store"], s["sym"]])]
        entries.append(
            Entry(
                id=f"syn-{i:05d}",
                question=rng.choice(QUESTION_TEMPLATES).format(**s),
                answer=answer[:80],
                alt_questions=alts,
                tags=tags,
                category=rng.choice(CATEGORIES),
            )
        )
    return entries


def make_queries(entries: Sequence[Entry], n: int, seed: int = SEED) -> list[str]:
    """`n` farmer-style queries: entries' phrasings with noise, and ~15% out of scope."""
    rng = random.Random(seed + 1)
    queries = []
    for _ in range(n):
        if rng.random() < 0.15:
            text = rng.choice(OUT_OF_SCOPE)
            if rng.random() < 0.5:
                text = rng.choice(PREFIXES) + text
        else:
            entry = rng.choice(entries)
            text = rng.choice([entry.question, *entry.alt_questions])
            for right, wrong in TYPOS.items():
                if right in text and rng.random() < 0.3:
                    text = text.replace(right, wrong)
            if len(text) > 6 and rng.random() < 0.2:  # a dropped character
                cut = rng.randrange(len(text))
                text = text[:cut] + text[cut + 1 :]
            text = rng.choice(PREFIXES) + text + rng.choice(SUFFIXES)
        queries.append(text)
    return queries


# ---- measuring -------------------------------------------------------------------------


def rss_bytes() -> int:
    """Resident memory of this process (Linux)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def traced(build: Callable[[], object]) -> dict[str, float]:
    """Python memory a build keeps (and its peak), by tracemalloc; numpy arrays included."""
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    built = build()
    gc.collect()
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del built
    return {"kept_mb": round(kept / 2**20, 1), "peak_mb": round(peak / 2**20, 1)}


@dataclass
class Timing:
    """Median figures over repetitions of a pass over the queries."""

    p50_ms: float
    p99_ms: float
    qps: float
    p99_cpu_ms: float  # the thread's own CPU time: what is left once waits for the CPU are out
    queries: int
    reps: int


def time_queries(
    run: Callable[[int], object], n: int, reps: int, before: Callable[[], None] | None = None
) -> Timing:
    """Run queries 0..n-1 `reps` times; p50/p99 per pass and queries/s, medians over passes."""
    for i in range(min(n, 50)):  # warm-up
        run(i)
    p50s, p99s, cpu99s, rates = [], [], [], []
    at99 = min(n - 1, int(n * 0.99))
    for _ in range(reps):
        if before is not None:
            before()
        gc.collect()
        lat, cpu = [], []
        start = time.perf_counter()
        for i in range(n):
            t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
            run(i)
            cpu.append(time.thread_time_ns() - c0)
            lat.append(time.perf_counter_ns() - t0)
        total = time.perf_counter() - start
        lat.sort()
        cpu.sort()
        p50s.append(lat[n // 2] / 1e6)
        p99s.append(lat[at99] / 1e6)
        cpu99s.append(cpu[at99] / 1e6)
        rates.append(n / total)
    return Timing(
        round(statistics.median(p50s), 4),
        round(statistics.median(p99s), 4),
        round(statistics.median(rates), 1),
        round(statistics.median(cpu99s), 4),
        n,
        reps,
    )


# ---- engines (each runs in a child process) --------------------------------------------


def _flat(tokens: DocTokens) -> list[str]:
    return [t for values in tokens.fields().values() for t in values]


def run_farmhub(data: dict[str, Any], reps: int) -> dict[str, Any]:
    """Build and query FarmHub's index; plus end-to-end questions, updates and a compaction."""
    from knowledge.kb.search import KnowledgeSearch
    from knowledge.text.lexicon import pinyin_key
    from knowledge.text.normalise import normalise

    search = KnowledgeSearch()  # jieba and the lexicon are initialised here, outside the build
    docs: list[tuple[str, DocTokens]] = data["docs"]
    gc.collect()
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    search.load(docs)
    build_s = time.perf_counter() - t0
    gc.collect()
    memory = rss_bytes() - rss0
    index = search.index
    prepared = data["prepared"]

    def pure(i: int) -> object:
        known, grams, weights = prepared[i]
        return index.search(known, grams, k=K, weights=weights)

    raw = data["queries"]

    def end_to_end(i: int) -> object:
        return search.search(raw[i], k=K)

    n = len(prepared)
    timing = time_queries(pure, n, reps)

    def forget() -> None:
        # Every farmer question is new text: forget what was remembered per text.
        normalise.cache_clear()
        pinyin_key.cache_clear()

    e2e = time_queries(end_to_end, n, reps, before=forget)
    top = [[h.entry_id for h in pure(i)] for i in range(n)]  # type: ignore[attr-defined]
    decisions: dict[str, int] = {}
    for i in range(n):
        d = str(search.search(raw[i], k=K).decision)
        decisions[d] = decisions.get(d, 0) + 1

    # Updates: an entry is edited (re-tokenised as upsert_entries does) and its new
    # wording must be the top answer at once, without a rebuild.
    rng = random.Random(SEED + 2)
    entries: list[Entry] = data["entries"]
    upserts, first_search, found = [], [], 0
    for j in range(200):
        old = rng.choice(entries)
        edited = Entry(
            old.id,
            f"{old.question}第{j}号新问法",
            old.answer,
            old.alt_questions,
            old.tags,
            old.category,
        )
        t0 = time.perf_counter_ns()
        search.upsert(edited)
        t1 = time.perf_counter_ns()
        outcome = search.search(edited.question, k=K)
        t2 = time.perf_counter_ns()
        upserts.append((t1 - t0) / 1e6)
        first_search.append((t2 - t0) / 1e6)
        found += outcome.best is not None and outcome.best.entry_id == edited.id
    with_delta = time_queries(pure, n, max(1, reps // 2))
    # The worst case before a compaction: COMPACT_AFTER changed entries pending.
    from knowledge.kb.index import COMPACT_AFTER

    for entry_id, tokens in rng.sample(docs, COMPACT_AFTER - len(index._delta)):
        index.upsert(entry_id, tokens)
    full_delta = time_queries(pure, n, 1)
    t0 = time.perf_counter()
    index.compact()
    compact_s = time.perf_counter() - t0

    def rebuild() -> object:
        again = KnowledgeSearch(search.tokenizer)
        again.load(docs)
        return again

    return {
        "build_s": round(build_s, 3),
        "memory_mb": round(memory / 2**20, 1),
        "python_memory": traced(rebuild),
        "source_tokens_mb": data["source_tokens_mb"],
        "query": timing.__dict__,
        "end_to_end": e2e.__dict__,
        "decisions": decisions,
        "top": top,
        "update": {
            "upsert_p50_ms": round(statistics.median(upserts), 3),
            "upsert_p99_ms": round(sorted(upserts)[int(len(upserts) * 0.99)], 3),
            "upsert_then_search_p50_ms": round(statistics.median(first_search), 3),
            "upsert_then_search_max_ms": round(max(first_search), 3),
            "found_at_once": f"{found}/{len(upserts)}",
            "query_with_200_in_delta": with_delta.__dict__,
            f"query_with_{COMPACT_AFTER}_in_delta": full_delta.__dict__,
            "compact_s": round(compact_s, 3),
        },
    }


def run_bm25s(data: dict[str, Any], reps: int) -> dict[str, Any]:
    """bm25s (sparse matrices, numpy backend) over the same tokens."""
    import bm25s

    corpus = [_flat(tokens) for _, tokens in data["docs"]]
    ids = [entry_id for entry_id, _ in data["docs"]]
    gc.collect()
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    build_s = time.perf_counter() - t0
    gc.collect()
    memory = rss_bytes() - rss0
    import numpy as np

    queries = data["flat_queries"]

    def run(i: int) -> list[str]:
        if any(t in retriever.vocab_dict for t in queries[i]):
            docs, _ = retriever.retrieve([queries[i]], k=K, show_progress=False, n_threads=0)
            return [ids[d] for d in docs[0]]
        # bm25s 0.3.16 fails on a query with no known word (its empty token has
        # no postings): score nothing, as retrieve would, and take the top.
        scores = retriever.get_scores_from_ids([])
        return [ids[d] for d in np.argpartition(-scores, K)[:K] if scores[d] > 0]

    timing = time_queries(run, len(queries), reps)
    top = [run(i) for i in range(len(queries))]

    def rebuild() -> object:
        again = bm25s.BM25()
        again.index(corpus, show_progress=False)
        return again

    return {
        "build_s": round(build_s, 3),
        "memory_mb": round(memory / 2**20, 1),
        "python_memory": traced(rebuild),
        "query": timing.__dict__,
        "top": top,
    }


def run_tantivy(data: dict[str, Any], reps: int) -> dict[str, Any]:
    """tantivy (Rust, in-memory index) over the same tokens on its whitespace analyser."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    builder.add_integer_field("n", stored=True)
    schema = builder.build()
    docs = data["docs"]
    gc.collect()
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    index = tantivy.Index(schema)
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for n, (_, tokens) in enumerate(docs):
        writer.add_document(tantivy.Document(body=" ".join(_flat(tokens)), n=n))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    build_s = time.perf_counter() - t0
    gc.collect()
    memory = rss_bytes() - rss0
    ids = [entry_id for entry_id, _ in docs]
    queries = [
        tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", t)) for t in q]
        )
        for q in data["flat_queries"]
    ]

    # Hits come as (segment, document) addresses: map them to entry ids once, so a
    # query costs tantivy's search, not reading stored documents back.
    entry_of = {}
    for _score, address in searcher.search(tantivy.Query.all_query(), len(docs), count=False).hits:
        entry_of[(address.segment_ord, address.doc)] = ids[searcher.doc(address)["n"][0]]

    def run(i: int) -> list[str]:
        hits = searcher.search(queries[i], K, count=False).hits
        return [entry_of[(address.segment_ord, address.doc)] for _score, address in hits]

    timing = time_queries(run, len(queries), reps)
    return {
        "build_s": round(build_s, 3),
        "memory_mb": round(memory / 2**20, 1),
        "query": timing.__dict__,
        "top": [run(i) for i in range(len(queries))],
    }


def run_rank_bm25(data: dict[str, Any], reps: int) -> dict[str, Any]:
    """rank_bm25's BM25Okapi (pure Python scoring) over the same tokens, few queries."""
    import numpy as np
    from rank_bm25 import BM25Okapi

    corpus = [_flat(tokens) for _, tokens in data["docs"]]
    ids = [entry_id for entry_id, _ in data["docs"]]
    gc.collect()
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    bm25 = BM25Okapi(corpus)
    build_s = time.perf_counter() - t0
    gc.collect()
    memory = rss_bytes() - rss0
    queries = data["flat_queries"][:RANK_BM25_QUERIES]

    def run(i: int) -> list[str]:
        scores = bm25.get_scores(queries[i])
        top = np.argpartition(-scores, K)[:K]
        return [ids[d] for d in top[np.argsort(-scores[top])]]

    timing = time_queries(run, len(queries), 1)
    return {
        "build_s": round(build_s, 3),
        "memory_mb": round(memory / 2**20, 1),
        "python_memory": traced(lambda: BM25Okapi(corpus)),
        "query": timing.__dict__,
        "top": [],
        "note": f"{len(queries)} queries, one pass (pure-Python scoring is slow)",
    }


RUNNERS: dict[str, Callable[[dict[str, Any], int], dict[str, Any]]] = {
    "farmhub": run_farmhub,
    "bm25s": run_bm25s,
    "tantivy": run_tantivy,
    "rank_bm25": run_rank_bm25,
}
MODULES = {"bm25s": "bm25s", "tantivy": "tantivy", "rank_bm25": "rank_bm25"}


def child(engine: str, data_path: str, reps: int, out_path: str) -> None:
    """Child process: load the shared tokens, run one engine, write its figures."""
    with open(data_path, "rb") as handle:
        data = pickle.load(handle)
    result = RUNNERS[engine](data, reps)
    Path(out_path).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


# ---- start-up -----------------------------------------------------------------------------

STARTUP_SCRIPT = """
import asyncio, json, os, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from sqlalchemy.ext.asyncio import async_sessionmaker
from bot.core.db import make_engine
from knowledge.kb.repository import load_index
from knowledge.kb.search import KnowledgeSearch
t1 = time.perf_counter()
search = KnowledgeSearch()
t2 = time.perf_counter()
build, source = [], []

def timed(method, name):
    # Built from the rows (load) or from a snapshot (restore; absent before it).
    def run(arg):
        start = time.perf_counter()
        method(arg)
        build.append(time.perf_counter() - start)
        source.append(name)
    return run

search.load = timed(search.load, "rows")
if hasattr(search, "restore"):
    search.restore = timed(search.restore, "snapshot")

async def main():
    engine = make_engine({url!r})
    async with async_sessionmaker(engine)() as session:
        await load_index(session, search)
    await engine.dispose()

asyncio.run(main())
t3 = time.perf_counter()
ready_at = time.time()
# The same-run yardstick on a shared, noisy machine: a plain json.loads of the
# same rows' cached tokens (gc off, as the load runs).
import gc, sqlite3
raw = [r[0] for r in sqlite3.connect({path!r}).execute("SELECT tokens FROM kb_entries")]
gc.disable()
t4 = time.perf_counter()
decoded = [json.loads(r) for r in raw]
json_s = time.perf_counter() - t4
t5 = time.perf_counter()
search.exact_match("\u7b2c\u4e00\u4e2a\u95ee\u9898")  # the exact-match table is made here
first_s = time.perf_counter() - t5
print(json.dumps({{"imports_s": t1 - t0, "jieba_s": t2 - t1, "read_s": t3 - t2 - build[0],
                  "build_s": build[0], "entries": len(search.index), "ready_at": ready_at,
                  "json_loads_s": json_s, "first_exact_s": first_s, "from": source[0]}}),
      flush=True)
os._exit(0)  # the index is ready: tearing 50,000 entries down is not start-up
"""


class _CachedTokens:
    """Stands in for KnowledgeSearch when filling the database: tokens already made."""

    def __init__(self, tokens: dict[str, DocTokens]) -> None:
        from knowledge.text.tokenize import tokenizer

        self.tokenizer = tokenizer()
        self._tokens = tokens

    def doc_tokens(self, entry: Entry) -> DocTokens:
        return self._tokens[entry.id]

    def upsert(self, entry: Entry, tokens: DocTokens | None = None) -> None:
        pass


async def fill_database(url: str, entries: Sequence[Entry], tokens: dict[str, DocTokens]) -> None:
    """A migrated SQLite database holding the entries and their cached tokens."""
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from bot.core.db import make_engine
    from bot.core.migrate import upgrade
    from knowledge.kb.repository import upsert_entries

    await upgrade(url)
    engine = make_engine(url)
    cached = _CachedTokens(tokens)
    try:
        for start in range(0, len(entries), 2000):
            async with async_sessionmaker(engine)() as session:
                await upsert_entries(session, entries[start : start + 2000], cached, by="bench")  # type: ignore[arg-type]
                await session.commit()
    finally:
        await engine.dispose()


def _startup_run(script: str) -> tuple[float, dict[str, Any]]:
    """One fresh process loading the index: its wall time from exec, and its phases."""
    spawned = time.time()
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    phase = json.loads(out.stdout.strip().splitlines()[-1])
    return phase["ready_at"] - spawned, phase  # from exec to a searchable index


def measure_startup(
    entries: Sequence[Entry],
    tokens: dict[str, DocTokens],
    tmp: Path,
    runs: int = 3,
    against: Path | None = None,
) -> dict[str, Any]:
    """Wall time of a fresh process that loads the index from the database (median of runs).

    With `against` (another checkout, e.g. main's worktree), each run also loads
    the same database with that code, alternating which goes first: old and new
    measured in the same minutes of a shared machine.
    """
    url = f"sqlite+aiosqlite:///{tmp / 'startup.db'}"
    asyncio.run(fill_database(url, entries, tokens))
    roots = {"new": ROOT, **({"old": against} if against is not None else {})}
    scripts = {
        name: STARTUP_SCRIPT.format(root=str(root), url=url, path=str(tmp / "startup.db"))
        for name, root in roots.items()
    }
    walls: dict[str, list[float]] = {name: [] for name in scripts}
    phases: dict[str, list[dict[str, Any]]] = {name: [] for name in scripts}
    loads = []
    # The first round also warms jieba's dictionary cache and the OS cache (and
    # writes the new code's index snapshot): not counted.
    for round_ in range(runs + 1):
        order = list(scripts) if round_ % 2 else list(reversed(scripts))
        for name in order:
            wall, phase = _startup_run(scripts[name])
            if round_:
                walls[name].append(wall)
                phases[name].append(phase)
        loads.append(os.getloadavg()[0])
    out = _startup_figures(walls["new"], phases["new"], runs)
    out["load_average"] = [round(x, 2) for x in loads[1:]]
    if against is not None:
        out["old"] = _startup_figures(walls["old"], phases["old"], runs)
        ratios = [n / o for n, o in zip(walls["new"], walls["old"], strict=True)]
        out["new_over_old"] = round(statistics.median(ratios), 3)
        out["walls"] = {name: [round(w, 3) for w in ws] for name, ws in walls.items()}
    return out


def _startup_figures(walls: list[float], phases: list[dict[str, Any]], runs: int) -> dict[str, Any]:
    middle = sorted(range(len(walls)), key=walls.__getitem__)[len(walls) // 2]
    chosen = phases[middle]
    parts = ("imports_s", "jieba_s", "read_s", "build_s")
    # Read and build against the plain json.loads of the same process: the
    # ratio moves far less with the machine's load than seconds do.
    ratios = [(p["read_s"] + p["build_s"]) / p["json_loads_s"] for p in phases]
    return {
        "wall_s": round(walls[middle], 3),
        "load_vs_json_loads": round(statistics.median(ratios), 2),
        "json_loads_s": round(statistics.median(p["json_loads_s"] for p in phases), 3),
        "first_exact_s": round(statistics.median(p["first_exact_s"] for p in phases), 3),
        "interpreter_s": round(walls[middle] - sum(chosen[k] for k in parts), 3),
        **{k: round(chosen[k], 3) for k in parts},
        "entries": chosen["entries"],
        "from": sorted({p.get("from", "rows") for p in phases}),
        "runs": runs,
    }


# ---- the parent ---------------------------------------------------------------------------


def _tokenise(entries: Sequence[Entry]) -> list[DocTokens]:
    from knowledge.kb.search import KnowledgeSearch

    search = KnowledgeSearch()
    return [search.doc_tokens(e) for e in entries]


def tokenise_all(entries: list[Entry]) -> list[DocTokens]:
    """The project tokenizer over every entry, on every core; remembered between runs.

    The cache file is named after the entries and the tokenizer's sources and
    dictionaries, so any change to either tokenises afresh.
    """
    import hashlib

    from knowledge.text.tokenize import tokenizer

    digest = hashlib.sha1(tokenizer().version.encode())
    for module in ("text/tokenize", "text/lexicon", "text/normalise", "kb/search"):
        digest.update((ROOT / "knowledge" / f"{module}.py").read_bytes())
    digest.update(pickle.dumps(entries))
    cache = Path(tempfile.gettempdir()) / f"farmhub-bench-tokens-{digest.hexdigest()[:16]}.pickle"
    if cache.is_file():
        with cache.open("rb") as handle:
            cached: list[DocTokens] = pickle.load(handle)
        return cached
    tokens = _tokenise_parallel(entries)
    with cache.open("wb") as handle:
        pickle.dump(tokens, handle)
    return tokens


def _tokenise_parallel(entries: list[Entry]) -> list[DocTokens]:
    import multiprocessing

    from knowledge.text.tokenize import tokenizer

    tokenizer()  # forked workers inherit jieba already initialised
    workers = max(1, os.cpu_count() or 1)
    chunks = [entries[i::workers] for i in range(workers)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_tokenise, chunks)
    out: list[DocTokens] = [None] * len(entries)  # type: ignore[list-item]
    for w, part in enumerate(parts):
        out[w::workers] = part
    return out


def overlap(a: list[list[str]], b: list[list[str]]) -> float:
    """Mean share of top-k ids two engines agree on (order ignored)."""
    shared = [
        len(set(x) & set(y)) / max(len(x), len(y), 1) for x, y in zip(a, b, strict=False) if x or y
    ]
    return round(statistics.mean(shared), 3) if shared else 0.0


def main() -> None:
    """Generate, tokenise, run every engine in its own process, print figures and one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=1_200)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    parser.add_argument(
        "--startup-only", action="store_true", help="measure only the start-up (no engines)"
    )
    parser.add_argument(
        "--startup-runs", type=int, default=3, help="start-up runs (the median is reported)"
    )
    parser.add_argument(
        "--startup-against",
        type=Path,
        default=None,
        help="another checkout (e.g. /work/main) whose start-up alternates with this one's",
    )
    parser.add_argument(
        "--child", nargs=3, metavar=("ENGINE", "DATA", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.reps, args.child[2])
        return

    began = time.perf_counter()
    print(f"load average at the start: {[round(x, 2) for x in os.getloadavg()]}")
    entries = make_entries(args.entries)
    queries = make_queries(entries, args.queries)
    t0 = time.perf_counter()
    tokens = tokenise_all(entries)
    tokenise_s = time.perf_counter() - t0
    print(
        f"{len(entries):,} entries, {len(queries):,} queries; tokens ready in {tokenise_s:.1f} s "
        f"({os.cpu_count()} processes, or a cache of an earlier run)"
    )

    from knowledge.kb.search import KnowledgeSearch

    helper = KnowledgeSearch()
    docs = [(e.id, t) for e, t in zip(entries, tokens, strict=True)]
    helper.load(docs)
    prepared, flat_queries = [], []
    for text in queries:
        # Exactly what KnowledgeSearch.search hands the index.
        from knowledge.text.tokenize import bigrams

        known, weights = helper.words.expand(helper.tokenizer.tokens(text))
        grams = bigrams(text)
        prepared.append((known, grams, weights))
        flat_queries.append([*known, *(BIGRAM_PREFIX + g for g in grams)])
    del helper

    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmpdir:
        tmp = Path(tmpdir)
        data_path = tmp / "data.pickle"
        gc.collect()
        before = rss_bytes()
        source = pickle.loads(pickle.dumps(docs))
        source_mb = round((rss_bytes() - before) / 2**20, 1)
        del source
        with data_path.open("wb") as handle:
            pickle.dump(
                {
                    "docs": docs,
                    "entries": entries,
                    "queries": queries,
                    "prepared": prepared,
                    "flat_queries": flat_queries,
                    "source_tokens_mb": source_mb,
                },
                handle,
            )
        results: dict[str, dict[str, Any]] = {}
        for engine in [] if args.startup_only else args.engines.split(","):
            module = MODULES.get(engine)
            if module is not None:
                try:
                    __import__(module)
                except ImportError:
                    print(f"{engine}: not installed, skipped (pip install -e '.[bench]')")
                    continue
            out = tmp / f"{engine}.json"
            t0 = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--reps",
                    str(args.reps),
                    "--child",
                    engine,
                    str(data_path),
                    str(out),
                ],
                check=True,
            )
            results[engine] = json.loads(out.read_text(encoding="utf-8"))
            print(f"{engine}: done in {time.perf_counter() - t0:.0f} s")
        startup = None
        if not args.no_startup:
            startup = measure_startup(
                entries,
                dict(zip((e.id for e in entries), tokens, strict=True)),
                tmp,
                runs=args.startup_runs,
                against=args.startup_against,
            )

    report(results, startup, len(entries), len(queries), tokenise_s, time.perf_counter() - began)


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def report(
    results: dict[str, dict[str, Any]],
    startup: dict[str, Any] | None,
    n_entries: int,
    n_queries: int,
    tokenise_s: float,
    total_s: float,
) -> None:
    """Print the table and the one JSON line."""
    print()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(
        f"{'engine':<20}{'build s':>9}{'RSS MB':>8}{'kept MB':>9}{'peak MB':>9}{'p50 ms':>9}"
        f"{'p99 ms':>9}{'p99 CPU':>9}"
        f"{'queries/s':>11}{'vs bm25s':>10}{'vs tantivy':>12}"
    )
    bm25s_qps = results.get("bm25s", {}).get("query", {}).get("qps")
    tantivy_qps = results.get("tantivy", {}).get("query", {}).get("qps")
    rows = [(name, r, r["query"]) for name, r in results.items()]
    if "farmhub" in results:
        after = list(results).index("farmhub") + 1
        rows.insert(
            after, ("farmhub end-to-end", results["farmhub"], results["farmhub"]["end_to_end"])
        )
    for name, r, q in rows:
        e2e = name.endswith("end-to-end")
        build = "" if e2e else f"{r['build_s']:.2f}"
        memory = "" if e2e else f"{r['memory_mb']:.0f}"
        traced_mb = {} if e2e else r.get("python_memory", {})
        kept, peak = (
            f"{traced_mb[key]:.0f}" if key in traced_mb else "" for key in ("kept_mb", "peak_mb")
        )
        print(
            f"{name:<20}{build:>9}{memory:>8}{kept:>9}{peak:>9}{q['p50_ms']:>9.3f}{q['p99_ms']:>9.3f}"
            f"{q['p99_cpu_ms']:>9.3f}"
            f"{q['qps']:>11,.0f}"
            f"{_ratio(q['qps'], bm25s_qps) or '-':>10}{_ratio(q['qps'], tantivy_qps) or '-':>12}"
        )
    if "rank_bm25" in results:
        print(f"rank_bm25: {results['rank_bm25']['note']}")
    print(
        "p99 CPU: p99 of the thread's own CPU time per query (waits for a busy CPU left out). "
        "RSS MB: growth of the process over the build (allocator high-water included); "
        "kept/peak MB: Python and numpy memory the built index keeps / needed at the peak of "
        "the build (tracemalloc; not tantivy's Rust heap)"
    )
    summary: dict[str, Any] = {
        "benchmark": "search",
        "entries": n_entries,
        "queries": n_queries,
        "tokenise_s": round(tokenise_s, 1),
    }
    for name, r in results.items():
        summary[name] = {k: v for k, v in r.items() if k not in ("top", "note")}
    if "farmhub" in results:
        fh = results["farmhub"]
        print(
            f"farmhub also keeps the entries' token lists ({fh['source_tokens_mb']:.0f} MB, "
            f"loaded before the build so not counted above); decisions {fh['decisions']}"
        )
        print(f"farmhub update: {json.dumps(fh['update'])}")
        summary["farmhub_qps_vs_bm25s"] = _ratio(fh["query"]["qps"], bm25s_qps)
        summary["farmhub_qps_vs_tantivy"] = _ratio(fh["query"]["qps"], tantivy_qps)
        for other in ("bm25s", "tantivy"):
            if other in results:
                agree = overlap(fh["top"], results[other]["top"])
                summary[f"top{K}_overlap_farmhub_{other}"] = agree
                print(f"top-{K} overlap farmhub/{other}: {agree}")
    if startup is not None:
        print(
            f"start-up with {startup['entries']:,} entries: {startup['wall_s']:.2f} s from exec "
            f"to a searchable index (interpreter {startup['interpreter_s']:.2f}, imports "
            f"{startup['imports_s']:.2f}, jieba and lexicon {startup['jieba_s']:.2f}, reading "
            f"the cached tokens {startup['read_s']:.2f}, SearchIndex.build "
            f"{startup['build_s']:.2f}; median of {startup['runs']}); reading and building "
            f"take {startup['load_vs_json_loads']}x a plain json.loads of the same rows "
            f"({startup['json_loads_s']:.2f} s); the first exact-match lookup "
            f"{startup['first_exact_s']:.2f} s; index from {startup['from']}; load average "
            f"{startup['load_average']}"
        )
        if "old" in startup:
            old = startup["old"]
            print(
                f"start-up, old code in the same run: {old['wall_s']:.2f} s (imports "
                f"{old['imports_s']:.2f}, jieba and lexicon {old['jieba_s']:.2f}, reading "
                f"{old['read_s']:.2f}, build {old['build_s']:.2f}, first exact-match lookup "
                f"{old['first_exact_s']:.2f} s); new/old per pair, median "
                f"{startup['new_over_old']}; walls {startup['walls']}"
            )
        summary["startup"] = startup
    summary["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    summary["total_s"] = round(total_s, 1)
    print(f"load average at the end: {summary['load_average_end']}")
    print(f"total {total_s:.0f} s")
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
