"""Tests for the text-dump boilerplate remover (clean/textdump.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean.textdump import (
    DumpParams,
    classify,
    count_words,
    extract_labelled,
    extract_text_dump,
    label_lines,
)
from storyline.clean.textdump_lists import is_table_row, numbered_runs
from storyline.clean.textdump_rules import chrome_reason, is_teaser_join
from storyline.clean.textdump_tail import closing_tail
from storyline.model import Extraction

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "kazakhstan-reforms"

P1 = (
    "The city council voted on Tuesday to extend the night bus network to the three outer districts, "
    "ending a dispute that has lasted almost two years."
)
P2 = (
    "Council members said the new routes would start running in March and would cost about four million "
    "a year, paid for by a small rise in parking fees in the centre."
)
P3 = (
    "Residents of the outer districts had complained that the last bus left before most restaurant and "
    "hospital shifts ended, leaving workers to walk or pay for taxis."
)
P4 = "The transport office will publish the new timetables next month."

NAV = "\n".join(["* Home", "* News", "* Sport", "* Weather", "* Culture", "* Contact"])


def page(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


def removed_reasons(ex: Extraction) -> dict[str, str]:
    return {r.text: r.reason for r in ex.removed}


def paragraphs(ex: Extraction) -> list[str]:
    return ex.text.split("\n\n") if ex.text else []


# --- line rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("We use cookies to improve your experience on our site.", "cookie-notice"),
        ("By continuing to browse you accept the use of cookies. Learn more", "cookie-notice"),
        ("Your email address will not be published. Required fields are marked *", "comment-form"),
        ("Sign up for our weekly newsletter", "newsletter"),
        ("© 2021 Example Media. All rights reserved.", "copyright"),
        ("usd/eur 0.91 gbp/eur 1.16", "ticker"),
        ("+44 20 7946 0958", "phone"),
        ("The harbour at dawn. Photo credit: city press office", "caption"),
        ("Image: Jane Roe / Example Agency", "caption"),
        ("Share", "navigation"),
        ("Facebook Twitter Whatsapp", "share"),
        ("12", "counter"),
        ("Get the Example News app", "app-promo"),
        ("• ру қз 中文 en", "language-switcher"),
        ("By Jane Roe, March 3, 2021 09:15", "byline"),
        ("There were 1,024 stories posted in the last 24 hours", "site-stats"),
        ("Get breaking transport news and timetable changes every morning!", "call-to-action"),
        ("Night bus fans, rejoice. Follow her on the social network of your choice.", "call-to-action"),
        ("Have a tip? Write to the desk at the address below.", "call-to-action"),
        ("Join our reader panel and help us choose what to cover next year.", "call-to-action"),
        ("Related: Bridge repairs to close the ring road", "related-link"),
        ("A driver checks the new route map at the depot. Jane Roe / AP file", "caption"),
        ("Buses wait at the terminal on Monday, March 1, 2021. (AFP)", "caption"),
        ("Image caption The new night bus leaves the depot", "caption"),
        ("Harbour ferries will run all night The service, announced on Monday, starts in May", "teaser"),
        ("Media caption The mayor explains the new routes", "caption"),
        ("READ MORE: Mayor defends the parking levy", "related-link"),
    ],
)
def test_chrome_reason(line: str, reason: str) -> None:
    assert chrome_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        P1,
        "The mayor said the plan was fair.",
        "- We will not raise fares this year. We promised that, and we keep our promises.",
        "Cookies, cakes and bread were sold at the market on Saturday, the organisers said.",
        "Residents who subscribe to the council's text alerts will be told when a bus is late.",
        "Drivers were told to follow the new routes and to share the timetable with passengers.",
        '"Join us on the picket line," the union leader told the crowd on Monday.',
        "She said passengers could sign up for the trial at any library in the three districts.",
        "Related questions were raised by the opposition at Monday's meeting.",
        "The union's statement was sent to Reuters and AP.",
        "Image quality on the new timetable screens was poor, passengers said.",
        "The driver said he had read the novel The Road twice during the long night shifts.",
    ],
)
def test_prose_is_not_chrome(line: str) -> None:
    assert chrome_reason(line) is None
    assert classify(line).kind == "good"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Related news", "end"),
        ("Leave a Reply", "end"),
        ("You just read:", "end"),
        ("Most read", "end"),
        ("You may also like...", "end"),
        ("Читайте также", "end"),
        ("New routes", "short"),
        ("* Sport", "short"),
        ("Photo: A. Person", "chrome"),
    ],
)
def test_classify_kinds(line: str, kind: str) -> None:
    assert classify(line).kind == kind


def test_count_words_handles_unspaced_scripts() -> None:
    assert count_words("two words") == 2
    assert count_words("東京都は新しい計画を発表した") >= 6


# --- whole pages --------------------------------------------------------------------------


def test_menu_title_date_body_and_related_list() -> None:
    text = page(
        NAV,
        "Home > City > Transport",
        "Night buses to reach outer districts",
        "3 March 2021, 09:15",
        P1,
        P2,
        P3,
        "Related news",
        "* Bridge repairs to close the ring road in April\n* New cycle lanes open on the river bank",
        "Popular\n1 Ten places to eat near the station\n2 Weather: snow expected",
    )
    ex = extract_text_dump(text)
    assert paragraphs(ex) == [P1, P2, P3]
    reasons = removed_reasons(ex)
    assert reasons["* Home"] == "navigation"
    assert reasons["* Culture"] == "link-list"
    assert reasons["Home > City > Transport"] == "breadcrumb"
    assert reasons["3 March 2021, 09:15"] == "date"
    assert reasons["Related news"] == "end-marker"
    assert reasons["Popular"] == "end-marker"
    assert ex.meta["title"] == "Night buses to reach outer districts"
    assert reasons["Night buses to reach outer districts"] == "title"
    assert ex.header[-2:] == ["Night buses to reach outer districts", "3 March 2021, 09:15"]
    assert ex.header[0] == "* Home"
    assert "Related news" not in ex.header


def test_removed_lines_are_in_page_order_with_offsets() -> None:
    text = page(
        "Night buses to reach outer districts",
        P1,
        "The depot at the ring road. Photo: city press office",
        P2,
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    )
    ex = extract_text_dump(text)
    assert paragraphs(ex) == [P1, P2]
    texts = [r.text for r in ex.removed]
    assert texts == [
        "Night buses to reach outer districts",
        "The depot at the ring road. Photo: city press office",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ]
    title, caption, reply, notice = ex.removed
    assert title.at == 0
    assert caption.reason == "caption"
    assert ex.text[caption.at :].startswith(P2)
    assert reply.at == notice.at == len(ex.text)
    assert notice.reason == "comment-form"


def test_short_subhead_between_paragraphs_is_kept() -> None:
    text = page("Night buses to reach outer districts", P1, P2, "What changes in March", P3, P4)
    ex = extract_text_dump(text)
    assert paragraphs(ex) == [P1, P2, "What changes in March", P3, P4]


def test_short_body_paragraph_between_long_ones_is_kept() -> None:
    short = "Nobody objected."
    ex = extract_text_dump(page("Night buses", P1, short, P2, P3))
    assert short in paragraphs(ex)


def test_dash_speech_is_body() -> None:
    speech = "- We listened to the night workers. They asked for buses, and now they will have them."
    text = page("Night buses to reach outer districts", P1, speech, P2, "- Fine, the mayor said.", P3)
    ex = extract_text_dump(text)
    assert speech in paragraphs(ex)
    assert "- Fine, the mayor said." in paragraphs(ex)


def test_ticker_weather_phone_and_language_switcher_before_body() -> None:
    text = page(
        "Currency rates:\nusd/eur 0.91 gbp/eur 1.16",
        "Weather:\nLisbon +18℃",
        "+351 21 000 0000",
        "• pt en 中文 ру",
        "Night buses to reach outer districts",
        P1,
        P2,
        P3,
    )
    ex = extract_text_dump(text)
    assert paragraphs(ex) == [P1, P2, P3]
    reasons = removed_reasons(ex)
    assert reasons["usd/eur 0.91 gbp/eur 1.16"] == "ticker"
    assert reasons["Lisbon +18℃"] == "ticker"
    assert reasons["+351 21 000 0000"] == "phone"
    assert reasons["• pt en 中文 ру"] == "language-switcher"
    assert all(r.at == 0 for r in ex.removed)
    assert ex.meta["title"] == "Night buses to reach outer districts"


def test_cookie_banner_and_wire_chrome_after_body() -> None:
    promo = (
        "Our newsroom checks every release before it is published, and readers can report any content "
        "they believe is misleading so that our editors can review it quickly."
    )
    text = page(
        "Night buses to reach outer districts",
        P1,
        P2,
        "You just read:",
        "Night buses to reach outer districts",
        "Distribution channels:",
        promo,
        "We use cookies for analytics and ads. By continuing to browse this site, you agree to this use.",
    )
    ex = extract_text_dump(text)
    assert paragraphs(ex) == [P1, P2]
    reasons = removed_reasons(ex)
    assert reasons[promo] == "after-body"
    assert reasons["You just read:"] == "end-marker"
    assert all(r.at == len(ex.text) for r in ex.removed[1:])


def test_title_and_deck_title_is_the_first() -> None:
    deck = "The council approved three new night routes after two years of complaints from outer districts"
    ex = extract_text_dump(page("Night buses to reach outer districts", deck, P1, P2))
    assert ex.meta["title"] == "Night buses to reach outer districts"
    assert ex.header == ["Night buses to reach outer districts", deck]
    assert ex.text.startswith(P1)


def test_all_chrome_page_gives_empty_text() -> None:
    text = page(NAV, "Search", "We use cookies to improve your experience.", "© 2021 Example Media")
    ex = extract_text_dump(text)
    assert ex.text == ""
    assert len(ex.removed) == 9
    assert all(r.at == 0 for r in ex.removed)


def test_empty_input() -> None:
    ex = extract_text_dump("")
    assert ex.text == "" and ex.removed == [] and ex.header == [] and ex.meta == {}


def test_whitespace_is_normalised() -> None:
    ex = extract_text_dump("   " + P1.replace(" ", "  ", 3) + "   \n\n\t" + P2 + "\n")
    assert paragraphs(ex) == [P1, P2]


def test_large_dump_is_fast() -> None:
    import time

    block = page(NAV, "Night buses", P1, P2, "Related news", "* One\n* Two")
    text = block * (2_000_000 // len(block))
    started = time.perf_counter()
    extract_text_dump(text)
    assert time.perf_counter() - started < 3.0


# --- teasers, tables, numbered lists, press-release tails -------------------------------

TEASERS = [
    "Ten Quiet Beaches Worth The Long DriveSummer crowds skip these coves, and locals would like to keep it so.",
    "Is The Old Ferry Line Coming Back?Transport officials met on Monday to discuss a summer timetable.",
    "City Bakery Wins Regional Bread AwardThe family business has baked on the same corner since 1952.",
]


@pytest.mark.parametrize(
    ("line", "teaser"),
    [
        *[(t, True) for t in TEASERS],
        ("The company released a new version of PowerPoint on Tuesday, its first in two years.", False),
        ("— Jane Roe (@JaneRoe) March 3, 2021", False),
        ("Q: How did the MacArthur fellowship change your research plans?", False),
        ("A: Mostly Harbour Books, Quay Coffee and ParkMobile", False),
    ],
)
def test_teaser_join(line: str, teaser: bool) -> None:
    assert is_teaser_join(line) is teaser


def test_teaser_list_does_not_win_over_a_short_article() -> None:
    text = page("Latest Headlines", *TEASERS, "Night buses to reach outer districts", P1, P2)
    ex = extract_text_dump(text)
    assert paragraphs(ex) == [P1, P2]
    assert all(removed_reasons(ex)[t] == "teaser" for t in TEASERS)


@pytest.mark.parametrize(
    ("line", "row"),
    [
        ("3 Ann Example 5033 4 6 15 26", True),
        ("Harbour Rovers 12 8 3 1 27", True),
        ("2nd stage: 8 April – Northport", True),
        ("3 March 2021, 09:15", True),  # shape only: classify() lets a date win
        ("The council met 3 times", False),
        ("Home News Sport", False),
    ],
)
def test_is_table_row(line: str, row: bool) -> None:
    assert is_table_row(line) is row


def test_numbered_runs_need_an_ordered_sequence() -> None:
    texts = ["1) Tents", "link", "2) Stoves", "3) Lamps", "Popular", "7 Ten places", "9 Weather"]
    assert numbered_runs(texts) == [True, False, True, True, False, False, False]


def test_results_table_inside_body_is_kept() -> None:
    rows = [f"{n} Team {chr(64 + n)} {40 - n} {n} {10 - n}" for n in range(1, 10)]
    text = page(NAV, "League table after round ten", P1, *rows, P2, "Related news", "* Bridge repairs")
    ex = extract_text_dump(text)
    assert paragraphs(ex) == [P1, *rows, P2]
    assert removed_reasons(ex)["* Sport"] == "link-list"


def test_numbered_list_closing_an_article_is_kept() -> None:
    names = ["Head lamps with a spare battery", "Flasks that keep tea hot", "Coats with reflective strips"]
    items = [f"{n}) {name} for the walk home" for n, name in enumerate(names, 1)]
    text = page("Night buses", P1, P2, *items, "© 2021 Example Media")
    ex = extract_text_dump(text)
    assert paragraphs(ex) == [P1, P2, *items]


ABOUT = [
    "Northwind Systems is a leading provider of ticketing software for public transport operators.",
    "Northwind is headquartered in Porto and employs around 400 people in six countries.",
]


BIO = "Jane Roe (@janeroe) is a senior transport reporter for Example News."


@pytest.mark.parametrize(
    ("paras", "reasons"),
    [
        ([P1, P2, P3, *ABOUT], ["about-company"] * 2),
        ([P1, P2, P3, ABOUT[1]], ["about-company"]),
        ([P1, P2, P3], []),
        ([P1, *ABOUT], ["about-company"]),
        ([P1, ABOUT[0]], []),  # never most of the body
        ([P1, P2, P3, BIO], ["author-bio"]),
        ([P1, P2, P3, P4, ABOUT[1], BIO], ["author-bio", "about-company"]),
        ([P1, P2, P3, "The driver is a former reporter, the union said."], []),  # not a bio: no name opens it
    ],
)
def test_closing_tail(paras: list[str], reasons: list[str]) -> None:
    assert closing_tail(paras) == reasons


def test_writer_bio_is_trimmed_only_at_the_end() -> None:
    inside = "Jane Roe is a reporter for the local paper, which first reported the fare rise in May."
    ex = extract_text_dump(page("Night buses", P1, inside, P2, P3, BIO))
    assert paragraphs(ex) == [P1, inside, P2, P3]
    assert removed_reasons(ex)[BIO] == "author-bio"


def test_press_release_about_paragraphs_are_removed() -> None:
    ex = extract_text_dump(page("Night buses to reach outer districts", P1, P2, P3, *ABOUT))
    assert paragraphs(ex) == [P1, P2, P3]
    assert all(removed_reasons(ex)[a] == "about-company" for a in ABOUT)


@pytest.mark.parametrize(
    ("line", "kind", "reason"),
    [
        ("Updated at 1:23 p.m.", "chrome", "date"),
        ("Published: Monday, March 3rd, 2021 at 11:08 a.m.", "chrome", "date"),
        ("Sobre Ana Exemplo", "end", "end-marker"),
        ("Über Max Beispiel", "end", "end-marker"),
        ("Updated plans were presented to the council on Monday, the mayor said.", "good", ""),
        ("By Jane Roe | Example Media for example.com, the city desk", "short", "byline"),
        ("Night buses | Example Media", "short", "short-line"),
    ],
)
def test_stamps_and_localised_about_markers(line: str, kind: str, reason: str) -> None:
    line_ = classify(line)
    assert (line_.kind, line_.reason) == (kind, reason)


def test_repeated_lines_are_classified_alike_but_marked_apart() -> None:
    ex = extract_text_dump(page(NAV, P1, P2, NAV, P3))
    reasons = [r.reason for r in ex.removed]
    assert reasons[:6] == reasons[6:12] and reasons.count("navigation") == 6


@pytest.mark.parametrize(
    ("box", "crossed"),
    [
        (["Related news", "* Bridge repairs to close the ring road"], True),
        (["Related", "* Bridge repairs to close the ring road", "* New cycle lanes open"], True),
        (["Related news", "Bridge repairs to close the ring road", "Most read"], False),
        (["Related news", "* One", "* Two", "* Three", "* Four"], False),
    ],
)
def test_body_continues_past_a_short_related_box(box: list[str], crossed: bool) -> None:
    ex = extract_text_dump(page("Night buses", P1, P2, *box, P3, "© 2021 Example Media"))
    assert paragraphs(ex) == ([P1, P2, P3] if crossed else [P1, P2])


@pytest.mark.parametrize(
    ("box", "crossed"),
    [
        (["Related news", "* Bridge repairs to close the ring road", "* New cycle lanes open"], True),
        (["Related news", "* One", "* Two", "* Three", "* Four"], False),
        (["Weather", "Sport", "Culture"], False),
    ],
)
def test_body_starts_before_a_related_box_in_its_opening(box: list[str], crossed: bool) -> None:
    ex = extract_text_dump(page("Night buses", "By Jane Roe", "Published: March 3, 2021", P1, *box, P2, P3))
    assert paragraphs(ex)[0] == (P1 if crossed else P2)


# A caption shown under the thumbnail and again in the viewer.
GALLERY = [
    "The night bus depot at dawn, before the first shift left.",
    "Photo: Jane Roe / Example Agency",
    "The night bus depot at dawn, before the first shift left.",
    "*",
    "*",
    "Image 1 of 3",
    "A driver checks the new route map.",
    "Photo: Jane Roe / Example Agency",
    "Close",
    "1 / 3",
    "Back to gallery",
]


P5 = (
    "Drivers' representatives welcomed the decision but asked for more staff at the depots, saying the "
    "current rota already relied on overtime at weekends."
)


def test_body_continues_across_a_photo_gallery() -> None:
    ex = extract_text_dump(page("Night buses", P1, P2, *GALLERY, P3, P5, "© 2021 Example Media"))
    assert paragraphs(ex) == [P1, P2, P3, P5]
    assert removed_reasons(ex)["A driver checks the new route map."] == "caption"


def test_one_teaser_after_a_gallery_does_not_join_the_body() -> None:
    ex = extract_text_dump(page("Night buses", P1, P2, P3, *GALLERY, P5, "Most read", "* Other story"))
    assert P5 not in paragraphs(ex)


def test_labels_without_captions_are_not_a_gallery() -> None:
    labels = ["Image 1 of 3", "Close", "1 / 3", "Back to gallery", "*"]
    ex = extract_text_dump(page("Night buses", P1, P2, *labels, *labels, P3, P5))
    assert P1 not in paragraphs(ex) or P3 not in paragraphs(ex)


# --- the seed pages -----------------------------------------------------------------------


def seed(prefix: str) -> Extraction:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return extract_text_dump(path.read_text(encoding="utf-8"))


def test_seed_000_comment_form_removed() -> None:
    ex = seed("000")
    paras = paragraphs(ex)
    assert len(paras) == 7
    assert paras[0].startswith("The United States supports the reforms carried out by the President")
    assert paras[-1].startswith("Last week, Tokayev took part in the St. Petersburg International")
    assert ex.meta["title"] == "The State Department praised Tokayev and promised help in “democratization”"
    assert "Leave a Reply" not in ex.text
    assert "Your email address" not in ex.text
    assert ex.header[0] == ex.meta["title"]


def test_seed_001_agency_page() -> None:
    ex = seed("001")
    paras = paragraphs(ex)
    assert len(paras) == 4
    assert paras[0].startswith("NUR-SULTAN. KAZINFORM «The United States")
    assert paras[-1].endswith("April 11, 2022 in Nur-Sultan.")
    for chrome in ("Author:", "Temirgaliyeva Arailym", "Related news", "Popular", "usd/kzt", "Main Page"):
        assert chrome not in ex.text
    assert "Brazil has 49 cases" not in ex.text
    assert "20 June 2022, 13:56" in ex.header
    assert "date 2022-06-20 Go to the main site" in ex.header
    assert ex.meta["title"].startswith("U.S. welcomes Kazakhstan’s constitutional referendum")
    reasons = removed_reasons(ex)
    assert reasons["usd/kzt 450.16 eur/kzt 486.31"] == "ticker"
    assert reasons["Diplomacy"] == "breadcrumb"


def test_seed_002_caption_removed() -> None:
    ex = seed("002")
    paras = paragraphs(ex)
    assert len(paras) == 10
    assert paras[0].startswith("The United States supports President Tokayev’s political reforms agenda")
    assert "Photo credit" not in ex.text
    caption = next(r for r in ex.removed if "Photo credit" in r.text)
    assert caption.reason == "caption"
    assert ex.text[caption.at :].startswith("During her visit to Kazakhstan")


def test_seed_003_press_wire_chrome() -> None:
    ex = seed("003")
    paras = paragraphs(ex)
    assert len(paras) == 3
    assert paras[0].startswith("Following the November 20 presidential elections")
    assert paras[2].startswith("The United States supports the wide-ranging reforms")
    for chrome in ("You just read", "Distribution channels", "source transparency", "We use cookies", "App"):
        assert chrome not in ex.text
    assert "press releases posted" not in ex.text
    assert ex.meta["title"] == "Presidential Election in Kazakhstan"


def test_seed_004_dash_speech_kept_cookies_removed() -> None:
    ex = seed("004")
    paras = paragraphs(ex)
    assert len(paras) == 9
    assert [p[:2] for p in paras].count("- ") == 3
    assert "- We have clear guidelines." in ex.text
    assert "The public reaction to these statements by the president has been mixed." in paras
    assert "cookies" not in ex.text.lower()
    assert ex.meta["title"] == "Everything is decided by Nazarbayev"


PULL = "The last bus now leaves an hour after the hospital's night shift ends."


def test_pulled_quote_keeps_its_copy_inside_the_prose() -> None:
    ex = extract_text_dump(
        page("Night buses", P1, PULL, P2, "Photo: Jane Roe / Example Agency", PULL, P3, P5)
    )
    assert paragraphs(ex) == [P1, PULL, P2, P3, P5]
    assert [r.reason for r in ex.removed if r.text == PULL] == ["repeated"]


def test_caption_shown_twice_outside_the_prose_is_dropped_twice() -> None:
    caption = "The night bus depot at dawn, before the first shift left."
    ex = extract_text_dump(page("Night buses", caption, "Photo: Jane Roe", P1, P2, caption, "Close", P3, P5))
    assert caption not in paragraphs(ex)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('&lt;span data-mce-type="bookmark" style="display: none;"&gt;', "markup"),
        ('<div class="promo">Night buses</div>', "markup"),
        ("The fare rose by <5% and the route grew by 2 > 1 stops, the council said.", None),
        # A sentence with a tag inside it is still the article's prose (shown escaped).
        (
            'The depot reopened on Monday, <a href="https://example.org/x">the transit board said</a>, '
            "after a month of repairs to its roof.",
            None,
        ),
        ('<p class="x"><img src="y.jpg" alt=""></p> Night buses', "markup"),
    ],
)
def test_markup_is_chrome(line: str, reason: str | None) -> None:
    assert chrome_reason(line) == reason


def test_labelled_lines_are_reused_unchanged_across_parameters() -> None:
    text = page("Night buses", P1, P2, *GALLERY, P3, P5, "Related news", "* Other story")
    labelled = label_lines(text)
    before = [(x.kind, x.reason) for x in labelled]
    for params in (DumpParams(), DumpParams(end_weight=-30.0, max_run=4)):
        assert extract_labelled(labelled, params) == extract_text_dump(text, params)
    assert [(x.kind, x.reason) for x in labelled] == before
