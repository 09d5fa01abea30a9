"""Knowledge search quality on the evaluation sets, against jieba + rank_bm25.

    .venv/bin/python bench/eval_search.py [--set knowledge/eval/test.yaml] [--base DIR] [--misses]

Reports top-1 accuracy and MRR@5 over in-scope questions, the share of
out-of-scope questions declined, and the share of in-scope questions answered
or suggested (not declined), for FarmHub's search and for a plain baseline
(jieba words, no synonyms or pinyin, BM25Okapi from rank_bm25) on the same
base in the same run; and, per base, what a farmer gets (`Outcomes`): the
right answer, the right entry offered (answered, or among the three
suggestions), a confident wrong answer, a dead end, out-of-scope declined.

`--base DIR` (repeatable) evaluates another knowledge base: DIR/base.yaml (entries
`{id, question, answer, tags, category}`, alternative phrasings optional) is
loaded into a fresh in-memory index and DIR/questions.yaml (`{q, expect, kind}`,
expect null when out of scope) is run against it. Without --set or --base, the
shipped base with knowledge/eval/*.yaml and every knowledge/eval/*/ base are
run. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.kb.entries import Entry, read_shipped  # noqa: E402
from knowledge.kb.search import (  # noqa: E402
    ANSWER_AT,
    ANSWER_AT_PHRASED,
    NEAR_AT,
    NEAR_AT_PHRASED,
    SUGGEST_AT,
    SUGGEST_AT_PHRASED,
    Decision,
    KnowledgeSearch,
)

EVAL_DIR = ROOT / "knowledge" / "eval"


@dataclass(frozen=True)
class Case:
    """One evaluation question and the entry it should find (None: out of scope)."""

    query: str
    expect: str | None
    kind: str


def load_cases(path: Path) -> list[Case]:
    """Read an evaluation set file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Case(str(c["q"]), c.get("expect"), str(c.get("kind", ""))) for c in data]


@dataclass
class Scores:
    """Quality figures of one engine on one set."""

    top1: float
    mrr5: float
    oos_declined: float
    in_scope_not_declined: float
    answered_correct: float  # of in-scope answered outright, the share that was right
    per_kind: dict[str, float]

    def as_dict(self) -> dict[str, object]:
        """Rounded figures for the JSON line."""
        return {
            "top1": round(self.top1, 3),
            "mrr5": round(self.mrr5, 3),
            "oos_declined": round(self.oos_declined, 3),
            "in_scope_not_declined": round(self.in_scope_not_declined, 3),
            "answered_correct": round(self.answered_correct, 3),
            "per_kind_top1": {k: round(v, 3) for k, v in sorted(self.per_kind.items())},
        }


def evaluate_farmhub(search: KnowledgeSearch, cases: list[Case]) -> tuple[Scores, list[str]]:
    """Score FarmHub's search; returns the figures and the misses for reading."""
    ranks, declined_oos, kept_in, answered, answered_right = [], [], [], 0, 0
    per_kind: dict[str, list[float]] = {}
    misses = []
    for case in cases:
        outcome = search.search(case.query)
        shown = (
            [r.entry_id for r in outcome.results]
            if outcome.decision is not Decision.decline
            else []
        )
        if case.expect is None:
            declined_oos.append(outcome.decision is Decision.decline)
            if outcome.decision is not Decision.decline:
                conf = outcome.results[0].confidence
                misses.append(f"OOS not declined: {case.query} → {shown[:1]} {conf:.2f}")
            continue
        ids = [r.entry_id for r in outcome.results]
        rank = ids.index(case.expect) + 1 if case.expect in ids[:5] else 0
        ranks.append(rank)
        per_kind.setdefault(case.kind, []).append(1.0 if rank == 1 else 0.0)
        kept_in.append(outcome.decision is not Decision.decline)
        if outcome.decision is Decision.answer:
            answered += 1
            answered_right += rank == 1
        if rank != 1 or outcome.decision is Decision.decline:
            top = f"{ids[0]} {outcome.results[0].confidence:.2f}" if ids else "-"
            got = f"got {top} {outcome.decision.value}"
            misses.append(f"[{case.kind}] {case.query} → want {case.expect} (rank {rank}), {got}")
    return _scores(ranks, declined_oos, kept_in, answered, answered_right, per_kind), misses


