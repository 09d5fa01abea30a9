"""How much of a question an entry covers: word by word, in its question or only its answer.

Knowledge search weighs each query word by how an entry says it: in its question,
phrasings or tags (full credit), only in its answer (in passing), by a homophone,
inside a longer word (a one-character word), or through a thesaurus word standing
for it (喷药 for 打药). `Coverage` reads an index's entries for `KnowledgeSearch`.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.kb.farmer_words import HOMOPHONE_MARK, FarmerWords
from knowledge.kb.index import SearchIndex
from knowledge.text.thesaurus import Expansion

# An entry that has a word only in its answer mentions it in passing.
ANSWER_ONLY_CREDIT = 0.75
# A one-character word of what is asked, inside a word of the entry's question.
INSIDE_CREDIT = 0.5


class Coverage:
    """What one index's entries say of a query's words."""

    def __init__(self, index: SearchIndex, words: FarmerWords) -> None:
        self.index = index
        self.words = words

    def matched(
        self,
        entry_id: str,
        weights: dict[str, float],
        expansions: Sequence[Expansion] = (),
        in_passing: float = ANSWER_ONLY_CREDIT,
    ) -> tuple[float, float]:
        """The query weight this entry is about (answer-only words count `in_passing`), and
        the weight of the heaviest query word it does not mention at all."""
        about, mentioned = self._words_of(entry_id)
        matched = missing = 0.0
        for term, weight in weights.items():
            if term.startswith(HOMOPHONE_MARK):
                continue
            credit = self._credit(term, weights, about, mentioned, expansions, in_passing)
            matched += weight * credit
            # Only a word the base knows, found elsewhere: an unknown word (a
            # farmer's own) says nothing about this entry rather than another.
            if not credit and self.index.vocabulary_has(term):
                missing = max(missing, weight)
        return matched, missing

    def topic(
        self, entry_id: str, topic: dict[str, float], expansions: Sequence[Expansion]
    ) -> tuple[float, float]:
        """The topic's weight this entry covers, and the part its question and tags cover.

        A one-character word of the topic (种) is said by a word holding it (播种). An
        entry that only mentions the topic in its answer (修剪 in 蓝莓灰霉病's "及时修剪
        通风") answers another question about the same crop: the second figure.
        """
        about, mentioned = self._words_of(entry_id)
        covered = asked = 0.0
        for term, weight in topic.items():
            if term.startswith(HOMOPHONE_MARK):
                continue
            credit = self._credit(
                term, topic, about, mentioned, expansions, ANSWER_ONLY_CREDIT, INSIDE_CREDIT
            )
            covered += weight * credit
            if credit:
                asked += weight * self._credit(
                    term, topic, about, mentioned, expansions, 0.0, INSIDE_CREDIT
                )
        return covered, asked

    def _words_of(self, entry_id: str) -> tuple[set[str], set[str]]:
        """An entry's words: of its question, phrasings and tags; and of its answer."""
        tokens = self.index.tokens_of(entry_id)
        return set(tokens.question) | set(tokens.alts) | set(tokens.tags), set(tokens.answer)

    def _credit(
        self,
        term: str,
        weights: dict[str, float],
        about: set[str],
        mentioned: set[str],
        expansions: Sequence[Expansion],
        in_passing: float,
        inside: float = 0.0,
    ) -> float:
        """How much of one query word an entry says (1 in its question or tags).

        `inside` credits a one-character word found inside a word of the entry's
        question or tags (种 of 洋芋阿么种 in 播种).
        """
        if term in about:
            credit = 1.0
        elif term in mentioned:
            credit = in_passing
        else:
            credit = self.words.homophone_credit(term, weights, about, mentioned, in_passing)
        if not credit and inside and len(term) == 1 and any(term in w for w in about):
            credit = inside
        # A thesaurus word standing for this one (喷药 for 打药) earns its weight.
        for expansion in expansions:
            if credit >= expansion.weight or term not in expansion.sources:
                continue
            if not about.isdisjoint(expansion.terms):
                credit = expansion.weight
            elif not mentioned.isdisjoint(expansion.terms):
                credit = max(credit, expansion.weight * in_passing)
        return credit
