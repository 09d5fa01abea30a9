"""Fit the knowledge-search confidence model and thresholds on bases of different styles.

    .venv/bin/python bench/calibrate_search.py [--base DIR ...] [--set FILE]

The fit bases: FarmHub's own base (knowledge/data/kb, with alternative
phrasings) with its development set (knowledge/eval/dev.yaml), and every
admin-style base under knowledge/eval/*/ (base.yaml without alternative
phrasings, questions.yaml), unless --base/--set name others. Held out, never
fitted on: knowledge/eval/test.yaml and any base not given here.

A logistic regression of "this entry is the right answer" on the search's
Evidence features, over the two best entries of every question (out-of-scope
questions give only negatives), each base weighing the same whatever its size.
Then the two thresholds, chosen so they hold on every fit base, not on average:
ANSWER_AT, the lowest confidence at which, on each base, at most ANSWER_WRONG of
the in-scope questions are answered with a wrong entry; SUGGEST_AT, the lowest
at which each base still declines at least OOS_DECLINED of its out-of-scope questions (and ANSWER_AT
keeps at least OOS_NOT_ANSWERED of them from an answer). Thresholds are chosen
per style: bases with alternative phrasings, and admin bases without. Paste the printed
constants into knowledge/kb/search.py; bench/eval_search.py reports every base.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.eval_search import Case, load_cases, read_base  # noqa: E402
from knowledge.kb.entries import Entry, read_shipped  # noqa: E402
from knowledge.kb.search import Evidence, KnowledgeSearch  # noqa: E402

EVAL_DIR = ROOT / "knowledge" / "eval"
ANSWER_WRONG = 0.02
# Out-of-scope questions declined: an answer must keep at least OOS_NOT_ANSWERED
# of them from being answered; suggestions at least OOS_DECLINED from a choice.
OOS_NOT_ANSWERED = 0.92
OOS_DECLINED = 0.90


def fit_logistic(
    x: np.ndarray, y: np.ndarray, sample: np.ndarray, l2: float = 0.002, steps: int = 20000
) -> np.ndarray:
    """Gradient descent on the weighted, L2-regularised log loss; returns bias then weights."""
    design = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(design.shape[1])
    sample = sample / sample.sum()
    rate = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ w))
        grad = design.T @ (sample * (p - y)) + l2 * np.r_[0.0, w[1:]]
        w -= rate * grad
    return w


def confidence_with(w: np.ndarray, evidence: Evidence) -> float:
    """The model's confidence for one entry."""
    z = w[0] + float(np.dot(w[1:], evidence.vector()))
    return 1 / (1 + math.exp(-z))


def fit_bases(
    sets: list[Path], bases: list[Path]
) -> list[tuple[str, list[Entry], list[Case]]]:
    """(name, entries, questions) of every fit base."""
    out = []
    if sets:
        shipped = read_shipped()
        out.extend((path.stem, shipped, load_cases(path)) for path in sets)
    out.extend((d.name, read_base(d), load_cases(d / "questions.yaml")) for d in bases)
    return out


