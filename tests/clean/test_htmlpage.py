"""extract_html: body, metadata and removed lines on small hand-written pages."""

from __future__ import annotations

import pytest

from storyline.clean.htmlpage import (
    clean_paragraphs,
    drop_chrome_lines,
    drop_closing_tail,
    drop_promos,
    drop_related_blocks,
    drop_title,
    extract_html,
)
from storyline.model import Extraction

P1 = (
    "The city council voted on Tuesday to approve a new budget that raises spending on public "
    "transport by twelve percent, after a debate that lasted more than six hours."
)
P2 = (
    "Mayor Anna Petrova said the plan would cut waiting times on the busiest bus lines in half "
    "by next summer, and that the money would come from a new parking levy."
)
P3 = (
    "Opposition members argued that the levy would hurt small shops in the old town, and asked "
    "for an independent study of its effects before it comes into force."
)
P4 = (
    "The budget still needs the approval of the regional government, which is expected to "
    "review it in the spring together with the plans of the other large cities."
)
P5 = (
    "Residents who spoke at the public hearing were divided, with several praising the new "
    "night buses and others complaining about the rising cost of living in the city."
)
TITLE = "City council approves transport budget"

HEAD = f"""<head>
<meta charset="utf-8">
<title>{TITLE} | Daily Courier</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="Daily Courier">
<meta name="author" content="Maria Lopez">
<meta property="article:published_time" content="2022-06-05T10:30:00Z">
<meta name="description" content="The council approved the transport budget.">
<style>.x {{ color: red }} body {{ font-family: STYLELEAK }}</style>
<script>var tracker = "SCRIPTLEAK";</script>
</head>"""

ARTICLE = f"""<!DOCTYPE html>
<html lang="en">{HEAD}
<body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience.
<button>Accept all cookies</button></p></div>
<header><a href="/">Daily Courier</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main>
<article>
<h1>{TITLE}</h1>
<p>{P1}</p>
<figure><img src="bus.jpg" alt=""><figcaption>A bus in the old town. Photo: Courier archive</figcaption>
</figure>
<p>{P2}</p>
<p>{P3}</p>
<p>{P4}</p>
<p>{P5}</p>
</article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a">Bus drivers plan strike over pay</a></li>
<li><a href="/b">New tram line opens in the north</a></li></ul></aside>
</main>
<script>document.write("SCRIPTLEAK2");</script>
<footer><p>Copyright 2022 Daily Courier. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>"""

SUB1 = "How the levy works"
ITEM1 = "Drivers will pay two euros an hour in the central zone on weekdays from eight to six."
ITEM2 = "Residents with a permit and delivery vans before ten in the morning are exempt from it."
STRUCTURED = f"""<html lang="en">{HEAD}<body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{TITLE}</h1>
<p>{P1}</p>
<h2>{SUB1}</h2>
<p>{P2}</p>
<ul><li>{ITEM1}</li><li>{ITEM2}</li></ul>
<p>{P3}</p>
<p>{P4}</p>
</article>
<footer>Contact the newsroom</footer>
</body></html>"""


@pytest.fixture(scope="module")
def article() -> Extraction:
    return extract_html(ARTICLE, url="https://courier.example/2022/06/05/budget")


@pytest.fixture(scope="module")
def structured() -> Extraction:
    return extract_html(STRUCTURED)


def paragraphs(ex: Extraction) -> list[str]:
    return ex.text.split("\n\n")


@pytest.mark.parametrize("para", [P1, P2, P3, P4, P5])
def test_article_keeps_body_paragraphs(article: Extraction, para: str) -> None:
    assert para in paragraphs(article)


@pytest.mark.parametrize(
    "chrome",
    [
        "We use cookies",
        "Accept all cookies",
        "Politics",
        "Bus drivers plan strike",
        "Related stories",
        "Privacy policy",
        "All rights reserved",
        "SCRIPTLEAK",
        "STYLELEAK",
        "color: red",
        TITLE,
    ],
)
def test_article_drops_chrome_and_title(article: Extraction, chrome: str) -> None:
    assert chrome not in article.text


def test_article_paragraphs_are_stripped_and_double_spaced(article: Extraction) -> None:
    assert article.text == article.text.strip()
    assert all(p == p.strip() and p for p in paragraphs(article))
    assert "\n\n\n" not in article.text


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("title", TITLE),
        ("author", "Maria Lopez"),
        ("date", "2022-06-05"),
        ("sitename", "Daily Courier"),
        ("description", "The council approved the transport budget."),
        ("url", "https://courier.example/2022/06/05/budget"),
        ("hostname", "courier.example"),
        ("language", "en"),
    ],
)
def test_article_meta(article: Extraction, key: str, value: str) -> None:
    assert article.meta[key] == value