def _scores(
    ranks: list[int],
    declined_oos: list[bool],
    kept_in: list[bool],
    answered: int,
    answered_right: int,
    per_kind: dict[str, list[float]],
) -> Scores:
    return Scores(
        top1=sum(r == 1 for r in ranks) / max(len(ranks), 1),
        mrr5=sum(1 / r for r in ranks if r) / max(len(ranks), 1),
        oos_declined=sum(declined_oos) / max(len(declined_oos), 1),
        in_scope_not_declined=sum(kept_in) / max(len(kept_in), 1),
        answered_correct=answered_right / max(answered, 1),
        per_kind={k: statistics.fmean(v) for k, v in per_kind.items()},
    )


@dataclass
class Outcomes:
    """What farmers get from one base: shares of in-scope questions, and of out-of-scope ones."""

    answered_right: float  # answered outright with the right entry
    offered: float  # the right entry answered, or among the three suggestions
    confidently_wrong: float  # answered outright with a wrong entry
    dead_end: float  # declined although the base has the answer
    oos_declined: float  # out-of-scope questions declined
    raw_top1: float
    raw_top3: float
    in_scope: int
    out_of_scope: int

    def as_dict(self) -> dict[str, object]:
        """Rounded figures for the JSON line."""
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in vars(self).items()}


def evaluate_outcomes(search: KnowledgeSearch, cases: list[Case]) -> tuple[Outcomes, list[str]]:
    """Run every question as the bot would decide it; the figures and the misses."""
    right = offered = wrong = dead = top1 = top3 = declined = inside = outside = 0
    misses = []
    for case in cases:
        outcome = search.search(case.query)
        ids = [r.entry_id for r in outcome.results]
        decision = outcome.decision
        if case.expect is None:
            outside += 1
            declined += decision is Decision.decline
            if decision is not Decision.decline:
                conf = outcome.results[0].confidence
                misses.append(f"[oos] {case.query} → {decision.value} {ids[:1]} {conf:.2f}")
            continue
        inside += 1
        top1 += ids[:1] == [case.expect]
        top3 += case.expect in ids[:3]
        ok = False
        if decision is Decision.answer:
            ok = ids[0] == case.expect
            right += ok
            wrong += not ok
            offered += ok
        elif decision is Decision.suggest:
            ok = case.expect in ids[:3]
            offered += ok
        else:
            dead += 1
        if not ok or decision is not Decision.answer:
            top = f"{ids[0]} {outcome.results[0].confidence:.2f}" if ids else "-"
            rank = ids.index(case.expect) + 1 if case.expect in ids else 0
            misses.append(
                f"[{case.kind}] {case.query} → want {case.expect} (rank {rank}), "
                f"{decision.value} {top}"
            )
    n = max(inside, 1)
    return (
        Outcomes(
            answered_right=right / n,
            offered=offered / n,
            confidently_wrong=wrong / n,
            dead_end=dead / n,
            oos_declined=declined / max(outside, 1),
            raw_top1=top1 / n,
            raw_top3=top3 / n,
            in_scope=inside,
            out_of_scope=outside,
        ),
        misses,
    )


def read_base(directory: Path) -> list[Entry]:
    """An admin's base.yaml: entries with or without alternative phrasings."""
    data = yaml.safe_load((directory / "base.yaml").read_text(encoding="utf-8")) or []
    return [
        Entry(
            str(e["id"]),
            str(e["question"]),
            str(e["answer"]).strip(),
            [str(a) for a in e.get("alt_questions") or []],
            [str(t) for t in e.get("tags") or []],
            str(e.get("category") or "general"),
        )
        for e in data
    ]


