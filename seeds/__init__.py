"""Seed documents, the offline fixture sites built from them, and the varied-web generator."""
