"""Group -1, before any feature: the catalogues' examples name the county's own products
(bot/markets/examples.py) in whatever this update answers."""

from __future__ import annotations

from bot.core.db import get_engine, session_scope, unavailable
from bot.core.i18n import use_examples
from bot.markets.examples import cached_words, example_words


async def use_county_examples() -> None:
    """Set this update's example words: from the cache (no statement), else read once."""
    cached = cached_words(get_engine().sync_engine)
    if cached is not None:
        use_examples(cached[0])
        return
    try:
        async with session_scope() as session:
            words = await example_words(session)
    except Exception as error:
        if not unavailable(error):
            raise
        words = None  # the database is busy: the catalogue's own examples this time
    use_examples(words)
