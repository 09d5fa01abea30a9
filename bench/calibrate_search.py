"""Fit the knowledge-search confidence model and thresholds on the development set.

    .venv/bin/python bench/calibrate_search.py [--set knowledge/eval/dev.yaml]

A logistic regression of "this entry is the right answer" on the search's
Evidence features, over the two best entries of every development question
(out-of-scope questions give only negatives). Then the two thresholds: ANSWER_AT, the
lowest confidence at which the top entry is right at least 95% of the time, and
SUGGEST_AT, the one that keeps most in-scope questions while declining at least
87% of out-of-scope ones. Paste the printed constants into knowledge/search.py;
bench/eval_search.py reports the held-out set (test.yaml) with them.
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

from bench.eval_search import load_cases  # noqa: E402
from knowledge.entries import read_shipped  # noqa: E402
from knowledge.search import Evidence, KnowledgeSearch  # noqa: E402

ANSWER_PRECISION = 0.95
OOS_DECLINED = 0.87


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.002, steps: int = 20000) -> np.ndarray:
    """Gradient descent on the L2-regularised log loss; returns bias then weights."""
    design = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(design.shape[1])
    rate = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ w))
        grad = design.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]]
        w -= rate * grad
    return w


def confidence_with(w: np.ndarray, evidence: Evidence) -> float:
    """The model's confidence for one entry."""
    z = w[0] + float(np.dot(w[1:], evidence.vector()))
    return 1 / (1 + math.exp(-z))


def main() -> int:
    """Fit, choose thresholds, print them and one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=ROOT / "knowledge" / "eval" / "dev.yaml")
    args = parser.parse_args()
    cases = load_cases(args.set)
    search = KnowledgeSearch()
    search.load((e.id, search.doc_tokens(e)) for e in read_shipped())
    ranked = [(case, search.rank(case.query)) for case in cases]
    rows, labels = [], []
    # The decision rests on the top entry, so the model learns "the top entry
    # is right" from each question's top entry, plus the runners-up as extra
    # negatives/positives so the features' effect is seen over a wider range.
    for case, hits in ranked:
        for entry_id, _, evidence in hits[:2]:
            rows.append(evidence.vector())
            labels.append(1.0 if entry_id == case.expect else 0.0)
    w = fit_logistic(np.asarray(rows), np.asarray(labels))
    tops = []  # (confidence of the top entry, in scope, top is right)
    for case, hits in ranked:
        if not hits:
            tops.append((0.0, case.expect is not None, False))
            continue
        entry_id, _, evidence = hits[0]
        right = entry_id == case.expect
        tops.append((confidence_with(w, evidence), case.expect is not None, right))
    answer_at = 0.99
    for t in sorted({round(c, 2) for c, _, _ in tops}):
        chosen = [right for c, _, right in tops if c >= t]
        if chosen and sum(chosen) / len(chosen) >= ANSWER_PRECISION:
            answer_at = t
            break
    best = (0.0, 0.5)
    oos = [c for c, inside, _ in tops if not inside]
    inside = [c for c, inside, _ in tops if inside]
    for t in np.arange(0.05, answer_at, 0.01):
        declined = sum(c < t for c in oos) / max(len(oos), 1)
        kept = sum(c >= t for c in inside) / max(len(inside), 1)
        if declined >= OOS_DECLINED and kept + declined > best[0]:
            best = (kept + declined, float(t))
    suggest_at = round(best[1], 2)
    coefficients = tuple(round(float(v), 3) for v in w)
    print(f"COEFFICIENTS = {coefficients}")
    print(f"ANSWER_AT = {answer_at}")
    print(f"SUGGEST_AT = {suggest_at}")
    print(json.dumps({"coefficients": coefficients, "answer_at": answer_at,
                      "suggest_at": suggest_at, "samples": len(labels)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
