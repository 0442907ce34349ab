"""Page metadata: title, outlet, author, dateline, language, publication date."""

from __future__ import annotations

from storyline.model import Extraction, PageMeta, RawDocument


def infer_metadata(doc: RawDocument, extraction: Extraction) -> PageMeta:
    """Everything the page says about itself; a date is never guessed."""
    raise NotImplementedError
