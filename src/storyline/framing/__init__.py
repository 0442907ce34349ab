"""Framing: how each article positions its story's target, with the evidence why."""

from storyline.framing.evidence import FramingEvidence, QuoteSpan
from storyline.framing.stance import STANCES, Framing, frame_article, frame_story

__all__ = ["STANCES", "Framing", "FramingEvidence", "QuoteSpan", "frame_article", "frame_story"]
