"""Stage declarations: what each per-article stage needs and what it adds.

Like spaCy's ``@Language.component(requires=..., assigns=...)``: the declaration
sits on the function, and ``STAGES`` lets the pipeline (and its docs) list them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(slots=True, kw_only=True)
class StageInfo:
    name: str
    func: Callable[..., Any]
    requires: list[str] = field(default_factory=list)
    assigns: list[str] = field(default_factory=list)


STAGES: dict[str, StageInfo] = {}


def stage(name: str, *, requires: list[str], assigns: list[str]) -> Callable[[F], F]:
    """Register a per-article stage (a pure function of one article)."""

    def register(func: F) -> F:
        STAGES[name] = StageInfo(name=name, func=func, requires=requires, assigns=assigns)
        return func

    return register
