"""Untrusted text to safe HTML: every character is escaped, marks become flat spans."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from storyline.quotes.query import word_runs


@dataclass(slots=True, kw_only=True, frozen=True)
class Mark:
    """A span of text to highlight; ``kind`` names its CSS class (``m-<kind>``)."""

    start: int
    end: int
    kind: str
    title: str = ""
    href: str | None = None


@dataclass(slots=True, kw_only=True, frozen=True)
class Anchor:
    """An empty element with an id at ``at``, for links to a place in the text."""

    at: int
    id: str


def highlight(text: str, marks: Iterable[Mark], anchors: Iterable[Anchor] = (), *, offset: int = 0) -> Markup:
    """``text`` (which starts at ``offset`` of its article) with overlapping marks as non-nested spans.

    Overlaps are cut at every boundary, so each piece carries the classes of all marks covering
    it; a piece inside a mark with a link becomes that link (links never nest).
    """
    end_of_text = offset + len(text)
    # Half-open: an anchor on a cut between two pieces belongs to the piece that starts there.
    anchors = [a for a in anchors if offset <= a.at < end_of_text]
    spans = [m for m in marks if m.end > m.start and m.start < end_of_text and m.end > offset]
    points = sorted(
        {offset, end_of_text}
        | {max(offset, m.start) for m in spans}
        | {min(end_of_text, m.end) for m in spans}
        | {a.at for a in anchors}
    )
    anchors_at: dict[int, list[str]] = {}
    for a in anchors:
        anchors_at.setdefault(a.at, []).append(a.id)
    spans.sort(key=lambda m: (m.start, -m.end))
    out: list[str] = []
    for lo, hi in zip(points, [*points[1:], end_of_text], strict=True):
        for anchor_id in anchors_at.get(lo, ()):
            out.append(f'<span class="anchor" id="{escape(anchor_id)}"></span>')
        if hi <= lo:
            continue
        piece = escape(text[lo - offset : hi - offset])
        covering = [m for m in spans if m.start <= lo and hi <= m.end]
        if not covering:
            out.append(piece)
            continue
        classes = escape(" ".join(sorted({f"m-{m.kind}" for m in covering})))
        titles = "; ".join(dict.fromkeys(m.title for m in covering if m.title))
        href = next((m.href for m in covering if m.href), None)
        title = f' title="{escape(titles)}"' if titles else ""
        if href:
            out.append(f'<a class="{classes}" href="{escape(href)}"{title}>{piece}</a>')
        else:
            out.append(f'<span class="{classes}"{title}>{piece}</span>')
    return Markup("".join(out))


def diff_markup(old: str, new: str) -> Markup:
    """``new`` as written, the words it adds in <ins> and the words of ``old`` it drops in <del>."""
    out: list[str] = []
    pos = 0
    for op, a, b in word_runs(old, new):
        dropped = f"<del>{escape(old[a[0][0] : a[-1][1]])}</del>" if op != "equal" and a else ""
        if not b:
            out.append(dropped + " " if not out else ("" if out[-1].endswith(" ") else " ") + dropped)
            continue
        start, end = b[0][0], b[-1][1]
        out.append(str(escape(new[pos:start])))
        piece = str(escape(new[start:end]))
        out.append(piece if op == "equal" else (dropped + " " if dropped else "") + f"<ins>{piece}</ins>")
        pos = end
    out.append(str(escape(new[pos:])))
    return Markup("".join(out))


def safe_href(url: str | None) -> str | None:
    """The URL when it is plain http(s); anything else (javascript:, data:, relative) gives None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") and not any(c in url for c in "\n\r\t") else None
