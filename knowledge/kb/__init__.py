"""The knowledge base: entries, repository, open questions, the index and the search."""
