"""Every Cache-Control policy the site sends, named once; responses say which one they are.

A policy written as a literal in a view drifts ("no-store" here, "private, no-store" there) and
a reader cannot tell whether the difference is meant. Here each has its reason.
"""

import datetime as dt
from email.utils import format_datetime

# Shared caches may keep a public page a minute, and serve it stale while they fetch a fresh
# copy for ten more (RFC 5861): a published change reaches them within that minute, while the
# app's own cache drops the pages it affects at once (publishing/).
PUBLIC_PAGE = "public, max-age=60, stale-while-revalidate=600"
# A page for this visitor only (a form with their errors, a redirect that sets their cookie):
# never kept anywhere, not even by the browser's back button cache.
PRIVATE_PAGE = "private, no-store"
# Errors and other non-200 answers, and pages that vary by Accept-Language: a cache must ask
# again each time.
REVALIDATE = "no-cache"
# Health and readiness probes: an answer about this moment, never one from a cache.
PROBE = "no-store"
# Static files are named by their content hash, so a name never changes meaning.
IMMUTABLE = "public, max-age=31536000, immutable"
# The favicon keeps its fixed name (browsers ask for /favicon.ico): a day, then ask again.
FIXED_NAME_ASSET = "public, max-age=86400"


def public_until(expires: dt.datetime, now: dt.datetime) -> dict[str, str]:
    """Headers for a public page that stops being true at `expires` (a call closes): shared
    caches keep it no longer than PUBLIC_PAGE would and never past that moment, without
    serving it stale; our own cache reads `Expires` (http/page_store.py)."""
    seconds = max(0, min(60, int((expires - now).total_seconds())))
    return {"cache-control": f"public, max-age={seconds}",
            "expires": format_datetime(expires.astimezone(dt.UTC).replace(microsecond=0),
                                       usegmt=True)}
