"""Article body and markup metadata from HTML, through trafilatura.

``extract_html`` parses the page once, prunes what can never be body text,
lets trafilatura pick the body, then cleans trafilatura's paragraphs with a
chain of small ``list[str] -> list[str]`` rules (title, promo and "related"
lines). The page's other visible lines are recorded as ``removed``.

Option grid measured on bench/eval_extraction.py (92 pages, 4-gram shingle F1,
plain ``trafilatura.extract`` unless noted):

    defaults                                   P=0.928 R=0.976 F1=0.951
    favor_precision                            P=0.944 R=0.978 F1=0.961
    favor_recall                               P=0.922 R=0.977 F1=0.949
    include_tables=False                       P=0.929 R=0.965 F1=0.947
    include_comments=False                     P=0.934 R=0.976 F1=0.955
    no comments + favor_precision              P=0.951 R=0.978 F1=0.964  <- used
    no comments + favor_recall                 P=0.929 R=0.977 F1=0.952
    no comments + include_tables=False         P=0.935 R=0.965 F1=0.950
    deduplicate                                P=0.927 R=0.943 F1=0.935
    include_formatting                         P=0.924 R=0.974 F1=0.949
    fast (no fallback)                         P=0.928 R=0.978 F1=0.952
    no comments + fast                         P=0.934 R=0.978 F1=0.956
    no comments + precision + fast             P=0.929 R=0.934 F1=0.932
    include_images                             P=0.863 R=0.972 F1=0.914
    include_links                              P=0.827 R=0.961 F1=0.889
    no comments + precision, no tables         P=0.947 R=0.955 F1=0.951
    no comments + precision, markdown output   P=0.947 R=0.976 F1=0.961
    extract_html (used options + RULES)        P=0.961 R=0.978 F1=0.969

Each rule pays for itself: without drop_title F1=0.967, without
drop_related_blocks 0.967, without drop_promos 0.968; drop_closing_tail
(issuer boilerplate, the writer's bio) took it from 0.969 to 0.972, drop_chrome_lines
(dates, bylines, glued teasers, "Related:" links, calls to action) to 0.975.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from storyline.clean.chrome_ru import chrome_reason_ru, is_end_marker_ru
from storyline.clean.textdump import GOOD, classify
from storyline.clean.textdump_lists import leading_number
from storyline.clean.textdump_tail import closing_tail, tail_reason
from storyline.model import Extraction, RemovedLine

# Recording every menu entry of a huge page would make ``removed`` larger than
# the article; past this many lines the rest of the page is left unrecorded.
MAX_REMOVED = 2000

_META_KEYS = ("title", "author", "date", "sitename", "hostname", "url", "description", "language")

# Pages with more elements than this are pruned and cut before extraction:
# 20 times the largest page of the benchmark (1,584 elements).
MAX_ELEMENTS = 30_000

# Removed first from a page over MAX_ELEMENTS: never body, often most of the tree.
_BULKY_CHROME = ("nav", "aside", "footer", "form", "select", "menu", "script", "style", "noscript", "svg")

# Never visible text: skipped when rendering the page's lines. Not pruned from the
# tree, because trafilatura's metadata reads <head> and JSON-LD <script>s.
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "head")

# Tags after which a rendered page breaks the line (used for ``removed``).
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "option",
        "select",
        "button",
        "label",
        "title",
    ]
)


@dataclass(slots=True, kw_only=True, frozen=True)
class HtmlParams:
    """The HTML path's tunable choices; ``bench/eval_extraction.py --cv`` picks them on half the pages."""

    # trafilatura's precision mode (comments are always left out: they are not the article).
    favor_precision: bool = True
    # Promo lines are short: a longer paragraph that says "subscribe" is prose.
    promo_max: int = 300
    # Inside a "Related" block, a line shorter than this without a full stop is a teaser link.
    related_item_max: int = 120
    # Paragraphs the text-dump classifier gives one of these chrome reasons are dropped.
    line_reasons: tuple[str, ...] = ("date", "byline", "teaser", "related-link", "call-to-action")


DEFAULT_HTML_PARAMS = HtmlParams()

Rule = Callable[[list[str], dict[str, str], HtmlParams], list[str]]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _key(text: str) -> str:
    """Comparison key: case and punctuation free, so a title matches its heading."""
    return " ".join(re.findall(r"\w+", text.casefold()))


# --- cleaning trafilatura's paragraphs -------------------------------------


