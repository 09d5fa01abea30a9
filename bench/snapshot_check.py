"""The index snapshot at scale: the same search through a restored snapshot as through a build.

    .venv/bin/python bench/snapshot_check.py [--entries 50000] [--queries 1200]

Builds the index from bench/search.py's generated entries, exports it, writes and
reads the snapshot, and compares every query's outcome (ids, scores, confidences,
decision, k = 10), the exact matches, and the outcomes after upserts and removals
on both. Prints the export and write times and the file's size.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import make_entries, make_queries, tokenise_all  # noqa: E402
from knowledge.kb import snapshot  # noqa: E402
from knowledge.kb.search import KnowledgeSearch  # noqa: E402


def main() -> None:
    """Compare a built index with its restored snapshot; exit 1 on any difference."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=1_200)
    args = parser.parse_args()
    entries = make_entries(args.entries)
    queries = make_queries(entries, args.queries)
    tokens = tokenise_all(entries)
    built = KnowledgeSearch()
    built.load([(e.id, t) for e, t in zip(entries, tokens, strict=True)])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.npz"
        t0 = time.perf_counter()
        compiled = built.index.export()
        t1 = time.perf_counter()
        snapshot.write(path, {"check": 1}, compiled)
        t2 = time.perf_counter()
        size = path.stat().st_size / 2**20
        print(f"export {t1 - t0:.2f} s, write {t2 - t1:.2f} s, {size:.0f} MB")
        restored = snapshot.read(path, {"check": 1})
    assert restored is not None
    fresh = KnowledgeSearch()
    fresh.restore(restored)
    same = sum(built.search(q, k=10) == fresh.search(q, k=10) for q in queries)
    print(f"same outcomes, k = 10: {same}/{len(queries)}")
    texts = [e.question for e in entries[::50]]
    exact = [built.exact_match(t) for t in texts] == [fresh.exact_match(t) for t in texts]
    print(f"same exact matches: {exact}")
    for search in (built, fresh):
        for entry in entries[:300:3]:
            search.upsert(replace(entry, answer=entry.answer + " 追施尿素"))
        for entry in entries[300:400]:
            search.remove(entry.id)
    later = queries[::4]
    after = sum(built.search(q, k=5) == fresh.search(q, k=5) for q in later)
    print(f"after 100 upserts and 100 removals: {after}/{len(later)}")
    if same != len(queries) or not exact or after != len(later):
        sys.exit(1)


if __name__ == "__main__":
    main()
