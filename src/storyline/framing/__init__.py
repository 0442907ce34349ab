"""Framing: how each article positions its story's target, with the evidence why."""

from storyline.framing.evidence import FramingEvidence, QuoteSpan
from storyline.framing.stance import (
    STANCES,
    Actor,
    ActorStance,
    Framing,
    frame_actors,
    frame_article,
    frame_story,
)

__all__ = [
    "STANCES",
    "Actor",
    "ActorStance",
    "Framing",
    "FramingEvidence",
    "QuoteSpan",
    "frame_actors",
    "frame_article",
    "frame_story",
]
