"""Pinyin reading benchmark: what a message typed in pinyin costs, first and then.

Run: `.venv/bin/python bench/pinyin.py` (a few minutes at 50,000 entries, most of it
tokenising the synthetic base once; the tokens are cached like bench/search.py's;
`--entries` makes it smaller). It prints, in one process that starts as the bot does
(jieba, the lexicon, the thesaurus and the English glossary loaded, the index built):

- telling pinyin from English (`is_pinyin`), per message;
- the first pinyin message's extra work: FarmHub's words and jieba's everyday words
  grouped by pinyin (`pinyin_words.shipped`), the base's words and character pairs
  (`KnowledgeWords.current`) at the base's size, and the first readings, which work out
  the pinyin of the word groups they touch;
- a reading once warm: the issue's messages and farmer-style queries of the synthetic
  base typed in pinyin (a space between words), median and p99;
- the whole warm-up the bot runs in a thread after start-up (`prepare_pinyin`: every
  word's pinyin), and the memory it keeps.

Start-up itself is bench/search.py's (`--startup-only`): the index is read as before,
pinyin's words are made only on the first pinyin message or by that warm-up.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.search import make_entries, make_queries, tokenise_all  # noqa: E402

ISSUE = [
    "xihongshi jiage",
    "tudou duoshao qian",
    "yumi yezi fahuang zenmeban",
    "xiaomai chibingbing",
    "yuyue shouhuo",
    "wo yao dingyue dasuan jiage",
    "xihongshi 多少钱",
    "土豆 jiage",
]
ENGLISH = [
    "price",
    "my tomato leaves are yellow",
    "help",
    "hi",
    "ok",
    "price of tomatoes",
    "I have 1000 jin of corn to sell",
    "one more time",
]


def ms(seconds: float) -> str:
    """Seconds as milliseconds, for the report."""
    return f"{seconds * 1000:.2f} ms"


def typed_in_pinyin(text: str) -> str:
    """A Chinese text as a farmer would type it in pinyin: toneless, a space between words."""
    from pypinyin import lazy_pinyin

    from knowledge.text.tokenize import tokenizer

    words = tokenizer().words(text)
    return " ".join("".join(lazy_pinyin(w)) for w in words)


def timed(run: object, texts: list[str]) -> list[float]:
    """Each text's time through `run`, in seconds."""
    out = []
    for text in texts:
        start = time.perf_counter()
        run(text)  # type: ignore[operator]
        out.append(time.perf_counter() - start)
    return out


def spread(times: list[float]) -> str:
    """Median and p99 of some timings."""
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"median {ms(statistics.median(ordered))}, p99 {ms(p99)}, max {ms(ordered[-1])}"


def main() -> None:
    """Build a base as the bot does, then time pinyin's first and warm readings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    print(f"load average at the start: {[round(x, 2) for x in os.getloadavg()]}")

    from knowledge.kb.search import KnowledgeSearch
    from knowledge.text import pinyin, pinyin_words
    from knowledge.text.english import glossary
    from knowledge.text.intent import in_characters, keywords
    from knowledge.text.thesaurus import thesaurus

    entries = make_entries(args.entries)
    tokens = tokenise_all(entries)
    search = KnowledgeSearch()
    search.load((e.id, tok) for e, tok in zip(entries, tokens, strict=True))
    search.prepare()
    thesaurus(), glossary(), keywords()  # loaded at start-up (warm_up) or by any question
    queries = [typed_in_pinyin(q) for q in make_queries(entries, args.queries)]
    print(f"base: {len(search.index):,} entries; {len(queries)} queries typed in pinyin")

    told = timed(pinyin.is_pinyin, ENGLISH + ISSUE)
    print(f"is_pinyin: {spread(told)}")

    start = time.perf_counter()
    pinyin_words.shipped(keywords())
    shipped_s = time.perf_counter() - start
    start = time.perf_counter()
    known = search.pinyin.current()
    base_s = time.perf_counter() - start
    first = timed(search.in_characters, ISSUE)
    print(
        f"first pinyin message: FarmHub's and everyday words {ms(shipped_s)}, the base's "
        f"words and pairs {ms(base_s)} ({sum(len(p) for p in known.pairs):,} pairs), "
        f"then the issue's messages one after another: "
        + ", ".join(f"{t * 1000:.0f}" for t in first)
        + " ms"
    )
    cold = timed(search.in_characters, queries)
    print(f"queries, groups of words worked out as they come: {spread(cold)}")
    for text in ISSUE:
        print(f"  {text!r} → {search.in_characters(text)!r}")

    warm_issue = timed(search.in_characters, ISSUE * 20)
    warm = timed(search.in_characters, queries)
    warm_shipped = timed(in_characters, queries)
    print(f"warm, the issue's messages: {spread(warm_issue)}")
    print(f"warm, the queries with the base's words (search): {spread(warm)}")
    print(f"warm, the queries with FarmHub's words only (intent): {spread(warm_shipped)}")

    # The warm-up a fresh process runs in a thread after start-up, and what it keeps.
    for traced in (False, True):
        pinyin._shipped.clear()
        fresh = KnowledgeSearch()
        fresh.restore(search.index.export())
        gc.collect()
        if traced:
            tracemalloc.start()
        start = time.perf_counter()
        fresh.prepare_pinyin()
        took = time.perf_counter() - start
        if not traced:
            print(f"prepare_pinyin (every word's pinyin, the bot's warm-up): {took:.2f} s")
            continue
        kept, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  memory it keeps (tracemalloc): {kept / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
