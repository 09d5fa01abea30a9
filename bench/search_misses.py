"""Print the raw ranking misses of knowledge search on the admin-style bases, for reading.

    .venv/bin/python bench/search_misses.py [--base DIR ...] [--top N]

For every in-scope question whose expected entry is not ranked first: the
question, the expected entry's question, the entry ranked first (and the rank
of the expected one, 0 when outside the top five). Read them for the KINDS of
misses (a symptom instead of the disease, a folk name, a dialect crop name, a
station-service verb, a long message, another product), then fix the kind in
the thesaurus or the ranking — never the single question.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.eval_search import load_cases, read_base  # noqa: E402
from knowledge.kb.search import KnowledgeSearch  # noqa: E402

EVAL_DIR = ROOT / "knowledge" / "eval"


def main() -> int:
    """Print the misses of every base, then a count per kind."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, action="append", help="a base directory")
    parser.add_argument("--top", type=int, default=1, help="a miss is outside the top N")
    args = parser.parse_args()
    bases = args.base or sorted(p.parent for p in EVAL_DIR.glob("*/base.yaml"))
    for directory in bases:
        entries = read_base(directory)
        question = {e.id: e.question for e in entries}
        search = KnowledgeSearch()
        search.load((e.id, search.doc_tokens(e)) for e in entries)
        kinds: dict[str, int] = {}
        print(f"== {directory.name}")
        for case in load_cases(directory / "questions.yaml"):
            if case.expect is None:
                continue
            ids = [entry_id for entry_id, _, _ in search.rank(case.query)]
            if case.expect in ids[: args.top]:
                continue
            rank = ids.index(case.expect) + 1 if case.expect in ids else 0
            kinds[case.kind] = kinds.get(case.kind, 0) + 1
            got = question.get(ids[0], "-") if ids else "-"
            print(
                f"[{case.kind}] {case.query}\n    want {question[case.expect]} (rank {rank})"
                f"\n    got  {got}"
            )
        print(f"   misses by kind: {kinds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
