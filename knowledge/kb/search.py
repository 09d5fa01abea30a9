"""Knowledge search: a farmer's question → the best entries, with a calibrated confidence.

The bot answers with the top entry when it clearly wins (the answer model at
ANSWER_AT, about the crop named, no other entry as likely) or when the question
is an entry's own question or approved phrasing; it offers the top three
("您是不是想问 ...") whenever the right entry is likely among them (the offer
model at SUGGEST_AT, or the answer model at NEAR_AT); only when nothing in the
base is close does it say that it does not know and offer to ask the station.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache

from knowledge.kb.coverage import Coverage
from knowledge.kb.decision import (
    ANSWER_AT,
    ANSWER_AT_PHRASED,
    NEAR_AT,
    NEAR_AT_PHRASED,
    SUGGEST_AT,
    SUGGEST_AT_PHRASED,
    SUGGESTIONS,
    Decision,
    Evidence,
    Result,
    closeness,
    confidence,
    decide,
    subject_flags,
    thresholds,
    worth_offering,
)
from knowledge.kb.entries import Entry
from knowledge.kb.entry_facts import EntryFacts
from knowledge.kb.exact import ExactTable, key_of
from knowledge.kb.farmer_words import HOMOPHONE_MARK, FarmerWords
from knowledge.kb.index import BIGRAM_PREFIX, Compiled, DocTokens, Hit, SearchIndex
from knowledge.kb.subjects import (
    absent_programme,
    aspects_of,
    hosts_named,
    kinds_of,
    one_of_causes,
    policy_objects,
    problems_asked,
    uncertain_causes,
)
from knowledge.text.animals import animals_in
from knowledge.text.cilin import general_synonyms
from knowledge.text.intent import Intent, Kind, classify, in_characters, keywords
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise
from knowledge.text.pinyin import has_pinyin
from knowledge.text.pinyin_words import KnowledgeWords, shipped
from knowledge.text.scaffold import (
    ASKING_ABOUT_A_SIGN,
    SCAFFOLD,
    SCAFFOLD_RANK_WEIGHT,
    SCAFFOLD_WEIGHT,
    squeezed,
)
from knowledge.text.thesaurus import thesaurus
from knowledge.text.tokenize import Tokenizer, bigrams, tokenizer

# The decision's names, importable from here as before the split.
__all__ = [
    "ANSWER_AT",
    "ANSWER_AT_PHRASED",
    "NEAR_AT",
    "NEAR_AT_PHRASED",
    "SUGGEST_AT",
    "SUGGEST_AT_PHRASED",
    "Decision",
    "Evidence",
    "KnowledgeSearch",
    "Result",
    "SearchOutcome",
    "closeness",
    "confidence",
    "decide",
    "engine",
    "subject_flags",
    "thresholds",
]
# Entries ranked again by the product the farmer names: how many, and by how much.
RERANK_POOL = 20
SAME_SUBJECT_BOOST = 1.25
OTHER_SUBJECT_FACTOR = 0.7
# How often (in jieba's dictionary) a word is seen to be an everyday word.
COMMON_WORD = 500
# Informative words beyond which a message is long (thesaurus words then count more).
LONG_MESSAGE_TERMS = 8


@dataclass(frozen=True)
class SearchOutcome:
    """The intent of the question and the entries found, best first."""

    query: str
    intent: Intent
    decision: Decision
    results: tuple[Result, ...]

    @property
    def best(self) -> Result | None:
        """The top entry, if any."""
        return self.results[0] if self.results else None


class KnowledgeSearch:
    """The searchable knowledge base of one process."""

    def __init__(self, tok: Tokenizer | None = None) -> None:
        self.tokenizer = tok or tokenizer()
        self.index = SearchIndex()
        self.words = FarmerWords(
            self.index, self._is_scaffold, self.tokenizer.tokens, self.tokenizer.is_word
        )
        self.coverage = Coverage(self.index, self.words)
        self.facts = EntryFacts(self.index, self._is_scaffold, self.tokenizer.tokens)
        # Entries with alternative phrasings: a base written with them (FarmHub's
        # own) matches farmers' words more fully than one without (an admin's).
        self._phrased = 0
        # Normalised questions and approved phrasings → the entries they are, made
        # from the indexed tokens on first use (not at start-up). Tokens cached
        # before phrasings were kept apart lack them (`unsplit`) until the
        # repository's sync finds them.
        self._exact: ExactTable | None = None
        self.unsplit: set[str] = set()
        self.loaded = False  # set once the index holds the database's entries
        self.synced_until: datetime | None = None  # newest updated_at applied
        # The base's words by pinyin, for a question typed in pinyin (its own words, a
        # county's 猕猴桃溃疡病, read before everyday ones); made on the first such question.
        self._edits = 0
        self.pinyin = KnowledgeWords(self.index, lambda: self._edits)

    def doc_tokens(self, entry: Entry) -> DocTokens:
        """Tokenise an entry's fields (what the database caches in kb_entries.tokens)."""
        tk = self.tokenizer
        phrasings = [tk.tokens(alt) for alt in entry.alt_questions]
        alts = [t for phrasing in phrasings for t in phrasing]
        tags = [t for tag in entry.tags for t in tk.tokens(tag)]
        grams = bigrams(" ".join([entry.question, *entry.alt_questions, *entry.tags]))
        lengths = [len(p) for p in phrasings]
        return DocTokens(
            tk.tokens(entry.question), alts, tags, tk.tokens(entry.answer), grams, lengths
        )

    def load(self, docs: Iterable[tuple[str, DocTokens]]) -> None:
        """Replace the whole index."""
        self.index.build(docs)
        phrased, unsplit = 0, set()
        for entry_id, tokens in self.index.items():
            if tokens.alts:
                phrased += 1
                if tokens.phrasings is None:
                    unsplit.add(entry_id)
        self._loaded(phrased, unsplit)

    def restore(self, compiled: Compiled) -> None:
        """Replace the whole index with a snapshot's: as `load` of the same entries."""
        self.index.restore(compiled)
        alts, phrasings = compiled.raw.fields[1], compiled.raw.phrasings
        unsplit = {
            entry_id
            for entry_id, text, split in zip(compiled.doc_ids, alts, phrasings, strict=True)
            if text and split is None
        }
        self._loaded(sum(map(bool, alts)), unsplit)

    def _loaded(self, phrased: int, unsplit: set[str]) -> None:
        self._phrased, self.unsplit, self._exact = phrased, unsplit, None
        self._edits += 1
        self.words.invalidate()
        self.facts.reset()
        self.loaded = True

    def upsert(self, entry: Entry, tokens: DocTokens | None = None) -> None:
        """Add or replace one entry; searchable immediately."""
        self._forget(entry.id)
        tokens = tokens or self.doc_tokens(entry)
        if tokens.phrasings is None:  # cached before phrasings were kept apart
            split = [self.tokenizer.tokens(alt) for alt in entry.alt_questions]
            tokens = replace(tokens, phrasings=[len(p) for p in split])
        self.index.upsert(entry.id, tokens)
        if self._exact is not None:
            self._exact.add(entry.id, tokens)
        self._phrased += bool(tokens.alts)
        self._edits += 1
        self.words.invalidate()

    def remember_phrasings(self, entry_id: str, phrasings: Sequence[Sequence[str]]) -> None:
        """How an unsplit entry's alts split into phrasings: they become exact matches."""
        if entry_id not in self.unsplit:
            return
        self.unsplit.discard(entry_id)
        tokens = self.index.refine(entry_id, [len(p) for p in phrasings])
        if self._exact is not None:
            self._exact.add(entry_id, tokens)

    def prepare(self) -> None:
        """Build what the first search would otherwise build (the exact-match table, the
        everyday synonyms, the thesaurus's compiled leads: seconds the first farmer would
        wait for)."""
        self._exact_table()
        general_synonyms()
        thesaurus().prepare()

    def _exact_table(self) -> ExactTable:
        if self._exact is None:
            self._exact = ExactTable(self.index.question_items())
        return self._exact

    def remove(self, entry_id: str) -> None:
        """Drop one entry from search."""
        self._forget(entry_id)
        self.index.remove(entry_id)
        self._edits += 1

    @property
    def phrased(self) -> float:
        """The share of entries with alternative phrasings: the base's style."""
        return self._phrased / len(self.index) if len(self.index) else 0.0

    def _forget(self, entry_id: str) -> None:
        self.facts.forget(entry_id)
        if entry_id not in self.index:
            return
        if self.index.tokens_of(entry_id).alts:
            self._phrased -= 1
        if self._exact is not None:
            self._exact.forget(entry_id, self.index.tokens_of(entry_id))
        self.unsplit.discard(entry_id)

    def in_characters(self, query: str) -> str:
        """The query with its pinyin read in characters, the base's own words known."""
        return in_characters(query, self.pinyin.current()) if has_pinyin(query) else query

    def prepare_pinyin(self) -> None:
        """Work out the pinyin of every word a question typed in pinyin may be read as: a
        second or two, in a background thread after start-up, not the first such question's."""
        for words in (*self.pinyin.current().words, shipped(keywords())[0]):
            words.build()

    def search(self, query: str, k: int = 5) -> SearchOutcome:
        """Classify and search one question (typed in pinyin: read in characters first)."""
        query = self.in_characters(query)
        intent = classify(query)
        # Small talk (你是谁, 哈哈哈, ？) is answered by the bot itself, never
        # with an entry nor by the station.
        ranked = self.rank(query, k) if intent.kind is not Kind.chatter else []
        if not ranked:
            return SearchOutcome(query, intent, Decision.decline, ())
        results = [
            Result(entry_id, round(score, 4), round(confidence(ev), 4))
            for entry_id, score, ev in ranked
        ]
        # An entry's own question or an approved phrasing, typed again (after
        # normalisation): the farmer asked exactly that entry.
        exact = self.exact_match(query)
        if exact is not None:
            found = next((r for r in results if r.entry_id == exact), None)
            if found is None:  # ranked below the first k: certain all the same
                found = Result(exact, results[0].score, 1.0)
            results = [found, *(r for r in results if r.entry_id != exact)][:k]
            return SearchOutcome(query, intent, Decision.answer, tuple(results))
        # The order stays the ranking's: the score ranks entries better than the
        # confidence model, which is fitted to decide, not to rank.
        close = closeness(ranked[0][2])
        on_subject, any_on = subject_flags([ev for _, _, ev in ranked])
        decision = decide(
            results, self.phrased, close, on_subject=on_subject, any_on_subject=any_on
        )
        if decision is Decision.suggest:
            # The results of a suggestion are the entries offered (`kb search --json`).
            results = worth_offering(results)
        return SearchOutcome(query, intent, decision, tuple(results))

    def exact_match(self, query: str) -> str | None:
        """The entry whose question or approved phrasing is this query, after normalisation."""
        key = key_of(self.tokenizer.tokens(self.in_characters(query)))
        for entry_id in self._exact_table().get(key) if key else ():
            if entry_id in self.index:
                return entry_id
        return None

    def rank(self, query: str, k: int = 5) -> list[tuple[str, float, Evidence]]:
        """The best entries by score, each with the evidence its confidence is made of."""
        query = self.in_characters(query)
        norm = normalise(query)
        # A typed homophone of a base term is read as the term (新成疫 → 新城疫), in
        # its words and in its characters.
        respelled = self.words.respell(norm)
        if respelled != norm:
            query = norm = respelled
        terms = self._regional(self.words.join_typos(self.tokenizer.tokens(norm)), norm)
        if not terms:
            return []
        known, homophones = self.words.expand(terms)
        # The thesaurus adds the words an entry would use (打药 → 喷药, 叶子背面发霉 →
        # 霜霉病), each counting less than a word the farmer typed.
        expansions = thesaurus().expansions(squeezed(norm), terms, self.tokenizer.tokens)
        expansions += self.words.everyday(terms)
        added: dict[str, float] = {}
        # In a long message the many words of its story outvote the one symptom or
        # service the thesaurus recognised in it: what it recognised counts more.
        informative = sum(1 for t in terms if not self._is_scaffold(t))
        lift = max(1.0, math.sqrt(informative / LONG_MESSAGE_TERMS))
        for expansion in expansions:
            for term in expansion.terms:
                if term not in homophones:
                    added[term] = max(added.get(term, 0.0), expansion.weight * lift)
        # Scaffold words (咋办, 今年, 我家) count little in the ranking too: in a
        # long message they would otherwise outvote the few words that matter.
        scaffold = {t: SCAFFOLD_RANK_WEIGHT for t in known if self._is_scaffold(t)}
        # A word the base knows is matched as a word: its characters and sounds would
        # count it again (叶子 three times over against an entry that says 叶子).
        matched_words = [t for t in set(terms) if self.index.vocabulary_has(t)]
        hits = self.index.search(
            known + [t for t in added if t not in known],
            bigrams(query, matched_words),
            k=max(k, SUGGESTIONS + 1, RERANK_POOL),
            weights={**scaffold, **added, **homophones},
        )
        if not hits:
            return []
        subjects, named = self._asked_about(norm, terms, added)
        # A crop by another of its names (葵花 for 向日葵) is the same crop.
        named |= {alias for name in named for alias in thesaurus().same_as(name)}
        # A family's name and its members are asked of each other (柑橘锈螨, 脐橙锈壁虱).
        named |= {lexicon().term_of.get(k, k) for n in subjects | named for k in thesaurus().kin(n)}
        programmes = thesaurus().programmes_in(norm)
        # Crops and animals that are not products (蓝莓, 荞麦) rank and decide alike.
        about = subjects | named
        hits = self._by_subject(hits, about)
        weights = self._term_weights(terms, homophones)
        total = sum(w for t, w in weights.items() if not t.startswith(HOMOPHONE_MARK))
        # What is asked about the crop or animal (修剪 in 蓝莓咋修剪): an entry about the
        # same crop that does not cover it answers another question (蓝莓灰霉病).
        # An animal's word is the subject, unless the thesaurus reads more into it (猪潲 is
        # feed: 饲料).
        # (Another name of the animal, 羊羔 → 羔羊, reads nothing more into it.)
        explained = {
            t for e in expansions if not all(animals_in([x]) for x in e.terms) for t in e.sources
        }
        topic = {
            t: w
            for t, w in weights.items()
            if t not in about and (t in explained or not animals_in([t]))
        }
        topic_total = sum(w for t, w in topic.items() if not t.startswith(HOMOPHONE_MARK))
        # A typo that sounds like a word of the base (大班病 → 大斑病) is not unknown.
        unknown_words = {
            t: w
            for t, w in weights.items()
            if not t.startswith(HOMOPHONE_MARK)
            and not self.index.vocabulary_has(t)
            and not self.words.sounds_known(t)
        }
        unknown = sum(unknown_words.values())
        # An everyday word a small base happens not to use (背后, 叶子, 中午) says
        # less about the question being out of scope than a rare one (驾照, 党参).
        common = sum(
            w
            for t, w in unknown_words.items()
            if self.tokenizer.general_frequency(t) >= COMMON_WORD
        )
        # An entry about every word, scaffold weighed as in `weights`, is as strong as it gets.
        ideal = sum(weights[t] for t in terms) * 0.75
        max_idf = self.index.idf("\0never-seen") or 1.0
        informative = sum(
            1 for t in terms if t not in SCAFFOLD and t not in self.tokenizer.stopwords
        )
        # The query's informative characters (outside scaffold words), by rarity:
        # words a base never uses often share characters with the words it does.
        scaffold_chars = {c for t in terms if self._is_scaffold(t) for c in t}
        query_chars = {
            c: self.index.idf(BIGRAM_PREFIX + c)
            for c in bigrams(query)
            if len(c) == 1 and c not in scaffold_chars
        }
        char_total = sum(query_chars.values())
        # What the query says, typed or through the thesaurus, for how much of
        # each entry's own question it covers.
        said = set(known) | set(added)
        # The pests and diseases the question names, typed or read from what it describes.
        problems = problems_asked(known, added, expansions)
        kinds = kinds_of(said)
        # The task asked is the one typed: a described sign (叶子发红发干) may have
        # causes of several (红蜘蛛, 缺磷).
        aspects = aspects_of(known)
        objects = policy_objects(said) if kinds else set()
        # 原因 of 么子原因, 东西 of 不吃东西 ask about the sign; they are not another thing asked.
        sign = [t for t in topic if not self._is_scaffold(t) and t not in ASKING_ABOUT_A_SIGN]
        causes = uncertain_causes(expansions, known, sign)
        ranked = []
        for position, hit in enumerate(hits[:k]):
            following = hits[position + 1].score if position + 1 < len(hits) else 0.0
            matched, missing = self.coverage.matched(hit.entry_id, weights, expansions)
            topic_matched, topic_asked = self.coverage.topic(hit.entry_id, topic, expansions)
            evidence = Evidence(
                coverage=matched / total if total else 0.0,
                # In units of the rarest possible word, so the model does not
                # depend on how many entries the base has.
                matched=matched / max_idf,
                strength=hit.score / ideal if ideal else 0.0,
                margin=(hit.score - following) / hit.score if hit.score else 0.0,
                unknown=unknown / total if total else 0.0,
                unknown_common=common / total if total else 0.0,
                topic_cover=topic_matched / topic_total if topic_total else 1.0,
                topic_in_question=topic_asked / topic_total if topic_total else 1.0,
                terms=informative,
                chars=self.facts.char_share(hit.entry_id, query_chars, char_total),
                phrased=self.phrased,
                other_subject=self.facts.other_subject(hit.entry_id, about),
                # A word of the question no entry word stands for (兔子 in 兔子拉稀 against
                # 犊牛拉稀): what is asked about may not be in the base at all.
                missing=missing / max_idf,
                absent_subject=max(
                    self.facts.absent(hit.entry_id, subjects, named),
                    absent_programme(self.index.tokens_of(hit.entry_id), programmes),
                ),
                same_subject=float(bool(about & self.facts.subjects_of(hit.entry_id))),
                question_cover=self.facts.question_cover(hit.entry_id, said),
                other_problem=self.facts.other_problem(hit.entry_id, problems),
                other_kind=self.facts.other_kind(hit.entry_id, kinds),
                other_aspect=self.facts.other_aspect(hit.entry_id, aspects, objects),
                one_cause=one_of_causes(self.index.tokens_of(hit.entry_id), causes, sign),
                lacks_policy=self.facts.lacks_policy(hit.entry_id, kinds),
            )
            ranked.append((hit.entry_id, hit.score, evidence))
        # How much more of the question each entry covers than the next one does.
        following_cover = (
            self.coverage.matched(hits[k].entry_id, weights, expansions)[0] / total
            if len(hits) > k and total
            else 0.0
        )
        for position in range(len(ranked) - 1, -1, -1):
            entry_id, score, evidence = ranked[position]
            ranked[position] = (
                entry_id,
                score,
                replace(evidence, coverage_gap=evidence.coverage - following_cover),
            )
            following_cover = evidence.coverage
        # An entry that shares only the crop with the question (豇豆落花落荚 to 豇豆叶子上全是
        # 白道) is not about what is asked: it ranks below the first k that cover some of it.
        # Each keeps the evidence of its place by score (its margin over the next score).
        ranked.sort(key=lambda r: r[2].topic_cover == 0)
        return ranked

    def _regional(self, terms: list[str], norm: str) -> list[str]:
        """Terms with a regional name read as the product this base has (山药 → 土豆)."""
        regional = thesaurus().regional
        if not regional.keys() & set(terms):
            return terms
        # Only the name itself: 铁棍山药 is the yam wherever it is said.
        typed = {m.typed for m in lexicon().mentions(norm)}
        out = []
        for term in terms:
            if term in regional and not self.index.vocabulary_has(term):
                if term in typed or term not in lexicon().term_of:
                    term = next((m for m in regional[term] if self.index.vocabulary_has(m)), term)
            out.append(term)
        return out

    def _asked_about(
        self, norm: str, terms: list[str], added: dict[str, float]
    ) -> tuple[set[str], set[str]]:
        """The products and animals a question names, and the thesaurus's other crops."""
        kinds = lexicon().kind_of
        named = thesaurus().subjects_in(norm)
        # The products named, by any name: typed, or else implied (麦穗 → 小麦, 包包白 → 圆白菜);
        # not a product's one-character name inside another crop's (麦 in 荞麦).
        typed = {t for t in terms if kinds.get(t) == "product"}
        typed -= thesaurus().products_inside(norm, named)
        # A pest named with its crop names the crop (梨木虱 is asked about the pear, not
        # the citrus its related 柑橘木虱 would add), as typed: 飞虱 folds to 稻飞虱, but
        # 茶园飞虱 is no rice question.
        typed |= hosts_named([t for t in terms if t in norm])
        # A name heard only by its sound inside a sentence (毛都 as 毛豆, 杆脚 as 甘蕉) may
        # help the ranking, but it does not say which crop the question is about.
        # A name of three sounds or more (马玲薯) is the farmer's typo of it: it does.
        mentions = lexicon().mentions(norm)
        typed -= {m.canonical for m in mentions if m.by_pinyin and len(m.typed) < 3} - {
            m.canonical for m in mentions if not m.by_pinyin or len(m.typed) >= 3
        }
        # A character of a typed name is no animal of its own (马 in 马玲薯).
        typos = "".join(m.typed for m in mentions if m.by_pinyin)
        terms = [t for t in terms if not (len(t) == 1 and t in typos)]
        subjects = typed or {t for t in added if kinds.get(t) == "product"}
        # A disease named with its animal (猪蓝耳病, 鸡新城疫) folds to the disease: the
        # animal it was typed with is still what the question is about.
        folded = {
            m.typed[: -len(m.canonical)]
            for m in mentions
            if not m.by_pinyin and m.typed != m.canonical and m.typed.endswith(m.canonical)
        }
        return subjects | animals_in(terms) | animals_in(folded), named

    def _by_subject(self, hits: list[Hit], subjects: set[str]) -> list[Hit]:
        """Re-rank by product: an entry about the product the farmer names comes first.

        In an admin's base every entry names its crop once, in the question; a
        farmer's other words (施肥, 什么时候) match entries of every crop alike, so
        the crop named decides between them (洋芋上啥肥 → 马铃薯怎么施肥, not 玉米追肥).
        """
        if not subjects:
            return hits
        out = []
        for hit in hits:
            own = self.facts.subjects_of(hit.entry_id)
            if own & subjects:
                factor = SAME_SUBJECT_BOOST
            elif own:
                factor = OTHER_SUBJECT_FACTOR
            else:
                factor = 1.0
            out.append(Hit(hit.entry_id, hit.score * factor))
        out.sort(key=lambda h: (-h.score, h.entry_id))
        return out

    def _is_scaffold(self, term: str) -> bool:
        return term in SCAFFOLD or term in self.tokenizer.stopwords

    def _term_weights(self, terms: list[str], homophones: dict[str, float]) -> dict[str, float]:
        """How much each query word says about the topic (scaffold words hardly at all).

        A word the base has never seen keeps the weight of a rare word: it is
        usually what the question is about (拖拉机), and the base lacks it.
        """
        weights: dict[str, float] = {}
        for term in terms:
            weight = self.index.idf(term)
            if self._is_scaffold(term):
                weight *= SCAFFOLD_WEIGHT
            weights[term] = max(weights.get(term, 0.0), weight)
        # A homophone stands in for the unknown word it replaced (发荒 → 发黄).
        for alt, factor in homophones.items():
            weights[alt] = 0.0
            weights[HOMOPHONE_MARK + alt] = factor
        return weights


@cache
def engine() -> KnowledgeSearch:
    """The process-wide knowledge search (empty until loaded from the database)."""
    return KnowledgeSearch()
