"""An admin's look-ups in the knowledge base: `/kb find WORDS` and /kb add's category guess.

Telegram-free. `find` is a plain look-up of every entry holding the words (or their
product's other names), best first, in English too: English product and farming words are
looked for in Chinese (lamb → 羊) and an entry's own English question or answer is matched
word for word, in any case; the farmers' ranked search only orders ties and fills in when
nothing holds the words.
`guess_category` files a new entry where the entries about the same things are: the
entries sharing its tags or products, and a product's own kind (畜禽 is livestock),
before the search's nearest entry (words alike: 剪毛 is nearer 剪枝, planting). Entries
sharing the product and what is asked of it (selling, drying, pests) say it when there are
any; the product's entries about other things do not then (湿玉米怎么晾干 is storage, though
most 玉米 entries are pests). When nothing says it clearly (潮粮到站里咋卖: no product, the
nearest entry an online shop's), no category is guessed: the admin is asked, not handed a
wrong one ticked (tester: 网上销售 preselected).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.db import session_scope
from bot.models import KbEntry
from knowledge.kb.decision import Decision
from knowledge.kb.entries import DEFAULT_CATEGORY, Entry
from knowledge.kb.repository import all_entries, ensure_loaded, get_entries
from knowledge.kb.search import KnowledgeSearch, engine
from knowledge.text.english import is_english, to_chinese_query
from knowledge.text.lexicon import lexicon
from knowledge.text.normalise import normalise

# The search's nearest entries given when no entry holds the words (a typo), and how many of
# its results order entries holding them equally.
FOUND_AT_MOST = 8
RANKED_AT_MOST = 50
# The kinds of products (synonyms.yaml) that say an entry's category by themselves: an
# animal's entry is livestock; a crop's may be planting, pests, fertiliser or storage.
PRODUCT_CATEGORIES = {"畜禽": "livestock", "水产": "livestock"}
# The search's nearest entry counts as much as this against one tag's entries: as one when
# it would answer a farmer asking the question, less when only suggested (a tie-breaker).
NEAREST_WEIGHT = {Decision.answer: 1.0, Decision.suggest: 0.5, Decision.decline: 0.25}
# A guess is offered when its category has this many votes and this share of them at least.
SURE_VOTES = 1.0
SURE_SHARE = 0.6
# What a question asks of its product: entries asking the same are its kind.
_TOPICS = {
    "sell": re.compile(r"卖|销售|销路|收购|收粮|价|行情|(?i:\bsell|\bprice)"),
    "online": re.compile(r"网上|网店|电商|直播|淘宝|拼多多|抖音|朋友圈|(?i:\bonline)"),
    "dry": re.compile(r"潮|湿|水分|烘干|晾|晒|霉|(?i:\bdamp|\bwet|\bdry)"),
    "store": re.compile(r"储|存放|保存|窖|冷库|入仓|(?i:\bstor)"),
    "pest": re.compile(r"虫|病|药|防治|(?i:\bpest|\bdisease)"),
    "feed": re.compile(r"肥|追施|(?i:\bfertili)"),
    "grow": re.compile(r"种|播|栽|苗|管理|(?i:\bplant|\bsow)"),
}
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


async def _search() -> KnowledgeSearch:
    search = engine()
    if not search.loaded:
        async with session_scope() as session:
            await ensure_loaded(session, search)
    return search


async def find(words: str) -> list[Entry]:
    """Every entry the words are in (an exact id first), best first: an admin's plain look-up,
    not the farmers' ranked search (blind test: /kb find 椪柑 found 3 of the 10 entries asking
    about 椪柑). Each word is looked for, as typed or as its product's other names (椪柑 or
    柑橘), in the question and its phrasings, the tags, the answer and the English fields;
    English words also as their Chinese (lamb → 羊). Only when no entry has them all are the
    search's nearest entries given (typos: 西红事)."""
    typed = words.strip()
    english = is_english(typed)
    query = to_chinese_query(typed) if english else typed
    async with session_scope() as session:
        exact = [typed] if await session.get(KbEntry, typed) is not None else []
        in_question = await _english_says(session, typed, KbEntry.question_en)
        in_answer = await _english_says(session, typed, KbEntry.answer_en)
        every = await all_entries(session)
    search = await _search()
    ranked = [r.entry_id for r in search.search(query, k=RANKED_AT_MOST).results]
    plain = _plain(every, query.split(), {i: n for n, i in enumerate(ranked)})
    ids = [*exact, *in_question, *plain, *in_answer]
    if not ids:
        ids = ranked[:FOUND_AT_MOST]
    by_id = {entry.id: entry for entry in every}
    return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]


def _names(word: str) -> list[str]:
    """A word and its product's other names (椪柑 → 柑橘; 柑橘 → 橘子 …), the word first."""
    lex = lexicon()
    names = [word, normalise(word)]
    product = lex.product(word)
    if product is not None:
        names += [product.name, *product.aliases]
    return [name for name in dict.fromkeys(names) if name]


