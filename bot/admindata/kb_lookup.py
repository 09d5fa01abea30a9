"""An admin's look-ups in the knowledge base: `/kb find WORDS` and /kb add's category guess.

Telegram-free. `find` reads the words as farmers' questions are read (the search),
in English too: English product and farming words are searched in Chinese (lamb → 羊)
and an entry's own English question or answer is matched word for word, in any case.
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
from knowledge.kb.repository import ensure_loaded, get_entries
from knowledge.kb.search import KnowledgeSearch, engine
from knowledge.text.english import is_english, to_chinese_query
from knowledge.text.lexicon import lexicon

FOUND_AT_MOST = 8
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
    """Entries for the words (an exact id first): those whose English question says them,
    those farmers' questions in these words find, then those whose English answer says them."""
    search, typed = await _search(), words.strip()
    query = to_chinese_query(typed) if is_english(typed) else typed
    searched = [r.entry_id for r in search.search(query, k=FOUND_AT_MOST).results]
    async with session_scope() as session:
        exact = [typed] if await session.get(KbEntry, typed) is not None else []
        in_question = await _english_says(session, typed, KbEntry.question_en)
        in_answer = await _english_says(session, typed, KbEntry.answer_en)
        ids = list(dict.fromkeys([*exact, *in_question, *searched, *in_answer]))
        found = await get_entries(session, ids)
    return [found[i] for i in ids if i in found][:FOUND_AT_MOST]


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
    return list(rows)[:FOUND_AT_MOST]


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
