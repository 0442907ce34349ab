"""Untrusted text to HTML: escaping, overlapping marks, anchors, word diffs, link schemes."""

from __future__ import annotations

import pytest

from storyline.web.marks import Anchor, Mark, diff_markup, highlight, safe_href


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        ("plain & simple", [], "plain &amp; simple"),
        (
            "Mayor Ruth Ambley spoke",
            [Mark(start=6, end=17, kind="entity", title="PERSON")],
            'Mayor <span class="m-entity" title="PERSON">Ruth Ambley</span> spoke',
        ),
        # A name inside a quote: the overlap is cut, the shared piece carries both classes.
        (
            '"Ruth said no," he wrote',
            [Mark(start=0, end=15, kind="quote"), Mark(start=1, end=5, kind="entity")],
            '<span class="m-quote">&#34;</span><span class="m-entity m-quote">Ruth</span>'
            '<span class="m-quote"> said no,&#34;</span> he wrote',
        ),
        # A link wins inside its span and links never nest.
        (
            "ab cd",
            [
                Mark(start=0, end=5, kind="quote", href="/quote/x-q0"),
                Mark(start=3, end=5, kind="entity", href="/entity/E1"),
            ],
            '<a class="m-quote" href="/quote/x-q0">ab </a><a class="m-entity m-quote" href="/quote/x-q0">cd</a>',
        ),
        (
            "<script>alert(1)</script>",
            [Mark(start=0, end=8, kind="time", title='"><b>')],
            '<span class="m-time" title="&#34;&gt;&lt;b&gt;">&lt;script&gt;</span>alert(1)&lt;/script&gt;',
        ),
        # Marks past the text's end or empty ones are ignored, not errors.
        (
            "short",
            [Mark(start=3, end=40, kind="time"), Mark(start=2, end=2, kind="entity")],
            'sho<span class="m-time">rt</span>',
        ),
    ],
)
def test_highlight(text: str, marks: list[Mark], expected: str) -> None:
    assert str(highlight(text, marks)) == expected


def test_highlight_with_offset_and_anchors() -> None:
    article = "First sentence. Second one here."
    piece = article[16:]
    html = str(
        highlight(
            piece,
            [Mark(start=23, end=26, kind="entity")],
            [Anchor(at=16, id="a-x-s1"), Anchor(at=0, id="a-x-s0")],
            offset=16,
        )
    )
    assert html == '<span class="anchor" id="a-x-s1"></span>Second <span class="m-entity">one</span> here.'


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("we will not look back", "we will not look back", "we will not look back"),
        (
            "we will implement reforms",
            "we shall implement the reforms",
            "we <del>will</del> <ins>shall</ins> implement <ins>the</ins> reforms",
        ),
        ("a <b> c", "a <i> c", "a &lt;<del>b</del> <ins>i</ins>&gt; c"),
        ("window.__xss = 2", "window.__xss = 3", "window.__xss = <del>2</del> <ins>3</ins>"),
        ("we said it today", "we said it", "we said it <del>today</del>"),
        ("today we said it", "we said it", "<del>today</del> we said it"),
    ],
)
def test_diff_markup(old: str, new: str, expected: str) -> None:
    assert str(diff_markup(old, new)) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("  JavaScript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("/relative/path", None),
        ("https://exa\nmple.org", None),
        (None, None),
        ("", None),
    ],
)
def test_safe_href(url: str | None, expected: str | None) -> None:
    assert safe_href(url) == expected


def test_an_anchor_on_a_cut_belongs_to_the_next_piece() -> None:
    text = "One. Two."
    anchors = [Anchor(at=0, id="s0"), Anchor(at=5, id="s1")]
    first, second = highlight(text[:5], [], anchors), highlight(text[5:], [], anchors, offset=5)
    assert str(first).count("anchor") == 1 and 'id="s0"' in first
    assert 'id="s1"' in second and 'id="s1"' not in first
