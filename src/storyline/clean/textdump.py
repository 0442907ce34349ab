"""Boilerplate removal for plain-text dumps of web pages.

A dump is a browser's copy of a whole page, one paragraph per line. Each line is
classified from its own text (length, sentence shape, bullets, chrome phrases),
then the body is the contiguous run of lines with the best score (long
sentence-like lines count for, menus and lists against; end markers such as
"Related news" or "Leave a Reply" weigh heavily against), as in jusText /
boilerpipe. Inside that run, short runs of plain lines between prose survive
(subheads, lists); chrome, dates and bylines never do.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass

from storyline.clean.chrome_ru import is_end_marker_ru
from storyline.clean.textdump_lists import is_table_row, numbered_runs
from storyline.clean.textdump_rules import (
    BREADCRUMB_RE,
    BULLET_RE,
    BYLINE_RE,
    DASH_RE,
    DATE_RE,
    END_MARKER_RE,
    SENTENCE_END_RE,
    SENTENCE_SPLIT_RE,
    WORD_RE,
    chrome_reason,
)
from storyline.clean.textdump_tail import closing_tail
from storyline.model import Extraction, RemovedLine

CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")

# Line kinds.
GOOD = "good"  # sentence-like: body
SHORT = "short"  # may be a subhead, a title, a menu item
CHROME = "chrome"  # known furniture, never body
END = "end"  # "Related news", "Leave a Reply": what follows is usually not the article


@dataclass(slots=True, kw_only=True, frozen=True)
class DumpParams:
    """The few weights that decide the body run; ``bench/eval_extraction.py --cv`` picks them on half the pages.

    Non-prose lines vote against the body run (prose votes its word count): an end
    marker must outweigh a one-paragraph teaser, a caption must not split an article.
    """

    end_weight: float = -20.0
    chrome_weight: float = -10.0
    caption_weight: float = -3.0
    symbol_weight: float = -6.0
    # A prose line alone between labels is a teaser under a headline: its vote is scaled by this.
    teaser_factor: float = 0.4
    # Runs of short lines longer than this inside the body are a box (links, gallery), not a list.
    max_run: int = 6
    # Prose that must follow a short related box or a gallery for the body to continue past it.
    min_resumed: int = 25


DEFAULT_PARAMS = DumpParams()

# Reasons that name a line's role rather than its shape: such lines never join the body.
NEVER_BODY = ("date", "byline", "breadcrumb")
# Table rows and items of a numbered list: evidence for the body, not a link list.
LIST_REASONS = ("table-row", "numbered")
ROW_VOTE = 0.3
# A related box inside the story: at most this many lines (then DumpParams.min_resumed words of prose).
MAX_BOX = 3
# A photo gallery inside the story: at most this many lines, with at least MIN_CAPTIONS captions.
MAX_MEDIA = 24
MIN_CAPTIONS = 2
MAX_CAPTION_WORDS = 15
MEDIA_REASONS = ("caption", "repeated", "symbols", "counter", "navigation")


@dataclass(slots=True, kw_only=True)
class Line:
    """One non-blank line of the dump with what the classifier found."""

    text: str
    words: int
    bullet: bool
    kind: str
    reason: str


def normalise(line: str) -> str:
    """Strip a line and collapse inner whitespace (including no-break spaces)."""
    return " ".join(line.split())


def is_sentence_like(text: str, words: int) -> bool:
    """True for a line that reads as running prose rather than a label or headline."""
    if words >= 20:
        return True
    ends = bool(SENTENCE_END_RE.search(text))
    if ends and words >= 5:
        return True
    # Two or more sentences on one line is prose even when short.
    return words >= 8 and len(SENTENCE_SPLIT_RE.findall(text)) >= 1


def count_words(text: str) -> int:
    """Words in a line; scripts written without spaces count two characters as a word."""
    cjk = len(CJK_RE.findall(text))
    if not cjk:
        return len(WORD_RE.findall(text))
    return len(WORD_RE.findall(CJK_RE.sub(" ", text))) + cjk // 2


def classify(raw: str) -> Line:
    """Classify one stripped, non-blank line."""
    bullet_match = BULLET_RE.match(raw)
    text = raw[bullet_match.end() :] if bullet_match else raw
    words = count_words(text)
    bullet = bool(bullet_match)
    if END_MARKER_RE.match(text) or is_end_marker_ru(text):
        return Line(text=raw, words=words, bullet=bullet, kind=END, reason="end-marker")
    reason = chrome_reason(text)
    if reason is not None:
        return Line(text=raw, words=words, bullet=bullet, kind=CHROME, reason=reason)
    if is_sentence_like(text, words) or (DASH_RE.match(text) and words >= 5):
        return Line(text=raw, words=words, bullet=bullet, kind=GOOD, reason="")
    if is_table_row(raw) and not DATE_RE.search(raw):
        return Line(text=raw, words=words, bullet=bullet, kind=SHORT, reason="table-row")
    return Line(text=raw, words=words, bullet=bullet, kind=SHORT, reason=short_reason(text, words, bullet))


def classify_all(text: str) -> list[Line]:
    """Classify every non-blank line; a line repeated on the page (menus, share bars) is judged once."""
    seen: dict[str, Line] = {}
    lines: list[Line] = []
    for raw in text.splitlines():
        n = normalise(raw)
        if not n:
            continue
        known = seen.get(n)
        if known is None:
            known = seen[n] = classify(n)
        # A fresh record each time: later passes relabel single lines in place.
        lines.append(
            Line(text=n, words=known.words, bullet=known.bullet, kind=known.kind, reason=known.reason)
        )
    return lines


def short_reason(text: str, words: int, bullet: bool) -> str:
    """Why a short line would be dropped: the most specific label that fits."""
    if words <= 14 and DATE_RE.search(text):
        return "date"
    # "By Jane Roe | Example Media for example.com": the outlet after a bar makes a byline longer.
    if (words <= 8 or (words <= 14 and " | " in text)) and BYLINE_RE.match(text):
        return "byline"
    if bullet:
        return "link-list"
    if words <= 12 and BREADCRUMB_RE.search(text):
        return "breadcrumb"
    return "short-line"


def weight(lines: list[Line], i: int, params: DumpParams = DEFAULT_PARAMS) -> float:
    """A line's vote for being inside the body run."""
    line = lines[i]
    if line.kind == GOOD:
        vote = min(line.words, 80) * (0.5 if line.bullet else 1.0)
        # A prose line alone between labels is a teaser under a headline; body prose comes in runs.
        paired = (i > 0 and lines[i - 1].kind == GOOD) or (i + 1 < len(lines) and lines[i + 1].kind == GOOD)
        return vote if paired else vote * params.teaser_factor
    if line.kind == SHORT:
        if line.reason in LIST_REASONS:
            return min(line.words, 20) * ROW_VOTE
        return -3.0 if line.bullet else -2.0
    if line.kind == END:
        return params.end_weight
    if line.reason == "caption":
        return params.caption_weight
    if line.reason == "symbols":
        return params.symbol_weight
    return params.chrome_weight


