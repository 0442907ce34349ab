"""Named exceptions. Each message says what went wrong and what to do."""

from __future__ import annotations


class StorylineError(Exception):
    """Base class for every error storyline raises on purpose."""


class InputError(StorylineError):
    """One input (file, JSON line, WARC record) cannot be read.

    The message is one line: why, never a traceback. The run goes on.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class RejectedPage(StorylineError):
    """A page was read but holds no article body (e.g. only navigation)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NoInputs(StorylineError):
    """The paths given match no file at all."""


class StoreError(StorylineError):
    """The store cannot be opened or written."""


class NoSuchArticle(StorylineError):
    """No stored article matches the id (or id prefix) asked for."""


class UnknownFormat(StorylineError):
    """An export format that does not exist was asked for."""


class NoSuchStory(StorylineError):
    """No stored story matches the id (or id prefix) asked for."""


class BadUserFile(StorylineError):
    """A user-edited file (aliases, outlets) cannot be used: names the file, the line when known, the fix."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


class BadQuery(StorylineError):
    """A search query has nothing to search for."""
