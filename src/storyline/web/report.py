"""`storyline report`: every page of the dossier in one self-contained HTML file."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from storyline.errors import StorylineError
from storyline.store import Store
from storyline.web.dossier import load_dossier
from storyline.web.pages import Filters, Site
from storyline.web.server import static_file

Progress = Callable[[int, int], None]


class ReportError(StorylineError):
    """The report file cannot be written."""


@dataclass(slots=True, kw_only=True)
class ReportResult:
    path: Path
    pages: int
    size: int


def render_report(store: Store, progress: Progress | None = None) -> tuple[str, int]:
    """The report's HTML and its number of pages (sections)."""
    site = Site(dossier=load_dossier(store), mode="report")
    d = site.dossier
    jobs: list[Callable[[], str]] = [site.overview, site.timeline, lambda: site.search(Filters(), None)]
    jobs += [lambda sid=sid: site.story(sid) for sid in d.stories]  # type: ignore[misc]
    jobs += [lambda eid=eid: site.entity(eid) for eid in d.entities]  # type: ignore[misc]
    jobs += [lambda qid=qid: site.quote(qid) for qid, q in store.iter_quotes() if q.kind != "phrase"]  # type: ignore[misc]
    jobs += [lambda aid=aid: site.article(aid) for aid in d.articles]  # type: ignore[misc]
    sections = []
    for i, job in enumerate(jobs, 1):
        sections.append(Markup(job()))
        if progress:
            progress(i, len(jobs))
    # A fresh nonce per file: only our own style and script run, even if escaping ever failed.
    nonce = secrets.token_urlsafe(18)
    js = static_file("app.js").decode()
    html = site.env.get_template("report.html").render(
        nonce=nonce,
        css=Markup(static_file("style.css").decode().replace("</", "<\\/")),
        js=Markup(js.replace("</", "<\\/")),
        sections=sections,
        written=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        # The file is for sharing: name the store, not where it lives on this machine.
        store_name=Path(store.location).name,
    )
    return html, len(jobs)


def write_report(store: Store, path: str | Path, progress: Progress | None = None) -> ReportResult:
    """Write the report to ``path`` atomically (an existing file is replaced only when done)."""
    target = Path(path)
    if target.is_dir():
        raise ReportError(f"{target} is a folder: give a file name such as {target / 'dossier.html'}")
    if not target.parent.is_dir():
        raise ReportError(f"cannot write {target}: folder {target.parent} does not exist")
    html, pages = render_report(store, progress)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReportError(f"cannot write {target}: {exc.strerror}") from exc
    return ReportResult(path=target, pages=pages, size=target.stat().st_size)
