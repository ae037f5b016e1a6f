"""Publishing content changes while the site runs (docs/publishing.md)."""

from dostop.publishing.publisher import Publisher
from dostop.publishing.source import Applied, ContentSource, Indexed

__all__ = ["Applied", "ContentSource", "Indexed", "Publisher"]