def _plain(entries: Sequence[Entry], words: Sequence[str], ranked: dict[str, int]) -> list[str]:
    """Ids of the entries holding every word (or another name of it), best first: the word
    itself as a tag, then in the question, the phrasings, the tags, the answer; ties in the
    search's order, then by id."""
    wanted = [_names(word) for word in words if word.strip()]
    if not wanted:
        return []
    scored: list[tuple[int, int, str]] = []
    for entry in entries:
        tags = [tag.lower() for tag in entry.tags]
        fields = (
            entry.question.lower(),
            " ".join(entry.alt_questions).lower(),
            " ".join(tags),
            " ".join(filter(None, [entry.answer, entry.question_en, entry.answer_en])).lower(),
        )
        score = 0
        for names in wanted:
            best = _where(names, tags, fields)
            if best is None:
                break
            score += best
        else:
            scored.append((score, ranked.get(entry.id, len(ranked)), entry.id))
    return [entry_id for *_, entry_id in sorted(scored)]


def _where(names: Sequence[str], tags: Sequence[str], fields: Sequence[str]) -> int | None:
    """How well an entry holds a word (0 best), or None: a tag that is the word, then each
    field in turn; the word as typed counts before its other names."""
    for other, name in enumerate(n.lower() for n in names):
        own = 0 if other == 0 else 1
        if name in tags:
            return own
        for place, field in enumerate(fields, 1):
            if name in field:
                return 2 * place + own
    return None


async def _english_says(session: AsyncSession, typed: str, column: Any) -> list[str]:
    """Ids of the entries whose English field holds every English word typed (any case)."""
    said = _WORD.findall(typed.lower())
    if not said:
        return []
    # LIKE is case-blind for ASCII in SQLite only: lower() the field, on any database.
    where = [func.lower(column).contains(word, autoescape=True) for word in said]
    rows = await session.scalars(
        select(KbEntry.id).where(column.is_not(None), *where).order_by(KbEntry.id)
    )
    return list(rows)


def _about(question: str, tags: Sequence[str]) -> set[str]:
    """What an entry is about: its tags, and its products by their canonical names."""
    lex = lexicon()
    terms = {tag.strip() for tag in tags if tag.strip()}
    terms.update(product.name for tag in list(terms) if (product := lex.product(tag)))
    terms.update(lex.find_products(question))
    return terms


def topics(text: str) -> set[str]:
    """What the words ask of a product (sell, dry, pest …): _TOPICS' keys."""
    return {topic for topic, said in _TOPICS.items() if said.search(text)}


async def guess_category(question: str, tags: Sequence[str] = ()) -> str | None:
    """The category a new entry likely has, or None when nothing says it clearly: where the
    entries sharing its tags or products are (each tag's entries one vote, split among their
    categories; only those asking the same of it, when any do), with a product's own kind
    (畜禽: livestock); the search's nearest entry breaks ties, and alone it is no guess."""
    about = _about(question, tags)
    asked = topics(" ".join([question, *tags]))
    votes: dict[str, float] = defaultdict(float)
    for term in about:
        product = lexicon().products.get(term)  # a canonical name: each product once
        category = PRODUCT_CATEGORIES.get(product.category) if product else None
        if category is not None:
            votes[category] += 1
    async with session_scope() as session:
        rows = await session.execute(select(KbEntry.question, KbEntry.tags, KbEntry.category))
        sharing: dict[str, Counter[str]] = {}
        on_topic: dict[str, Counter[str]] = defaultdict(Counter)
        for entry_question, entry_tags, category in rows:
            text = entry_question + "|" + "|".join(entry_tags or ())
            if not any(term in text for term in about):
                continue  # shares nothing: not read again
            # Read again exactly: 羊 is in 羊肚菌's question but it is not about 羊.
            shared = about & _about(entry_question, entry_tags or ())
            if not shared:
                continue
            same_topic = asked & topics(" ".join([entry_question, *(entry_tags or ())]))
            for term in shared:
                sharing.setdefault(term, Counter())[category] += 1
                if same_topic:
                    on_topic[term][category] += 1
        for term, all_counts in sharing.items():
            counts = on_topic[term] or all_counts
            total = sum(counts.values())
            for category, n in counts.items():
                votes[category] += n / total
        if not votes:
            return None  # nothing shared: the nearest entry in words alone is no guess
        found = (await _search()).search(question)
        best = found.best
        if best is not None:
            nearest = (await get_entries(session, [best.entry_id])).get(best.entry_id)
            if nearest is not None:
                votes[nearest.category] += NEAREST_WEIGHT[found.decision]
    chosen = max(votes, key=lambda category: (votes[category], category == DEFAULT_CATEGORY))
    sure = votes[chosen] >= SURE_VOTES and votes[chosen] >= SURE_SHARE * sum(votes.values())
    return chosen if sure else None
