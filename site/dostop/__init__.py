"""Dostop: an accessible, bilingual website engine for public bodies."""

__version__ = "0.1.0"