def evaluate_baseline(entries: list[Entry], cases: list[Case]) -> Scores | None:
    """jieba words (no synonym folding, no pinyin) with rank_bm25's BM25Okapi."""
    try:
        import jieba
        from rank_bm25 import BM25Okapi
    except ImportError:
        print(
            "rank_bm25 not installed: `pip install -e '.[bench]'` for the baseline", file=sys.stderr
        )
        return None
    docs = [
        jieba.lcut(" ".join([e.question, *e.alt_questions, *e.tags, e.answer])) for e in entries
    ]
    docs = [[w for w in d if w.strip()] for d in docs]
    bm25 = BM25Okapi(docs)
    in_scores = []
    results = []
    for case in cases:
        words = [w for w in jieba.lcut(case.query) if w.strip()]
        scores = bm25.get_scores(words)
        order = sorted(range(len(entries)), key=lambda i: -scores[i])[:5]
        results.append((case, [entries[i].id for i in order], scores[order[0]] if order else 0.0))
        if case.expect is not None:
            in_scores.append(scores[order[0]] if order else 0.0)
    # The baseline has no confidence: decline below the score that keeps 90% of
    # in-scope questions (its most favourable simple threshold).
    threshold = sorted(in_scores)[len(in_scores) // 10] if in_scores else 0.0
    ranks, declined_oos, kept_in, answered, right = [], [], [], 0, 0
    per_kind: dict[str, list[float]] = {}
    for case, ids, best in results:
        if case.expect is None:
            declined_oos.append(best < threshold)
            continue
        rank = ids.index(case.expect) + 1 if case.expect in ids else 0
        ranks.append(rank)
        kept_in.append(best >= threshold)
        per_kind.setdefault(case.kind, []).append(1.0 if rank == 1 else 0.0)
        answered += best >= threshold
        right += best >= threshold and rank == 1
    return _scores(ranks, declined_oos, kept_in, answered, right, per_kind)


def main() -> int:
    """Run the evaluation and print the figures, then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, action="append", help="evaluation file(s)")
    parser.add_argument(
        "--base", type=Path, action="append", help="a directory with base.yaml and questions.yaml"
    )
    parser.add_argument("--misses", action="store_true", help="print every miss")
    args = parser.parse_args()
    if args.set or args.base:
        paths, bases = args.set or [], args.base or []
    else:
        paths = sorted(EVAL_DIR.glob("*.yaml"))
        # heldout/ holds bases written blind and never fitted on
        # (bench/calibrate_search.py reads only EVAL_DIR/*/): reported, last.
        bases = sorted(p.parent for p in EVAL_DIR.glob("*/base.yaml"))
        bases += sorted(p.parent for p in EVAL_DIR.glob("heldout/*/base.yaml"))
    report: dict[str, object] = {
        "answer_at": {"plain": ANSWER_AT, "phrased": ANSWER_AT_PHRASED},
        "suggest_at": {"plain": SUGGEST_AT, "phrased": SUGGEST_AT_PHRASED},
        "near_at": {"plain": NEAR_AT, "phrased": NEAR_AT_PHRASED},
        "sets": {},
        "bases": {},
    }
    if paths:
        entries = read_shipped()
        started = time.perf_counter()
        search = KnowledgeSearch()
        search.load((e.id, search.doc_tokens(e)) for e in entries)
        report["entries"] = len(entries)
        report["build_s"] = round(time.perf_counter() - started, 2)
    for path in paths:
        cases = load_cases(path)
        farmhub, misses = evaluate_farmhub(search, cases)
        outcomes, _ = evaluate_outcomes(search, cases)
        baseline = evaluate_baseline(entries, cases)
        in_scope = sum(c.expect is not None for c in cases)
        out_of_scope = len(cases) - in_scope
        print(f"== {path.name}: {len(cases)} questions ({in_scope} in scope, {out_of_scope} out)")
        print(f"   FarmHub : {json.dumps(farmhub.as_dict(), ensure_ascii=False)}")
        print(f"   outcomes: {json.dumps(outcomes.as_dict(), ensure_ascii=False)}")
        if baseline:
            print(f"   baseline: {json.dumps(baseline.as_dict(), ensure_ascii=False)}")
        if args.misses:
            print("\n".join("   " + m for m in misses))
        report["sets"][path.stem] = {  # type: ignore[index]
            "questions": len(cases),
            "farmhub": farmhub.as_dict(),
            "outcomes": outcomes.as_dict(),
            "baseline_jieba_rank_bm25": baseline.as_dict() if baseline else None,
        }
    for directory in bases:
        base_entries = read_base(directory)
        cases = load_cases(directory / "questions.yaml")
        fresh = KnowledgeSearch()
        fresh.load((e.id, fresh.doc_tokens(e)) for e in base_entries)
        outcomes, misses = evaluate_outcomes(fresh, cases)
        baseline = evaluate_baseline(base_entries, cases)
        print(
            f"== base {directory.name}: {len(base_entries)} entries, {len(cases)} questions "
            f"({outcomes.in_scope} in scope, {outcomes.out_of_scope} out)"
        )
        print(f"   FarmHub : {json.dumps(outcomes.as_dict(), ensure_ascii=False)}")
        if baseline:
            print(f"   baseline: top-1 {baseline.top1:.3f}")
        if args.misses:
            print("\n".join("   " + m for m in misses))
        report["bases"][directory.name] = {  # type: ignore[index]
            "entries": len(base_entries),
            "questions": len(cases),
            "farmhub": outcomes.as_dict(),
            "baseline_jieba_rank_bm25_top1": round(baseline.top1, 3) if baseline else None,
        }
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