def body_span(lines: list[Line], params: DumpParams = DEFAULT_PARAMS) -> tuple[int, int]:
    """The [start, end) run of lines with the best total weight; end markers cut runs."""
    best, best_span = 0.0, (0, 0)
    total, start, gap = 0.0, 0, 0
    for i, line in enumerate(lines):
        vote = weight(lines, i, params)
        # A long run of non-prose lines costs more per line: a subhead is cheap to cross, a menu is not.
        gap = gap + 1 if vote < 0 else 0
        total += vote * gap if vote < 0 and line.kind in (SHORT, CHROME) else vote
        if total > best:
            best, best_span = total, (start, i + 1)
        if total <= 0:
            total, start = 0.0, i + 1
    return best_span


def extend_past_box(lines: list[Line], end: int, params: DumpParams = DEFAULT_PARAMS) -> int:
    """Move the body's end past a short related box when the story's prose resumes after it."""
    gap = 0
    i = end
    while i < len(lines) and lines[i].kind in (SHORT, END) and gap < MAX_BOX:
        i, gap = i + 1, gap + 1
    j = i
    while j < len(lines) and lines[j].kind == GOOD and not lines[j].bullet:
        j += 1
    box = lines[end:i]
    # One heading ("Related"), then only list items: a box of links, not the page's closing chrome.
    boxed = bool(box) and box[0].kind == END and all(x.kind == SHORT and x.bullet for x in box[1:])
    words = sum(x.words for x in lines[i:j])
    if boxed and words >= params.min_resumed and (j == len(lines) or lines[j].kind != GOOD):
        return j
    return end


