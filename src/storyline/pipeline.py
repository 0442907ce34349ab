"""`analyze`: read inputs, run the per-article stages, store the articles.

Each article is committed as soon as it is clean, and a document whose id is
already stored is skipped before any work, so a killed run resumes where it
stopped and a repeated run adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from storyline.clean import clean_document
from storyline.errors import RejectedPage
from storyline.ingest import MAX_PAGE_BYTES, expand_paths, read_file
from storyline.model import Article, InputFailure
from storyline.store import Store


@dataclass(slots=True, kw_only=True)
class RunSummary:
    """What one `analyze` run did, for the summary line and the exit code."""

    files: int = 0
    documents: int = 0
    new: int = 0
    existing: int = 0
    failures: list[InputFailure] = field(default_factory=list)
    outlets: dict[str, int] = field(default_factory=dict)
    first_date: str | None = None
    last_date: str | None = None
    store: str = ""

    @property
    def articles(self) -> int:
        return self.new + self.existing

    def line(self) -> str:
        """The one summary line a run ends with."""
        span = (
            f"published {self.first_date} to {self.last_date}"
            if self.first_date and self.last_date and self.first_date != self.last_date
            else f"published {self.first_date}"
            if self.first_date
            else "no publication dates"
        )
        outlets = f"{len(self.outlets)} outlet{'s' * (len(self.outlets) != 1)}"
        if self.outlets:
            outlets += " (" + ", ".join(sorted(self.outlets)) + ")"
        return (
            f"{self.articles} article{'s' * (self.articles != 1)} from {self.files} "
            f"file{'s' * (self.files != 1)} ({self.new} new, {self.existing} already stored); "
            f"{outlets}; {span}; {len(self.failures)} failed; store {self.store}"
        )


ProgressHook = Callable[[str], None]
FailureHook = Callable[[InputFailure], None]


def analyze(
    paths: Iterable[str],
    store: Store,
    *,
    max_page_bytes: int = MAX_PAGE_BYTES,
    on_file_done: ProgressHook | None = None,
    on_failure: FailureHook | None = None,
    files: list[str] | None = None,
) -> RunSummary:
    """Analyze every page under ``paths`` into ``store``.

    ``files`` may pass the already expanded file list (the CLI expands first
    to size its progress bar). ``on_failure`` is called once per bad input,
    as it happens; the run goes on.
    """
    files = files if files is not None else expand_paths(paths)
    summary = RunSummary(files=len(files), store=store.location)
    run_id = store.start_run(files)

    def fail(failure: InputFailure) -> None:
        summary.failures.append(failure)
        store.add_failure(run_id, failure)
        if on_failure:
            on_failure(failure)

    for path in files:
        for item in read_file(path, max_page_bytes=max_page_bytes):
            if isinstance(item, InputFailure):
                fail(item)
                continue
            summary.documents += 1
            doc_id = item.id
            if store.has_article(doc_id):
                store.add_source(doc_id, item.source)
                summary.existing += 1
                _count(summary, store.get_article(doc_id))
                continue
            try:
                article = clean_document(item)
            except RejectedPage as exc:
                fail(InputFailure(source=exc.source, reason=exc.reason))
                continue
            except Exception as exc:
                reason = f"internal error while cleaning ({type(exc).__name__}: {exc}); please report it"
                fail(InputFailure(source=item.source, reason=reason.replace("\n", " ")))
                continue
            if store.add_article(article):
                summary.new += 1
            else:
                summary.existing += 1
            _count(summary, article)
        if on_file_done:
            on_file_done(path)
    store.finish_run(run_id, new=summary.new, existing=summary.existing)
    return summary


def _count(summary: RunSummary, article: Article) -> None:
    if article.outlet:
        summary.outlets[article.outlet] = summary.outlets.get(article.outlet, 0) + 1
    if article.published:
        if summary.first_date is None or article.published < summary.first_date:
            summary.first_date = article.published
        if summary.last_date is None or article.published > summary.last_date:
            summary.last_date = article.published
