"""Publishing content changes while the site runs (docs/publishing.md)."""

from dostop.publishing.publisher import Publisher
from dostop.publishing.source import Applied, ContentSource, Reloading

__all__ = ["Applied", "ContentSource", "Publisher", "Reloading"]
