"""Searching the library: the Searcher (searcher.py) and what a query becomes before it runs,
within bounds (query.py)."""

from .query import MAX_QUERY_CHARS, MIN_WILDCARD_LETTERS, QUERY_SECONDS
from .searcher import (SEARCH_FIELDS, Hit, Marks, QueryError, SearchResult, Searcher, Snippet)

__all__ = ["Hit", "Marks", "QueryError", "SearchResult", "Searcher", "Snippet", "SEARCH_FIELDS",
           "MAX_QUERY_CHARS", "MIN_WILDCARD_LETTERS", "QUERY_SECONDS"]
