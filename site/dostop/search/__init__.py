"""Full-text search over the site's content: a backend protocol (search/backend.py), the query
cleaning every backend shares (search/query.py), and the backends."""

from dostop.search.backend import RESULT_LIMIT, ItemKey, SearchBackend, SearchHit, item_key
from dostop.search.fts5 import WEIGHTS, SearchIndex, match_expression
from dostop.search.query import MAX_QUERY_CHARS, MAX_TERMS, clean_query, query_terms

__all__ = [
    "MAX_QUERY_CHARS", "MAX_TERMS", "RESULT_LIMIT", "WEIGHTS", "ItemKey", "SearchBackend",
    "SearchHit", "SearchIndex", "clean_query", "item_key", "match_expression", "query_terms",
]
