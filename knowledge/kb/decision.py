"""The search decision: answer, offer three, or decline — and the models it rests on.

Two logistic models over the same evidence about an entry (`Evidence`): the
answer model ("this entry is the right answer", `COEFFICIENTS`) and the offer
model ("the right entry is among the first three", `OFFER_COEFFICIENTS`), both
fitted with their thresholds by bench/calibrate_search.py (`--write` puts them
here). `decide` turns them into what the bot does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# Calibrated on bases of both styles (bench/calibrate_search.py, knowledge/eval/):
# an admin's base without alternative phrasings, and one with them (FarmHub's
# own); a base in between gets thresholds in between. See docs/benchmarks.md.
# Answer when the answer model reaches ANSWER_AT; otherwise offer the top three
# when the offer model reaches SUGGEST_AT; otherwise decline.
ANSWER_AT = 0.37
SUGGEST_AT = 0.88
ANSWER_AT_PHRASED = 0.39
SUGGEST_AT_PHRASED = 0.84
# Offer the top three also when the answer model reaches NEAR_AT.
NEAR_AT = 0.445
NEAR_AT_PHRASED = 0.395
# Confidences this close are a tie between two entries, whatever their scores.
TIE_MARGIN = 0.03
SUGGESTIONS = 3
# A suggestion the answer model gives almost no chance, beside one it gives ten times
# more, is padding (天旱不下雨庄稼怎么办 offered for 玉米地里的地老虎咋弄): not offered. On the
# fitting bases no right entry offered second or third was below 0.11.
PADDING_BELOW = 0.05
PADDING_SHARE = 0.1
# The suggestions keep the ranking's order, which puts the right entry first more often than
# the answer model's, unless the model is this many times surer of a later one (檬果叶子有黑斑点:
# 香蕉叶斑病 0.17 ranked above 芒果炭疽病 0.45). On the fitting bases the right entry came first
# in 421 of 648 suggestions by rank alone, 341 by the model alone, 493 so (1.5×: 488, 3×: 475).
SURER_BY = 2.0


class Decision(StrEnum):
    """What the bot should do with a search result."""

    answer = "answer"
    suggest = "suggest"
    decline = "decline"


@dataclass(frozen=True)
class Result:
    """One entry found for a query."""

    entry_id: str
    score: float
    confidence: float


def thresholds(phrased: float) -> tuple[float, float, float]:
    """(answer at, suggest at, near at) for a base whose share `phrased` has other phrasings."""
    answer = ANSWER_AT + phrased * (ANSWER_AT_PHRASED - ANSWER_AT)
    suggest = SUGGEST_AT + phrased * (SUGGEST_AT_PHRASED - SUGGEST_AT)
    near = NEAR_AT + phrased * (NEAR_AT_PHRASED - NEAR_AT)
    return answer, suggest, near


def decide(
    results: Sequence[Result],
    phrased: float = 0.0,
    close: float | None = None,
    at: tuple[float, float, float] | None = None,
    on_subject: bool = True,
    any_on_subject: bool = True,
) -> Decision:
    """Answer, suggest or decline: answer a clear winner, offer whatever is close.

    `results[i].confidence` is how likely entry i answers the question (the
    answer model); `close` how likely the right entry is among the first three
    at all (the offer model, on the top entry's evidence; by default the top
    confidence); `at` overrides the thresholds (calibration); `on_subject` is
    False when the top entry is not about the crop or animal the question names
    (it is then at most offered, never answered); `any_on_subject` False when
    none of the entries offered is (the base does not cover that crop or
    animal: declined). A dead end is the
    worst outcome for a farmer with an answerable question, so anything
    reasonably close is offered; only a question nothing in the base is near is
    declined.
    """
    if not results or not any_on_subject:
        return Decision.decline
    top = results[0].confidence
    answer_at, suggest_at, near_at = at or thresholds(phrased)
    if top >= answer_at and on_subject:
        # Another of the entries offered fits as well (near-misses such as 番茄晚疫病
        # / 马铃薯晚疫病): let the farmer choose rather than guess. However far below
        # it scores: 订阅蒜价 scores 大蒜行情 well above 订阅价格提醒, of which the model
        # is as sure.
        for other in results[1:SUGGESTIONS]:
            if other.confidence >= top - TIE_MARGIN:
                return Decision.suggest
        return Decision.answer
    # Offered when the right entry is likely among the three; when the top entry
    # is sure enough to answer but about another crop or one of several causes
    # (at most offered); or when any of the three is nearly sure enough to answer
    # (the score ranks one first, the model is surer of the next).
    if (top if close is None else close) >= suggest_at or top >= answer_at:
        return Decision.suggest
    if any(r.confidence >= near_at for r in results[:SUGGESTIONS]):
        return Decision.suggest
    return Decision.decline


def worth_offering(results: Sequence[Result]) -> list[Result]:
    """The suggestions to offer: the first three, less the padding among the second and third,
    the one the answer model is far surer of first."""
    shown = list(results[:SUGGESTIONS])
    if not shown:
        return shown
    best = max(r.confidence for r in shown)
    kept = [shown[0]] + [
        r
        for r in shown[1:]
        if r.confidence >= PADDING_BELOW or r.confidence >= PADDING_SHARE * best
    ]
    surest = max(kept, key=lambda r: r.confidence)
    if surest.confidence >= SURER_BY * kept[0].confidence and surest is not kept[0]:
        kept.remove(surest)
        kept.insert(0, surest)
    return kept


@dataclass(frozen=True)
class Evidence:
    """What the search knows about how well one entry fits a query."""

    coverage: float  # share of the query's informative weight the entry is about
    matched: float  # that weight itself, in rare-word units: long questions match more words
    strength: float  # the entry's score against what an entry about every word would get
    margin: float  # how far it is ahead of the next entry, as a share of its score
    unknown: float  # share of the query's weight in words the base has never seen
    terms: int  # informative words in the query
    chars: float  # share of the query's rare-character weight in the entry's question and tags
    phrased: float  # share of the base's entries with alternative phrasings (the base's style)
    other_subject: float  # 1 when the entry is about other products than the ones the query names
    missing: float = 0.0  # the heaviest known query word the entry lacks, in rare-word units
    absent_subject: float = 0.0  # 1 when the query names a crop or animal the entry never mentions
    coverage_gap: float = 0.0  # its coverage less the next entry's: a clear winner covers more
    same_subject: float = 0.0  # 1 when the entry is about a product the query names
    question_cover: float = 0.0  # share of the entry's question (by rarity) the query says
    unknown_common: float = 0.0  # the part of `unknown` in everyday words (背后, 中午)
    topic_cover: float = 1.0  # `coverage` of what is asked, leaving out the crop or animal
    topic_in_question: float = 1.0  # `topic_cover` by the entry's question and tags alone
    other_problem: float = 0.0  # 1 when the query names pests or diseases and the entry only others
    other_kind: float = 0.0  # 1 when the entry is about a policy or service the query names none of
    # 1 when the query asks one farming task (修剪), or what a policy is for (母牛), and the
    # entry is about others only
    other_aspect: float = 0.0
    # 1 when the query describes a sign with several possible causes and the entry names
    # one of them (not a feature of the models: such an entry is offered, never answered)
    one_cause: float = 0.0
    # 1 when the query asks about a policy (补贴, 保险) and the entry says nothing of one (not
    # a feature of the models either: such an entry is offered, never answered)
    lacks_policy: float = 0.0

    @property
    def off_subject(self) -> bool:
        """The query names a crop or animal this entry is not about (兔子 to 犊牛拉稀)."""
        return bool(self.absent_subject or self.other_subject)

    def vector(self) -> tuple[float, ...]:
        """The features the confidence model weighs, in COEFFICIENTS order."""
        main = (
            self.coverage,
            math.log1p(self.matched),
            math.sqrt(min(self.strength, 2.0)),
            self.margin,
            self.unknown,
            math.log1p(self.terms),
            self.chars,
            self.other_subject,
            self.missing,
            self.absent_subject,
            self.coverage_gap,
            self.same_subject,
            self.question_cover,
            self.unknown_common,
            self.topic_cover,
            self.topic_in_question,
            self.other_problem,
            self.other_kind,
            self.other_aspect,
        )
        # The same evidence means more in a base written with alternative
        # phrasings than in an admin's one-question-per-entry base: every feature
        # also enters scaled by the base's style.
        return (*main, self.phrased, *(self.phrased * x for x in main))


# A logistic model of "this entry answers the question", fitted by
# bench/calibrate_search.py on FarmHub's own development set (knowledge/eval/dev.yaml)
# and the admin-style bases (knowledge/eval/*/); test.yaml only reports it, and
# `--cv` reports each admin base held out (docs/benchmarks.md).
# Order: bias, then Evidence.vector().
COEFFICIENTS = (
    -6.935,
    0.136,
    1.985,
    1.867,
    2.648,
    0.623,
    0.492,
    1.544,
    -0.845,
    0.073,
    -1.354,
    1.077,
    0.197,
    1.402,
    0.442,
    0.615,
    0.35,
    -0.966,
    -0.553,
    -1.345,
    -0.256,
    -0.097,
    -0.123,
    -0.128,
    0.009,
    -0.028,
    -0.342,
    0.095,
    0.005,
    -0.102,
    -0.027,
    -0.03,
    -0.091,
    0.156,
    -0.01,
    -0.087,
    0.028,
    0.009,
    -0.078,
    0.037,
)
# A logistic model of "the right entry is among the first three" (out-of-scope
# questions are its negatives), on the top entry's evidence: it decides between
# offering a choice and declining. Same order, fitted by the same script.
OFFER_COEFFICIENTS = (
    -5.086,
    0.879,
    1.859,
    1.683,
    1.435,
    -0.863,
    1.282,
    1.109,
    -0.973,
    0.21,
    -2.148,
    0.153,
    0.097,
    1.193,
    0.383,
    0.801,
    0.794,
    -1.06,
    -0.644,
    -1.279,
    -0.273,
    -0.065,
    -0.217,
    -0.077,
    -0.048,
    -0.14,
    -0.491,
    0.025,
    -0.026,
    -0.141,
    -0.117,
    -0.056,
    -0.109,
    0.046,
    -0.027,
    -0.071,
    -0.037,
    -0.006,
    -0.049,
    0.017,
)


def subject_flags(evidence: Sequence[Evidence]) -> tuple[bool, bool]:
    """Whether the top entry may be answered, and whether any offered one is on subject.

    The top entry is answered only when it is about the crop or animal asked and
    covers something of what is asked about it: 辣椒疫病 is about 辣椒 but not about
    打顶 (辣椒要不要打顶), so it is at most offered; so is an entry about one of the causes a
    described sign may have (西红柿病毒病怎么治 for 番茄叶子发黄: the farmer chooses).
    """
    on = (
        bool(evidence)
        and not evidence[0].off_subject
        and evidence[0].topic_cover > 0
        and not evidence[0].one_cause
        and not evidence[0].lacks_policy
    )
    return on, any(not e.off_subject for e in evidence[:SUGGESTIONS])


def confidence(evidence: Evidence, coefficients: Sequence[float] | None = None) -> float:
    """How sure we are that an entry answers the query, from 0 to 1."""
    bias, *weights = coefficients or COEFFICIENTS
    z = bias + sum(w * x for w, x in zip(weights, evidence.vector(), strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def closeness(evidence: Evidence, coefficients: Sequence[float] | None = None) -> float:
    """How likely the right entry is among the first three, from the top entry's evidence."""
    return confidence(evidence, coefficients or OFFER_COEFFICIENTS)