def test_meta_has_only_known_keys_as_strings(article: Extraction) -> None:
    known = {"title", "author", "date", "sitename", "hostname", "url", "description", "language"}
    assert set(article.meta) <= known
    assert all(isinstance(v, str) and v for v in article.meta.values())


@pytest.mark.parametrize(
    ("line", "next_para"),
    [
        ("We use cookies to improve your experience.", P1),
        ("Politics", P1),
        (TITLE, P1),
        ("Related stories", None),
        ("Bus drivers plan strike over pay", None),
        ("Privacy policy", None),
    ],
)
def test_removed_lines_and_offsets(article: Extraction, line: str, next_para: str | None) -> None:
    hits = [r for r in article.removed if r.text == line]
    assert hits, f"{line!r} not recorded as removed"
    for r in hits:
        assert r.reason.startswith("html-")
        if next_para is None:
            assert r.at == len(article.text)
        else:
            assert article.text[r.at :].startswith(next_para)


def test_removed_caption_points_at_next_paragraph(article: Extraction) -> None:
    hits = [r for r in article.removed if "Photo: Courier archive" in r.text]
    for r in hits:  # trafilatura may keep or drop a caption; if dropped, it sits before P2
        assert article.text[r.at :].startswith(P2)


def test_removed_lines_never_hold_body_or_script(article: Extraction) -> None:
    texts = [r.text for r in article.removed]
    assert not any(p in texts for p in (P1, P2, P3, P4, P5))
    assert not any("LEAK" in t for t in texts)
    assert all(t == t.strip() and t for t in texts)


def test_header_is_removed_lines_before_body_in_order(article: Extraction) -> None:
    before = [r.text for r in article.removed if r.at == 0]
    assert article.header == before
    assert article.header.index("Politics") < article.header.index(TITLE)
    assert "Privacy policy" not in article.header


@pytest.mark.parametrize("para", [P1, SUB1, P2, ITEM1, ITEM2, P3, P4])
def test_structured_keeps_subheadings_and_list_items(structured: Extraction, para: str) -> None:
    assert any(para in p for p in paragraphs(structured))


def test_structured_order_and_chrome(structured: Extraction) -> None:
    text = structured.text
    assert text.index(P1) < text.index(SUB1) < text.index(ITEM1) < text.index(P4)
    assert "Contact the newsroom" not in text
    assert any(r.text == "Contact the newsroom" and r.at == len(text) for r in structured.removed)


@pytest.mark.parametrize(
    "html",
    [
        ARTICLE[: ARTICLE.index(P3) + 40],  # cut mid-paragraph
        ARTICLE[: ARTICLE.index("<figure>") + 12],  # cut mid-tag
        ARTICLE[: ARTICLE.index("<p>") + 2],  # cut inside the first body tag
    ],
    ids=["mid-text", "mid-tag", "first-tag"],
)
def test_truncated_page_does_not_crash(html: str) -> None:
    ex = extract_html(html)
    assert isinstance(ex.text, str)
    assert "SCRIPTLEAK" not in ex.text


def test_truncated_page_keeps_what_arrived() -> None:
    ex = extract_html(ARTICLE[: ARTICLE.index(P4) + 20])
    assert P1 in ex.text and P3 in ex.text
    assert "error" not in ex.meta


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n ",
        f"<html>{HEAD}<body></body></html>",
        f"<html>{HEAD}</html>",
        '{"json": [1, 2, 3]}',
        "\x00\x01\x02 binary junk \xff",
        "<" * 1000,
        "<div>" * 5000 + "deep" + "</div>" * 5000,
    ],
    ids=["empty", "blank", "empty-body", "no-body", "json", "binary", "brackets", "deep"],
)
def test_pages_without_body_give_empty_text(html: str) -> None:
    ex = extract_html(html)
    assert ex.text == ""
    assert isinstance(ex.meta, dict)
    assert all(isinstance(v, str) for v in ex.meta.values())


def test_empty_body_keeps_markup_meta() -> None:
    ex = extract_html(f"<html>{HEAD}<body></body></html>")
    assert ex.text == ""
    assert ex.meta.get("title") == TITLE


def test_error_reason_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import storyline.clean.htmlpage as htmlpage

    def boom(*args: object, **kwargs: object) -> object:
        raise RuntimeError("parser exploded\nwith details")

    monkeypatch.setattr(htmlpage, "_body_paragraphs", boom)
    ex = extract_html(ARTICLE)
    assert ex.text == ""
    assert ex.meta["error"] == "RuntimeError: parser exploded with details"


