"""What the search tests share: the words the shipped thesaurus adds, a small base searched."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from knowledge.text.english import to_chinese_query
from knowledge.text.normalise import normalise
from knowledge.text.thesaurus import THESAURUS_FILE, Thesaurus
from knowledge.text.tokenize import tokenizer


@cache
def _shipped() -> Thesaurus:
    return Thesaurus.read(THESAURUS_FILE)


def added_words(question: str) -> set[str]:
    """The search tokens the shipped thesaurus adds to a question."""
    tok = tokenizer()
    tokens = tok.tokens(question)
    found = _shipped().expansions(normalise(question), tokens, tok.tokens)
    return {t for e in found for t in e.terms}


def searched(entries: Iterable[Entry]) -> KnowledgeSearch:
    """A search over these entries alone."""
    engine = KnowledgeSearch()
    engine.load((e.id, engine.doc_tokens(e)) for e in entries)
    return engine


def assert_found(base: KnowledgeSearch, query: str, expected: str) -> None:
    """A farmer's `query` finds entry `expected` first, and is not declined."""
    outcome = base.search(query)
    first = outcome.best.entry_id if outcome.best is not None else None
    if outcome.decision is Decision.suggest:
        # A suggestion may show first the entry the model is far surer of; this is the ranking.
        first = base.rank(query)[0][0]
    assert first == expected, [r.entry_id for r in outcome.results[:3]]
    assert outcome.decision is not Decision.decline, outcome


def assert_answered_in_english(shipped: KnowledgeSearch, question: str, expected: str) -> None:
    """An English question, searched in the base's Chinese, is answered with `expected`."""
    outcome = shipped.search(to_chinese_query(question))
    assert outcome.best is not None and outcome.best.entry_id == expected, (
        to_chinese_query(question),
        [r.entry_id for r in outcome.results[:3]],
    )
    assert outcome.decision is Decision.answer


def assert_ranked_first(base: KnowledgeSearch, query: str, expected: str) -> None:
    """A farmer's `query` ranks entry `expected` first (whether it is answered, offered or
    declined is the calibrated decision's, which a base of a few entries does not model)."""
    outcome = base.search(query)
    first = outcome.best.entry_id if outcome.best is not None else None
    if outcome.decision is Decision.suggest:
        # A suggestion may show first the entry the model is far surer of; this is the ranking.
        first = base.rank(query)[0][0]
    assert first == expected, [r.entry_id for r in outcome.results[:3]]


def says(question: str, term: str, phrase: bool = False) -> bool:
    """Whether the question, with what the thesaurus adds, holds every word of `term`.

    `phrase`: a phrase adds its words, not the lone characters cut from it.
    """
    tok = tokenizer()
    words = tok.tokens(term)
    if phrase:
        words = [w for w in words if len(w) > 1] or words
    return set(words) <= added_words(question) | set(tok.tokens(question))
