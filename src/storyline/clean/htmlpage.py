"""Article body and markup metadata from HTML, through trafilatura."""

from __future__ import annotations

from storyline.model import Extraction


def extract_html(html: str, url: str | None = None) -> Extraction:
    """Article body of an HTML page, with trafilatura's metadata in ``meta``."""
    raise NotImplementedError