@pytest.mark.parametrize("menu_tag", ["nav", "div"])
def test_large_page_is_cut_and_says_so(monkeypatch: pytest.MonkeyPatch, menu_tag: str) -> None:
    import storyline.clean.htmlpage as htmlpage

    monkeypatch.setattr(htmlpage, "MAX_ELEMENTS", 400)  # the real cap needs a 30,000-element page
    many = "".join(f"<p>Paragraph {i}: {P1}</p>" for i in range(600))
    links = "".join(f"<li><a href='/{i}'>Item {i}</a></li>" for i in range(3000))
    page = f"<html><body><{menu_tag}><ul>{links}</ul></{menu_tag}><article>{many}</article></body></html>"
    ex = extract_html(page)
    assert ex.text.startswith("Paragraph 0:")
    assert "Paragraph 599:" not in ex.text
    assert ex.removed[-1].reason == "html-truncated"
    assert ex.removed[-1].at == len(ex.text)


@pytest.mark.parametrize(
    "text", ["Just a line of plain text, not HTML at all.", "a < b and c > d, said the note."]
)
def test_plain_text_input_is_kept_or_empty(text: str) -> None:
    ex = extract_html(text)
    assert ex.text in ("", text)
    assert ex.text or ex.meta.get("error")


def test_removed_lines_are_capped() -> None:
    menu = "<ul>" + "".join(f"<li><a href='/{i}'>Menu entry {i}</a></li>" for i in range(3000)) + "</ul>"
    ex = extract_html(f"<html><body><div>{menu}</div><article><p>{P1}</p><p>{P2}</p></article></body></html>")
    assert len(ex.removed) <= 2000


@pytest.mark.parametrize(
    ("rule", "before", "after"),
    [
        (drop_title, [TITLE, P1], [P1]),
        (drop_title, [f"{TITLE}!", P1], [P1]),
        (drop_title, [P1, P2], [P1, P2]),
        (drop_title, [f"{TITLE} by a long byline and the whole first paragraph: {P1}"], None),
        (drop_related_blocks, [P1, "Related:", "- Bus drivers strike", "- Tram opens", P2], [P1, P2]),
        (drop_related_blocks, [P1, "Officials quit over the levy [VIDEO]", P2], [P1, P2]),
        (drop_related_blocks, [P1, "READ MORE: Mayor defends levy", P2], [P1, P2]),
        (drop_related_blocks, [P1, "Why it matters", P2], [P1, "Why it matters", P2]),
        (drop_promos, [P1, "Sign up for our daily newsletter", P2], [P1, P2]),
        (drop_promos, [P1, "Follow us on Twitter and Facebook.", "Share", "© Reuters"], [P1]),
        (drop_promos, [P1, "Click here to download the full report."], None),
        (
            drop_closing_tail,
            [P1, P2, P3, "Anna Roe is a city hall reporter for the Daily Courier."],
            [P1, P2, P3],
        ),
        (drop_closing_tail, [P1, "Anna Roe is a city hall reporter for the Daily Courier.", P2, P3], None),
        (drop_closing_tail, [P1, P2, P3, "Northwind is a leading provider of ferry software."], [P1, P2, P3]),
        (drop_chrome_lines, [P1, "Updated at 1:23 p.m.", "By Anna Roe", P2], [P1, P2]),
        (drop_chrome_lines, [P1, "03/05/2021 - Published by: Anna Roe - Section: City", P2], [P1, P2]),
        (
            drop_chrome_lines,
            [P1, "10) Model tram, scale 1:24", "On March 3, the council voted again.", P2],
            None,
        ),
        (
            drop_chrome_lines,
            [P1, "Related: Tram line opens", "Sign up for the morning briefing!", P2],
            [P1, P2],
        ),
        (drop_chrome_lines, [P1, "Residents who subscribe to the alerts will hear first.", P2], None),
    ],
)
def test_cleaning_rules(rule: object, before: list[str], after: list[str] | None) -> None:
    meta = {"title": TITLE}
    assert callable(rule)
    assert rule(before, meta) == (before if after is None else after)


def test_rule_that_would_empty_the_body_is_skipped() -> None:
    assert clean_paragraphs([TITLE], {"title": TITLE}) == [TITLE]


def test_lines_dropped_by_a_rule_say_which() -> None:
    call = "Join our reader panel and help us choose what to cover next year."
    bio = "Anna Roe is a city hall reporter for the Daily Courier."
    body = "".join(f"<p>{p}</p>" for p in (P1, P2, call, P3, P4, bio))
    ex = extract_html(f"<html>{HEAD}<body><article><h1>{TITLE}</h1>{body}</article></body></html>")
    assert ex.text.split("\n\n") == [P1, P2, P3, P4]
    reasons = {r.text: r.reason for r in ex.removed}
    assert reasons[TITLE] == "html-title"
    assert reasons[call] == "html-call-to-action"
    assert reasons[bio] == "html-author-bio"
