"""Per-article stage: raw document -> clean Article (body, removed lines, metadata)."""

from __future__ import annotations

from dataclasses import fields

from storyline.clean.htmlpage import extract_html
from storyline.clean.metadata import infer_metadata
from storyline.clean.textdump import extract_text_dump
from storyline.errors import RejectedPage
from storyline.model import Article, PageMeta, RawDocument
from storyline.stages import stage

# Pages whose body is shorter than this are navigation or error pages, not articles.
MIN_BODY_CHARS = 40


@stage("clean", requires=["raw"], assigns=["article", "article_meta"])
def clean_document(doc: RawDocument) -> Article:
    """Clean one raw document. Raises ``RejectedPage`` (with the reason) if it holds no article."""
    if doc.kind == "html":
        extraction = extract_html(doc.content, url=doc.url)
    else:
        extraction = extract_text_dump(doc.content)
    if len(extraction.text.strip()) < MIN_BODY_CHARS:
        raise RejectedPage(
            doc.source,
            f"no article body found ({len(extraction.text.strip())} characters of text after "
            f"removing {len(extraction.removed)} boilerplate lines)",
        )
    meta = infer_metadata(doc, extraction)
    return Article(
        id=doc.id,
        source=doc.source,
        text=extraction.text,
        format=doc.container if doc.container in ("warc", "jsonl") else doc.kind,
        encoding=doc.encoding,
        url=doc.url or extraction.meta.get("url"),
        removed=extraction.removed,
        **{f.name: getattr(meta, f.name) for f in fields(PageMeta)},
    )
