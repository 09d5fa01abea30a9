"""The knowledge base: shipped sample content and the Chinese question search."""
