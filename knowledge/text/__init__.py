"""Text understanding: normalising, numbers, lexicon, intents, tokens, thesaurus (no bot)."""