def drop_title(
    paragraphs: list[str], meta: dict[str, str], params: HtmlParams = DEFAULT_HTML_PARAMS
) -> list[str]:
    """Drop a leading heading that repeats the page title (the body has no title)."""
    title = _key(meta.get("title", ""))
    if not title:
        return paragraphs
    for i, para in enumerate(paragraphs[:2]):
        key = _key(para)
        # A prefix counts only when the lengths are close: a table-laid page can
        # start its single huge "paragraph" with the title.
        near = abs(len(key) - len(title)) <= max(30, len(title) // 3)
        if key and (key == title or (near and (title.startswith(key) or key.startswith(title)))):
            return paragraphs[:i] + paragraphs[i + 1 :]
    return paragraphs


# Headings of "more stories" blocks; what follows them is a list of links.
_RELATED_HEAD = re.compile(
    r"^(related( (stories|articles|news|content|coverage|posts|reading))?|read more|see more|see also|"
    r"more from [\w ]+|also read|read also|don'?t miss|recommended( for you)?|most (read|popular)|"
    r"you may also like|you might also like|trending( now)?|more stories|latest news)\s*(:.*|\W*)$",
    re.IGNORECASE,
)
# "China furious at ... [INSIGHT]": teaser links tagged with a bracketed kind.
_TAGGED_TEASER = re.compile(r"\w.*\[[A-Z][A-Z ]{2,20}\]\W*$")
_LIST_ITEM = re.compile(r"^\s*[-•*–]\s")

_PROMO = re.compile(
    r"(sign up|subscribe|newsletter|in your inbox|to your inbox|delivered to your|"
    r"follow (us|him|her|them|me) on|^share (this|on)\b.{0,40}$|tell us what you think|"
    r"have a tip\?|get access to|^©.{0,60}$|^copyright\b|^(advertisement|advertising|"
    r"tags?|comments?|share|print|email)\W*$|^\d+ comments?$)",
    re.IGNORECASE,
)


def drop_related_blocks(
    paragraphs: list[str], meta: dict[str, str], params: HtmlParams = DEFAULT_HTML_PARAMS
) -> list[str]:
    """Drop "Related:"-style headings, teaser links and the list items that follow them."""
    kept: list[str] = []
    in_block = False
    for para in paragraphs:
        if _TAGGED_TEASER.search(para):
            continue
        if _RELATED_HEAD.match(para) or is_end_marker_ru(para):
            in_block = True
            continue
        if in_block and (
            _LIST_ITEM.match(para)
            or (len(para) < params.related_item_max and not para.rstrip().endswith("."))
        ):
            continue
        in_block = False
        kept.append(para)
    return kept


def drop_promos(
    paragraphs: list[str], meta: dict[str, str], params: HtmlParams = DEFAULT_HTML_PARAMS
) -> list[str]:
    """Drop short newsletter, social-follow, share and copyright lines."""
    return [p for p in paragraphs if len(p) > params.promo_max or not _PROMO.search(p)]


def drop_closing_tail(
    paragraphs: list[str], meta: dict[str, str], params: HtmlParams = DEFAULT_HTML_PARAMS
) -> list[str]:
    """Drop "About the company" paragraphs and the writer's bio that close the body (as for text dumps)."""
    return paragraphs[: len(paragraphs) - len(closing_tail(paragraphs))]


def drop_chrome_lines(
    paragraphs: list[str], meta: dict[str, str], params: HtmlParams = DEFAULT_HTML_PARAMS
) -> list[str]:
    """Drop what the text-dump cleaner calls chrome in ``params.line_reasons`` (stamps, teasers, calls to act).

    One classifier for both paths. A numbered item ("10) Model car, scale 1:24") is list content
    whatever its figures look like.
    """
    return [p for p in paragraphs if chrome_line_reason(p, params) is None]


def chrome_line_reason(paragraph: str, params: HtmlParams = DEFAULT_HTML_PARAMS) -> str | None:
    """The text-dump classifier's reason for a non-prose paragraph, when it is one the HTML path drops."""
    line = classify(paragraph)
    if line.kind == GOOD or line.reason not in params.line_reasons or leading_number(paragraph) is not None:
        return None
    return line.reason


def drop_russian_chrome(
    paragraphs: list[str], meta: dict[str, str], params: HtmlParams = DEFAULT_HTML_PARAMS
) -> list[str]:
    """Drop Russian share bars, subscribe calls, cookie notices, ad labels, stamps and tickers
    (``chrome_ru``); lines without Cyrillic letters are left to the rules above."""
    return [p for p in paragraphs if chrome_reason_ru(p) is None]


RULES: tuple[Rule, ...] = (
    drop_title,
    drop_related_blocks,
    drop_promos,
    drop_chrome_lines,
    drop_russian_chrome,
    drop_closing_tail,
)


def clean_paragraphs(
    paragraphs: list[str],
    meta: dict[str, str],
    rules: tuple[Rule, ...] = RULES,
    params: HtmlParams = DEFAULT_HTML_PARAMS,
    why: dict[str, str] | None = None,
) -> list[str]:
    """Apply each rule in order; a rule that would empty the body is skipped.

    ``why``, when given, receives the reason each dropped paragraph was dropped for.
    """
    for rule in rules:
        cleaned = rule(paragraphs, meta, params)
        if cleaned:
            if why is not None:
                left = set(cleaned)
                for para in paragraphs:
                    if para not in left:
                        why.setdefault(para, drop_reason(rule, para, params))
            paragraphs = cleaned
    return paragraphs


def drop_reason(rule: Rule, paragraph: str, params: HtmlParams = DEFAULT_HTML_PARAMS) -> str:
    """The removed-line reason for a paragraph ``rule`` dropped: the rule's kind, or the line's own."""
    if rule is drop_chrome_lines:
        return f"html-{chrome_line_reason(paragraph, params)}"
    if rule is drop_russian_chrome:
        return f"html-{chrome_reason_ru(paragraph)}"
    if rule is drop_closing_tail:
        return f"html-{tail_reason(paragraph)}"
    return _RULE_REASONS.get(rule, "html-boilerplate")


_RULE_REASONS: dict[Rule, str] = {
    drop_title: "html-title",
    drop_related_blocks: "html-related",
    drop_promos: "html-promo",
}


# --- the page's visible lines -----------------------------------------------


def visible_lines(tree: HtmlElement) -> Iterator[str]:
    """The page's visible text, one stripped non-blank line per rendered block.

    Iterative (``iterwalk``) so that deeply nested pages cannot hit the
    recursion limit.
    """
    chunks: list[str] = []
    skip_depth = 0
    for event, elem in etree.iterwalk(tree, events=("start", "end")):
        tag = elem.tag if isinstance(elem.tag, str) else ""
        if event == "start":
            if skip_depth or tag in _INVISIBLE or not tag:
                skip_depth += 1
                continue
            if tag in _BLOCKS:
                chunks.append("\n")
            if elem.text:
                chunks.append(elem.text)
        else:
            if skip_depth:
                skip_depth -= 1
                if skip_depth:
                    continue
            elif tag in _BLOCKS:
                chunks.append("\n")
            if elem.tail and elem is not tree:
                chunks.append(elem.tail)
        if len(chunks) > 4096:
            yield from _complete_lines(chunks)
    chunks.append("\n")
    yield from _complete_lines(chunks)


def _complete_lines(chunks: list[str]) -> Iterator[str]:
    """Yield the finished lines buffered in ``chunks``, keeping the unfinished tail."""
    joined = "".join(chunks)
    lines = joined.split("\n")
    chunks[:] = [lines.pop()]
    for line in lines:
        line = _norm(line)
        if line:
            yield line


def removed_lines(
    page: Iterator[str], paragraphs: list[str], text: str, why: dict[str, str] | None = None
) -> tuple[list[RemovedLine], list[str]]:
    """Page lines not in the body, with the offset in ``text`` where each stood; and the header.

    A line a cleaning rule dropped carries that rule's reason (``why``); other lines were left
    out by trafilatura ("html-boilerplate", or "html-header" before the body).

    A line belongs to the body when it is one of its paragraphs, or part of one
    of the next few paragraphs (renderings split blocks differently). Only a
    window ahead of the cursor is searched so the cost stays linear.
    """
    starts: list[int] = []
    pos = 0
    for para in paragraphs:
        starts.append(pos)
        pos += len(para) + 2
    index: dict[str, list[int]] = {}
    for i, para in enumerate(paragraphs):
        index.setdefault(_norm(para), []).append(i)
    normed = [_norm(p) for p in paragraphs]
    cursor = 0  # index of the next body paragraph not yet seen on the page
    removed: list[RemovedLine] = []
    header: list[str] = []
    seen_body = False
    for line in page:
        hit = _find_paragraph(line, index, normed, cursor)
        if hit is not None:
            seen_body = True
            cursor = max(cursor, hit + 1)
            continue
        if not seen_body:
            header.append(line)
        at = starts[cursor] if cursor < len(starts) else len(text)
        reason = (why or {}).get(line) or ("html-boilerplate" if seen_body else "html-header")
        removed.append(RemovedLine(text=line, at=at if seen_body else 0, reason=reason))
        if len(removed) >= MAX_REMOVED:
            break
    return removed, header


_WINDOW = 8


def _find_paragraph(line: str, index: dict[str, list[int]], normed: list[str], cursor: int) -> int | None:
    """Index of the body paragraph ``line`` belongs to, or None."""
    exact = index.get(line)
    if exact is not None:
        return next((i for i in exact if i >= cursor), exact[0])
    # Short fragments ("Share", "News") inside a paragraph are menu items, not body.
    if len(line) < 25:
        return None
    for i in range(max(0, cursor - 1), min(len(normed), cursor + _WINDOW)):
        if line in normed[i] or (len(normed[i]) >= 25 and normed[i] in line):
            return i
    return None


# --- extraction ---------------------------------------------------------------


def _parse(html: str) -> HtmlElement | None:
    from trafilatura.utils import load_html

    tree = load_html(html)
    return tree if isinstance(tree, HtmlElement) else None


def _shrink(tree: HtmlElement, cap: int | None = None) -> bool:
    """Bound a huge page before trafilatura sees it; True when content was cut.

    trafilatura's cost grows faster than linearly with the tree (a 4 MB page
    took 13 s, a 42 MB one 570 s), so a page over ``cap`` elements first loses
    its menus and forms, then everything after the ``cap``-th element.
    """
    cap = MAX_ELEMENTS if cap is None else cap
    if sum(1 for _ in tree.iter()) <= cap:
        return False
    body = tree.find("body")
    scope = body if body is not None else tree
    chrome = [e for e in scope.iter(*_BULKY_CHROME) if e.get("type") != "application/ld+json"]
    for elem in chrome:
        if elem.getparent() is not None:
            elem.drop_tree()
    # A menu of thousands of links would otherwise fill the budget before the body.
    for lst in [e for e in scope.iter("ul", "ol") if len(e) > 200]:
        if (
            lst.getparent() is not None
            and sum(1 for li in lst if li.find(".//a") is not None) > len(lst) // 2
        ):
            lst.drop_tree()
    cut: HtmlElement | None = None
    for i, elem in enumerate(tree.iter()):
        if i >= cap:
            cut = elem
            break
    if cut is None:
        return False
    node = cut
    while node is not tree and (parent := node.getparent()) is not None:
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node = parent
    parent = cut.getparent()
    if parent is not None:
        parent.remove(cut)
    return True


def _page_meta(tree: HtmlElement, url: str | None) -> dict[str, str]:
    from trafilatura.metadata import extract_metadata

    # extensive=False: only dates the markup or URL states; the extensive search
    # guesses from any number in the page (a dateless page got "1995-01-01").
    doc = extract_metadata(tree, default_url=url, extensive=False)
    meta: dict[str, str] = {}
    for key in _META_KEYS:
        value = getattr(doc, key, None)
        if isinstance(value, str) and value.strip():
            meta[key] = _norm(value)
    lang = tree.get("lang")
    if (
        "language" not in meta
        and lang
        and re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", lang.strip())
    ):
        meta["language"] = lang.strip()
    return meta


def _body_paragraphs(tree: HtmlElement, url: str | None, params: HtmlParams) -> list[str]:
    from trafilatura import bare_extraction

    doc: Any = bare_extraction(
        tree,
        url=url,
        include_comments=False,
        favor_precision=params.favor_precision,
        include_tables=True,
        with_metadata=False,
    )
    if doc is None or not getattr(doc, "text", None):
        return []
    return [_norm(line) for line in str(doc.text).split("\n") if line.strip()]


def raw_body(
    html: str, url: str | None, params: HtmlParams = DEFAULT_HTML_PARAMS
) -> tuple[list[str], dict[str, str]]:
    """trafilatura's paragraphs and the page's meta, before the cleaning rules.

    The eval caches this (the slow part) to choose ``HtmlParams`` on half the pages.
    """
    tree = _parse(html) if html and html.strip() else None
    if tree is None:
        return [], {}
    _shrink(tree)
    meta = _page_meta(tree, url)  # first, as in extract_html: extraction may prune the tree
    return _body_paragraphs(tree, url, params), meta


def extract_html(html: str, url: str | None = None, params: HtmlParams = DEFAULT_HTML_PARAMS) -> Extraction:
    """Article body of an HTML page, with trafilatura's metadata in ``meta``.

    Never raises: a parse or extraction failure gives an empty text with the
    reason in ``meta["error"]``.
    """
    try:
        if not html or not html.strip():
            return Extraction(text="", meta={"error": "empty page"})
        tree = _parse(html)
        if tree is None:
            return Extraction(text="", meta={"error": "not HTML: no document tree could be parsed"})
        truncated = _shrink(tree)
        meta = _page_meta(tree, url)
        why: dict[str, str] = {}
        paragraphs = clean_paragraphs(_body_paragraphs(tree, url, params), meta, params=params, why=why)
        text = "\n\n".join(paragraphs)
        removed, header = removed_lines(visible_lines(tree), paragraphs, text, why)
        if truncated:
            note = f"[page cut after {MAX_ELEMENTS} elements: the rest was not read]"
            removed.append(RemovedLine(text=note, at=len(text), reason="html-truncated"))
        return Extraction(text=text, removed=removed, header=header, meta=meta)
    except Exception as err:  # trafilatura and lxml raise many kinds; the caller needs a reason, not a crash
        reason = _norm(str(err)) or "no message"
        return Extraction(text="", meta={"error": f"{type(err).__name__}: {reason}"[:200]})
