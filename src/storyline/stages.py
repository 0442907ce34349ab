"""Stage declarations: what each stage needs and what it adds, checked.

Like spaCy's ``@Language.component(requires=..., assigns=...)``: the declaration
sits on the function. Needs and adds are names from ``RECORDS``; a per-article
stage (``kind="article"``) is a pure function of one article and runs in the
map (``ArticleAnalyzer``); a corpus stage (``kind="corpus"``) reads stored,
text-free records of many articles and runs after the map. ``check_order``
refuses an order in which a stage runs before something it needs exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from storyline.errors import StorylineError

F = TypeVar("F", bound=Callable[..., Any])

# What stages pass on; a stage may only name these.
RECORDS = frozenset(
    {
        "raw",  # a document as read: bytes, format, hints
        "article",  # clean text, removed lines, metadata
        "article_meta",  # the metadata alone (no text)
        "doc",  # the spaCy parse of the clean text
        "sentences",
        "word_tags",  # words framing reads by part of speech (rare content words), with offsets
        "mentions",
        "roles",
        "times",
        "events",
        "quotes",
        "story_features",
        "entities",
        "timeline",
        "windows",  # narrowed publication windows of undated pages
        "quote_links",
        "copies",
        "topics",
        "stories",
        "framing",
    }
)


class StageOrderError(StorylineError):
    """A pipeline runs a stage before what it needs is produced."""


@dataclass(slots=True, kw_only=True)
class StageInfo:
    name: str
    func: Callable[..., Any]
    kind: Literal["article", "corpus"] = "article"
    requires: list[str] = field(default_factory=list)
    assigns: list[str] = field(default_factory=list)


STAGES: dict[str, StageInfo] = {}


def stage(
    name: str, *, requires: list[str], assigns: list[str], kind: Literal["article", "corpus"] = "article"
) -> Callable[[F], F]:
    """Register a stage; its needs and adds must be names of ``RECORDS``."""
    unknown = sorted((set(requires) | set(assigns)) - RECORDS)
    if unknown:
        raise StageOrderError(f"stage {name!r} names unknown records {unknown}: use names from RECORDS")

    def register(func: F) -> F:
        STAGES[name] = StageInfo(name=name, func=func, kind=kind, requires=requires, assigns=assigns)
        return func

    return register


def check_order(names: Iterable[str], given: Iterable[str], kind: Literal["article", "corpus"]) -> set[str]:
    """What exists after running the stages ``names`` (all of ``kind``) in order from
    ``given``; raises ``StageOrderError`` naming the first stage that does not fit."""
    have = set(given)
    for name in names:
        info = STAGES.get(name)
        if info is None:
            raise StageOrderError(f"no stage {name!r} is registered (import its module first)")
        if info.kind != kind:
            where = "the per-article map" if kind == "article" else "the corpus stages"
            raise StageOrderError(f"stage {name!r} is a {info.kind} stage: it cannot run in {where}")
        missing = sorted(set(info.requires) - have)
        if missing:
            raise StageOrderError(
                f"stage {name!r} needs {', '.join(missing)}, which no stage before it produces: "
                "run the stages that add them first"
            )
        have |= set(info.assigns)
    return have