def extend_before_box(lines: list[Line], start: int, params: DumpParams = DEFAULT_PARAMS) -> int:
    """Move the body's start back past a short related box set into the story's opening."""
    i = start
    while i > 0 and start - i < MAX_BOX and lines[i - 1].kind in (SHORT, END):
        i -= 1
        if lines[i].kind == END:
            break
    box = lines[i:start]
    boxed = bool(box) and box[0].kind == END and all(x.kind == SHORT and x.bullet for x in box[1:])
    j = i
    while j > 0 and lines[j - 1].kind == GOOD and not lines[j - 1].bullet:
        j -= 1
    if boxed and sum(x.words for x in lines[j:i]) >= params.min_resumed:
        return j
    return start


def is_media(line: Line) -> bool:
    """A line of a photo gallery: a caption, a counter, a control ("Close"), a bare symbol or a label."""
    if line.kind == CHROME:
        return line.reason in MEDIA_REASONS
    if line.kind == GOOD:
        # A one-sentence caption reads as prose; between credits it is still a caption.
        return line.words <= MAX_CAPTION_WORDS and not line.bullet
    return line.kind == SHORT and not line.bullet and line.reason not in NEVER_BODY


def media_block(lines: list[Line], edge: int, step: int) -> int:
    """Where the gallery beside ``edge`` ends, going ``step`` (+1 after the body, -1 before): ``edge`` if none."""
    i = edge
    while (
        0 <= i + min(step, 0) < len(lines) and abs(i - edge) < MAX_MEDIA and is_media(lines[i + min(step, 0)])
    ):
        i += step
    block = lines[min(i, edge) : max(i, edge)]
    # Captions make it a gallery; a run of labels alone is a menu or a teaser list.
    return i if sum(1 for x in block if x.reason in ("caption", "repeated")) >= MIN_CAPTIONS else edge


def extend_across_media(
    lines: list[Line], start: int, end: int, params: DumpParams = DEFAULT_PARAMS
) -> tuple[int, int]:
    """Join to the body the prose on the far side of a photo gallery set into the story."""
    for step in (-1, 1):
        edge = start if step < 0 else end
        far = media_block(lines, edge, step)
        j = far
        while (
            0 <= j + min(step, 0) < len(lines)
            and lines[j + min(step, 0)].kind == GOOD
            and not lines[j + min(step, 0)].bullet
        ):
            j += step
        prose = lines[min(j, far) : max(j, far)]
        if far != edge and len(prose) >= 2 and sum(x.words for x in prose) >= params.min_resumed:
            for line in lines[min(far, edge) : max(far, edge)]:
                if line.kind == GOOD:
                    line.kind, line.reason = CHROME, "caption"
            start, end = (j, end) if step < 0 else (start, j)
    return start, end


def keep_in_span(lines: list[Line], start: int, end: int, params: DumpParams = DEFAULT_PARAMS) -> list[bool]:
    """Which lines of the body run to keep: prose, and short runs of plain lines between prose."""
    keep = [False] * len(lines)
    for i in range(start, end):
        keep[i] = lines[i].kind == GOOD
    run_start = start
    for i in range(start, end + 1):
        if i < end and lines[i].kind != GOOD:
            continue
        # A short run between prose (subhead, list) is body unless it holds chrome or an end marker.
        run = lines[run_start:i]
        plain = sum(1 for x in run if x.reason not in LIST_REASONS)
        if run and all(x.kind == SHORT for x in run):
            for j in range(run_start, i):
                reason = lines[j].reason
                keep[j] = reason in LIST_REASONS or (plain <= params.max_run and reason not in NEVER_BODY)
        run_start = i + 1
    return keep


def mark_repeats(lines: list[Line]) -> None:
    """Prose that occurs twice on a page is a caption or teaser shown again, not body."""
    seen: dict[str, int] = {}
    for line in lines:
        if line.kind == GOOD:
            key = BULLET_RE.sub("", line.text, count=1)
            seen[key] = seen.get(key, 0) + 1
    repeated = {key for key, n in seen.items() if n > 1}
    if not repeated or len(repeated) * 2 >= len(seen):
        return
    # A sentence pulled out as a quote stands once inside the prose: that copy is body, the others are not.
    body_copy: dict[str, int] = {}
    for i in range(1, len(lines) - 1):
        key = BULLET_RE.sub("", lines[i].text, count=1)
        if key in repeated and not lines[i].bullet and lines[i - 1].kind == GOOD == lines[i + 1].kind:
            body_copy.setdefault(key, i)
    for i, line in enumerate(lines):
        key = BULLET_RE.sub("", line.text, count=1)
        if line.kind == GOOD and key in repeated and body_copy.get(key) != i:
            line.kind, line.reason = CHROME, "repeated"


