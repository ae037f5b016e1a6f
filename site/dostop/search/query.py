"""A visitor's query, cleaned the same way for every search backend.

A query is cut to size and split into terms: runs of letters or digits, so quotes, `*`, `:`,
`-`, `^`, parentheses and markup only separate words. Each backend then quotes every term as a
prefix in its own syntax, so a visitor's text is never query syntax in any of them.
"""

from __future__ import annotations

import re

# What a visitor may ask: longer queries are cut, not refused (a 10 kB paste still gets results).
MAX_QUERY_CHARS = 200
MAX_TERMS = 12

# A term is a run of letters or digits; everything else separates terms.
TERM = re.compile(r"[^\W_]+")


def clean_query(raw: str) -> str:
    """The query as the visitor will see it again in the form: cut to size, whitespace collapsed."""
    return " ".join(raw[:MAX_QUERY_CHARS].split())


def query_terms(query: str) -> list[str]:
    """The words of a query that a backend searches for, at most MAX_TERMS of them."""
    return TERM.findall(clean_query(query))[:MAX_TERMS]
