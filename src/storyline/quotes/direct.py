"""Direct-quote spans: text between quote marks, and dash-introduced speech.

Works on characters, not tokens, so every convention is found whatever the parser
makes of it: “…”, "…", «…», „…“, ‘…’, ``…'' (PTB-tokenised text), ''…'' and
paragraphs opened by a dash ("- We have clear guidelines ..., - Tokayev said.").
Attribution is left to ``speakers``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opener -> closers it accepts, in order of preference. A straight '"' may be closed
# by '”' and '“' by '"': machine-translated pages mix them ("about " ongoing ... ”").
_CLOSERS: dict[str, tuple[str, ...]] = {
    "“": ("”", '"'),
    '"': ('"', "”"),
    "„": ("“", "”"),
    "«": ("»",),
    "‘": ("’",),
    "``": ("''",),
    # Some newspapers' archives write both marks as two apostrophes: ''…''.
    "''": ("''",),
}
_DASHES = ("- ", "– ", "— ")
# "don ’ t", "Gray ’ s" in PTB-spaced text: an apostrophe, not a closing mark.
_SPACED_CONTRACTION = re.compile(r" (?:s|t|m|d|ll|re|ve)\b")
# How many paragraphs an unclosed quote may run over to reach its closing mark
# when the later paragraphs do not reopen it (one-sentence-per-line dumps).
_MAX_OPEN_PARAGRAPHS = 6


@dataclass(slots=True, kw_only=True)
class RawQuote:
    """A quoted span before attribution.

    ``start``/``end`` cover the words (marks, edge spaces and a trailing comma
    stripped); ``outer_start``/``outer_end`` include the marks. Pieces of one
    quotation running over several paragraphs share ``group``.
    """

    start: int
    end: int
    outer_start: int
    outer_end: int
    para: int
    group: int
    dash: bool = False
    # For dash speech: where the trailing attribution ("Tokayev said") sits.
    attr_start: int | None = None
    attr_end: int | None = None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line; news dumps put one paragraph per line."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def _is_apostrophe(text: str, j: int) -> bool:
    """Is the ’ (or ') at ``j`` an apostrophe rather than a closing mark?"""
    before = text[j - 1] if j > 0 else " "
    after = text[j + 1] if j + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True  # don’t, Kazakhstan’s
    if before == " " and j > 1 and text[j - 2].isalnum() and _SPACED_CONTRACTION.match(text, j + 1):
        return True  # PTB spacing: "don ’ t"
    # "the players’ union": a plural possessive, followed by a lower-case word
    return before == "s" and after == " " and j + 2 < len(text) and text[j + 2].islower()


def _opener_at(text: str, i: int) -> str | None:
    ch = text[i]
    if text.startswith("``", i):
        return "``"
    if text.startswith("''", i):
        before = text[i - 1] if i > 0 else " "
        after = text[i + 2] if i + 2 < len(text) else " "
        # an opener follows a space or bracket and precedes a word; a closer the reverse
        if (before.isspace() or before in "([—-") and not after.isspace():
            return "''"
        return None
    if ch in "“„«":
        return ch
    if ch == "‘":
        before = text[i - 1] if i > 0 else " "
        # ‘90s and o‘clock-style elisions are not quotes
        if before.isalnum() or re.match(r"‘\d\ds\b", text[i : i + 5]):
            return None
        return ch
    if ch == '"':
        after = text[i + 1] if i + 1 < len(text) else "\n"
        before = text[:i].rstrip()[-1:]
        # PTB-spaced closers ("thrill. \"", "fast, \"") never open a quotation.
        if after.isspace() and before in {".", ",", "!", "?", ";", "'", "’"}:
            return None
        return ch
    return None


# PTB-tokenised dumps sometimes write the closer as an opener: "…decision, `` a friend said."
_BACKTICK_CLOSER = re.compile(r"(?<=[,.!?] )``(?= [a-z])")


def _find_closer(text: str, opener: str, i: int, end: int) -> tuple[int, int] | None:
    """(position, length) of the mark closing ``opener`` between ``i`` and ``end``."""
    if opener == "``":
        m = _BACKTICK_CLOSER.search(text, i, end)
        j = text.find("''", i, end)
        if m is not None and (j == -1 or m.start() < j):
            return m.start(), 2
    for closer in _CLOSERS[opener]:
        j = text.find(closer, i, end)
        while j != -1 and closer == "’" and _is_apostrophe(text, j):
            j = text.find(closer, j + 1, end)
        if j != -1:
            return j, len(closer)
    return None


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim edge spaces and the comma that belongs to the attribution (“…,” she said)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _reopens(text: str, para: tuple[int, int], opener: str) -> bool:
    return text.startswith(opener, para[0])


def quote_mark_spans(text: str) -> list[RawQuote]:
    """Every closed quotation (outermost only); unclosed ones are refused."""
    paras = paragraphs(text)
    out: list[RawQuote] = []
    group = 0
    p = 0
    i = paras[0][0] if paras else 0
    while p < len(paras):
        ps, pe = paras[p]
        i = max(i, ps)
        if i >= pe:
            p += 1
            continue
        opener = _opener_at(text, i)
        if opener is None:
            i += 1
            continue
        body = i + len(opener)
        found = _find_closer(text, opener, body, pe)
        if found is not None:
            j, n = found
            s, e = _strip(text, body, j)
            if e > s:
                out.append(RawQuote(start=s, end=e, outer_start=i, outer_end=j + n, para=p, group=group))
                group += 1
            i = j + n
            continue
        pieces = _continue_over_paragraphs(text, paras, p, opener, body)
        if pieces is None:
            # Refuse to guess: an unclosed quotation with no continuation convention.
            i = body
            continue
        for q, (s, e, os_, oe) in pieces:
            s, e = _strip(text, s, e)
            if e > s:
                out.append(RawQuote(start=s, end=e, outer_start=os_, outer_end=oe, para=q, group=group))
        group += 1
        p = pieces[-1][0]
        i = pieces[-1][1][3]
    return out


def _continue_over_paragraphs(
    text: str, paras: list[tuple[int, int]], p: int, opener: str, body: int
) -> list[tuple[int, tuple[int, int, int, int]]] | None:
    """Pieces of a quotation left open at the end of paragraph ``p``.

    Standard convention: each following paragraph reopens with the same mark and
    the last one closes it. Also accepted: the closing mark comes within a few
    paragraphs with no mark reopening in between (one sentence per line).
    Returns (paragraph, (start, end, outer_start, outer_end)) per piece, or None.
    """
    pieces = [(p, (body, paras[p][1], body - len(opener), paras[p][1]))]
    q = p + 1
    while q < len(paras):
        qs, qe = paras[q]
        reopened = _reopens(text, paras[q], opener)
        if not reopened and q - p > _MAX_OPEN_PARAGRAPHS:
            return None
        start = qs + len(opener) if reopened else qs
        if not reopened and _opener_at(text, qs) is not None and opener != '"':
            return None
        found = _find_closer(text, opener, start, qe)
        # A straight quote reopening a paragraph is ambiguous with a new quotation;
        # only accept it when the earlier paragraph truly ended inside the quote.
        if found is not None:
            j, n = found
            if not reopened:
                nxt = _opener_at(text, start)
                inner = text.find(opener, start, j) if opener != '"' else -1
                if nxt is not None or inner != -1:
                    return None
            pieces.append((q, (start, j, qs, j + n)))
            return pieces
        # No closing mark in a non-reopened paragraph: keep looking only for
        # one-sentence-per-line text, where the paragraph has no other mark.
        if not reopened and any(_opener_at(text, k) for k in range(qs, qe)):
            return None
        pieces.append((q, (start, qe, qs, qe)))
        q += 1
    return None


# A trailing attribution after dash speech: "..., - Tokayev said." / "..., says Zhanbolat Mamay."
_DASH_ATTR = re.compile(r"(?:,?\s+[-–—]\s+|,\s+)(?P<attr>[^,;:!?.\"“”«»]{2,80}?)[.!]?\s*$")


def dash_spans(text: str, skip: list[tuple[int, int]]) -> list[RawQuote]:
    """Paragraphs of dash-introduced speech (translated Russian/Kazakh media).

    ``attr_start``/``attr_end`` mark a trailing attribution candidate; whether it
    really holds a speech cue is checked on tokens by ``speakers``.
    """
    out: list[RawQuote] = []
    for p, (ps, pe) in enumerate(paragraphs(text)):
        if not text.startswith(_DASHES, ps) or any(s <= ps < e for s, e in skip):
            continue
        body = ps + 2
        if len(text[body:pe].split()) < 3:
            continue
        m = _DASH_ATTR.search(text, body, pe)
        end = pe
        a_s = a_e = None
        if (
            m is not None
            and len(m.group("attr").split()) <= 8
            and not re.search(r"\s[-–—]\s", m.group("attr"))
        ):
            end = m.start()
            a_s, a_e = m.start("attr"), m.end("attr")
        s, e = _strip(text, body, end)
        if e > s:
            out.append(
                RawQuote(
                    start=s,
                    end=e,
                    outer_start=ps,
                    outer_end=pe,
                    para=p,
                    group=-1 - p,
                    dash=True,
                    attr_start=a_s,
                    attr_end=a_e,
                )
            )
    return out