def trim_tail(lines: list[Line], keep: list[bool]) -> None:
    """Drop "About the company" paragraphs and the writer's bio that close the body."""
    kept = [i for i, k in enumerate(keep) if k]
    for i, reason in zip(reversed(kept), closing_tail([lines[i].text for i in kept]), strict=False):
        keep[i] = False
        lines[i].reason = reason


def mark_numbered(lines: list[Line]) -> None:
    """Short items of a list numbered 1, 2, 3 ... are part of an article, not a menu."""
    for line, numbered in zip(lines, numbered_runs([x.text for x in lines]), strict=True):
        if numbered and line.kind == SHORT and line.reason not in ("byline", "breadcrumb"):
            line.reason = "numbered"


def mark_breadcrumbs(lines: list[Line]) -> None:
    """A trail split over lines ("Main Page >", "News >", "Diplomacy"): every step is a breadcrumb."""
    for prev, line in itertools.pairwise(lines):
        if prev.text.endswith((">", "»", "›")) and line.kind != GOOD:
            prev.kind, prev.reason = CHROME, "breadcrumb"
            line.kind, line.reason = CHROME, "breadcrumb"


def is_headline(line: Line) -> bool:
    """A title candidate: a short plain line that is neither a date, a byline nor a list item."""
    return line.kind == SHORT and not line.bullet and line.reason == "short-line" and 3 <= line.words <= 30


def guess_title(header: list[Line]) -> str | None:
    """The last headline-like line before the body, else the page's first substantial line."""
    for i in range(len(header) - 1, -1, -1):
        line = header[i]
        if is_headline(line):
            # A headline directly above a longer one: the lower one is the deck (standfirst).
            above = header[i - 1] if i > 0 else None
            if above is not None and is_headline(above) and above.words < line.words and line.words > 12:
                return above.text
            return line.text
    for line in header:
        if line.kind != CHROME and line.words >= 3:
            return line.text
    return None


def label_lines(text: str) -> list[Line]:
    """Every line classified and marked: the part of the cleaning that no ``DumpParams`` changes."""
    lines = classify_all(text)
    mark_repeats(lines)
    mark_breadcrumbs(lines)
    mark_numbered(lines)
    return lines


def extract_text_dump(text: str, params: DumpParams = DEFAULT_PARAMS) -> Extraction:
    """Keep the article body of a page rendered to plain text; record every removed line."""
    return extract_labelled(label_lines(text), params)


def extract_labelled(labelled: list[Line], params: DumpParams = DEFAULT_PARAMS) -> Extraction:
    """The body of a page from its labelled lines (left as they are: the eval reuses them per parameter)."""
    lines = [dataclasses.replace(line) for line in labelled]
    start, end = body_span(lines, params)
    if end > start:
        end = extend_past_box(lines, end, params)
        start = extend_before_box(lines, start, params)
        start, end = extend_across_media(lines, start, end, params)
    keep = keep_in_span(lines, start, end, params) if end > start else [False] * len(lines)
    trim_tail(lines, keep)
    first_kept = next((i for i, k in enumerate(keep) if k), len(lines))
    title = guess_title(lines[:first_kept])

    paragraphs: list[str] = []
    pending: list[tuple[Line, str]] = []
    removed: list[RemovedLine] = []
    offset = 0
    for i, line in enumerate(lines):
        if keep[i]:
            for dropped, reason in pending:
                removed.append(RemovedLine(text=dropped.text, at=offset, reason=reason))
            pending.clear()
            paragraphs.append(line.text)
            offset += len(line.text) + 2
            continue
        reason = line.reason or "short-line"
        if i < first_kept and line.kind == GOOD:
            reason = "before-body"
        elif i >= end and line.kind == GOOD:
            reason = "after-body"
        if title is not None and line.text == title and i < first_kept:
            reason = "title"
        pending.append((line, reason))
    body = "\n\n".join(paragraphs)
    for dropped, reason in pending:
        removed.append(RemovedLine(text=dropped.text, at=len(body), reason=reason))
    header = [line.text for line in lines[:first_kept]]
    meta = {"title": title} if title else {}
    return Extraction(text=body, removed=removed, header=header, meta=meta)