def main() -> int:
    """Fit, choose thresholds, print them and one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, action="append", help="questions on the shipped base")
    parser.add_argument("--base", type=Path, action="append", help="an admin-style base directory")
    args = parser.parse_args()
    if args.set or args.base:
        sets, bases = args.set or [], args.base or []
    else:
        sets = [EVAL_DIR / "dev.yaml"]
        bases = sorted(p.parent for p in EVAL_DIR.glob("*/base.yaml"))
    ranked_by_base = []
    for name, entries, cases in fit_bases(sets, bases):
        search = KnowledgeSearch()
        search.load((e.id, search.doc_tokens(e)) for e in entries)
        ranked_by_base.append((name, [(case, search.rank(case.query)) for case in cases]))
    rows, labels, weights = [], [], []
    for _, ranked in ranked_by_base:
        # Each base weighs the same; the decision rests on the top entry, and
        # the runner-up widens the range of evidence the model sees.
        share = 1.0 / sum(len(hits[:2]) for _, hits in ranked)
        for case, hits in ranked:
            for entry_id, _, evidence in hits[:2]:
                rows.append(evidence.vector())
                labels.append(1.0 if entry_id == case.expect else 0.0)
                weights.append(share)
    w = fit_logistic(np.asarray(rows), np.asarray(labels), np.asarray(weights))
    # Per base: (confidence of the top entry, in scope, top is right, right in top 3).
    tops: dict[str, list[tuple[float, bool, bool, bool]]] = {}
    styles: dict[str, float] = {}
    for name, ranked in ranked_by_base:
        tops[name] = [
            (
                confidence_with(w, hits[0][2]) if hits else 0.0,
                case.expect is not None,
                bool(hits) and hits[0][0] == case.expect,
                case.expect in [h[0] for h in hits[:3]],
            )
            for case, hits in ranked
        ]
        styles[name] = next((h[0][2].phrased for _, h in ranked if h), 0.0)
    grid = [round(t, 3) for t in np.arange(0.05, 0.99, 0.005)]

    def wrong_share(t: float, names: list[str]) -> float:
        worst = 0.0
        for name in names:
            inside = [(c, right) for c, i, right, _ in tops[name] if i]
            wrong = sum(c >= t and not right for c, right in inside)
            worst = max(worst, wrong / max(len(inside), 1))
        return worst

    def oos_declined(t: float, names: list[str]) -> float:
        shares = []
        for name in names:
            oos = [c < t for c, inside, _, _ in tops[name] if not inside]
            if oos:
                shares.append(sum(oos) / len(oos))
        return min(shares) if shares else 1.0

    # Thresholds per style, each holding on every base of that style.
    chosen = {}
    for style, names in (
        ("plain", [n for n, p in styles.items() if p < 0.5]),
        ("phrased", [n for n, p in styles.items() if p >= 0.5]),
    ):
        if not names:
            continue
        answer = next((t for t in grid if wrong_share(t, names) <= ANSWER_WRONG), 0.99)
        suggest = next((t for t in grid if oos_declined(t, names) >= OOS_DECLINED), answer)
        # Answering an out-of-scope question is worse than offering a choice.
        keep_out = next((t for t in grid if oos_declined(t, names) >= OOS_NOT_ANSWERED), answer)
        chosen[style] = (max(answer, keep_out), suggest)
        for t in grid[::10]:
            right = [
                sum(c >= t and ok for c, i, ok, _ in tops[n] if i) / sum(r[1] for r in tops[n])
                for n in names
            ]
            print(f"  {style} t={t}: wrong {wrong_share(t, names):.3f} right {min(right):.3f}")
    plain = chosen.get("plain") or chosen["phrased"]
    phrased = chosen.get("phrased") or plain
    answer_at, suggest_at = plain
    coefficients = tuple(round(float(v), 3) for v in w)
    print(f"COEFFICIENTS = {coefficients}")
    print(f"ANSWER_AT = {plain[0]}")
    print(f"SUGGEST_AT = {plain[1]}")
    print(f"ANSWER_AT_PHRASED = {phrased[0]}")
    print(f"SUGGEST_AT_PHRASED = {phrased[1]}")
    summary = {}
    for name, rows_ in tops.items():
        answer_at, suggest_at = phrased if styles[name] >= 0.5 else plain
        inside = [r for r in rows_ if r[1]]
        n = max(len(inside), 1)
        offered = sum(
            (c >= answer_at and ok) or (suggest_at <= c < answer_at and in3)
            for c, _, ok, in3 in inside
        )
        summary[name] = {
            "answered_right": round(sum(c >= answer_at and ok for c, _, ok, _ in inside) / n, 3),
            "offered": round(offered / n, 3),
            "oos_declined": round(
                sum(c < suggest_at for c, i, _, _ in rows_ if not i)
                / max(sum(not r[1] for r in rows_), 1),
                3,
            ),
        }
        print(f"  {name}: {summary[name]}")
    print(json.dumps({"coefficients": coefficients, "plain": plain, "phrased": phrased,
                      "samples": len(labels), "fit": summary}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
