from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean.metadata import headline, infer_metadata
from storyline.model import Extraction, PageMeta, RawDocument, RemovedLine

BODY_EN = (
    "The finance ministry said on Tuesday that inflation slowed for a third month in a row, "
    "easing pressure on the central bank.\n\nAnalysts expect rates to stay on hold."
)


def make(
    *,
    text: str = BODY_EN,
    header: list[str] | None = None,
    footer: list[str] | None = None,
    meta: dict[str, str] | None = None,
    hints: dict[str, str] | None = None,
    url: str | None = None,
    content: str | None = None,
) -> PageMeta:
    """Metadata of a hand-built page: header lines, body, footer lines."""
    header = header or []
    removed = [RemovedLine(text=line, at=0, reason="header") for line in header]
    removed += [RemovedLine(text=line, at=len(text), reason="footer") for line in footer or []]
    doc = RawDocument(
        source="test.txt",
        kind="text",
        content=content if content is not None else "\n".join([*header, text, *(footer or [])]),
        url=url,
        hints=hints or {},
    )
    return infer_metadata(doc, Extraction(text=text, removed=removed, header=header, meta=meta or {}))


# --- title ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"hints": {"title": "Hint title"}, "meta": {"title": "Meta title"}}, "Hint title"),
        ({"meta": {"title": "Meta title"}, "header": ["Header headline goes here"]}, "Meta title"),
        (
            {"header": ["Home > World > Europe", "Inflation slows for a third month", "4 May 2021, 10:12"]},
            "Inflation slows for a third month",
        ),
        (
            {"header": ["Inflation slows for a third month", "By Helena Marsh", "Share this:"]},
            "Inflation slows for a third month",
        ),
        (
            {
                "header": [
                    "Inflation slows for a third month",
                    "The central bank is expected to keep rates on hold as price growth eases across the region",
                ]
            },
            "Inflation slows for a third month",
        ),
        (
            {"header": ["There were 1,204 stories posted today.", "Inflation slows for a third month"]},
            "Inflation slows for a third month",
        ),
        ({"content": "Inflation slows for a third month\n\n" + BODY_EN}, "Inflation slows for a third month"),
        (
            {"meta": {"title": "Inflation slows | Daily Courier", "sitename": "Daily Courier"}},
            "Inflation slows",
        ),
        (
            {"meta": {"title": "Inflation slows - Courier"}, "url": "https://www.courier.net/x"},
            "Inflation slows",
        ),
    ],
)
def test_title(kwargs: dict[str, object], expected: str) -> None:
    assert make(**kwargs).title == expected  # type: ignore[arg-type]


def test_headline_none_when_header_is_chrome() -> None:
    chrome = ["Menu", "EN RU DE FR", "+1 555 0100 200", "Currency rates:", "Home Latest News Search"]
    assert headline(chrome) is None


def test_headline_may_open_with_a_menu_word() -> None:
    assert headline(["News agencies report record demand"]) == "News agencies report record demand"


# --- outlet ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {
                "hints": {"outlet": "Hinted Outlet"},
                "meta": {"sitename": "Site Name"},
                "text": "OSLO (Wirewide) - " + BODY_EN,
                "url": "https://example.org/x",
            },
            ("Hinted Outlet", "hint"),
        ),
        (
            {"meta": {"sitename": "Site Name"}, "text": "OSLO (Wirewide) - " + BODY_EN},
            ("Site Name", "site"),
        ),
        (
            {"text": "OSLO (Wirewide) - " + BODY_EN, "footer": ["Acme Newswire™", "Acme Newswire"]},
            ("Wirewide", "agency"),
        ),
        (
            {"text": "TALLINN. BALTNEWS - " + BODY_EN, "url": "https://example.org/x"},
            ("Baltnews", "agency"),
        ),
        (
            {"footer": ["Acme Newswire™", "Get the Acme Newswire app"], "url": "https://example.org/x"},
            ("Acme Newswire", "wire"),
        ),
        ({"url": "https://www.example.org/news/x"}, ("example.org", "url")),
        ({}, (None, None)),
    ],
)
def test_outlet_precedence(kwargs: dict[str, object], expected: tuple[str | None, str | None]) -> None:
    result = make(**kwargs)  # type: ignore[arg-type]
    assert (result.outlet, result.outlet_how) == expected


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("TALLINN. BALTNEWS - ", "TALLINN"),
        ("OSLO (Wirewide) - ", "OSLO"),
        ("NEW YORK, June 5 (XYZ) — ", "NEW YORK"),
        ("(Wirewide) — ", None),
        ("BREAKING — ", None),
        ("", None),
    ],
)
def test_dateline(opening: str, expected: str | None) -> None:
    assert make(text=opening + BODY_EN).dateline == expected


# --- author ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"hints": {"author": "Hint Person"}, "meta": {"author": "Meta Person"}}, "Hint Person"),
        ({"meta": {"author": "Meta Person"}, "header": ["By Header Person"]}, "Meta Person"),
        ({"header": ["Inflation slows for a third month", "By Helena Marsh"]}, "Helena Marsh"),
        ({"footer": ["Author:", "Dana Kowalczyk"]}, "Dana Kowalczyk"),
        ({"text": BODY_EN + "\n\n(Reporting by Ines Baptista; Editing by Carl Weber)"}, "Ines Baptista"),
        ({"header": ["By 4 May 2021"]}, None),
    ],
)
def test_author(kwargs: dict[str, object], expected: str | None) -> None:
    assert make(**kwargs).author == expected  # type: ignore[arg-type]


# --- language ----------------------------------------------------------------------


def test_language_hint_wins_and_is_normalised() -> None:
    assert make(hints={"language": "de-DE"}).language == "de"


def test_language_detected_from_body() -> None:
    assert make().language == "en"
    german = "Das Finanzministerium teilte am Dienstag mit, dass sich die Inflation verlangsamt habe."
    assert make(text=german).language == "de"


def test_short_body_has_no_language() -> None:
    assert make(text="Too short.").language is None


# --- publication date --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"hints": {"date": "2021-05-04"}, "meta": {"date": "2021-05-01"}}, ("2021-05-04", "day", "page")),
        ({"meta": {"date": "2021-05-01T08:00:00Z"}}, ("2021-05-01", "day", "page")),
        ({"meta": {"date": "May 2021"}}, ("2021-05-01", "month", "page")),
        ({"header": ["Inflation slows", "4 May 2021, 10:12"]}, ("2021-05-04", "day", "page")),
        ({"header": [" date 2021-05-04 Back to the front page"]}, ("2021-05-04", "day", "page")),
        ({"header": ["Updated: 06.05.2021", "Published: 04.05.2021"]}, ("2021-05-04", "day", "page")),
        ({"footer": ["Published: May 4, 2021 11:03 PM"]}, ("2021-05-04", "day", "page")),
        # A bare stamp below the body may belong to a related story: not ours.
        ({"footer": ["6 May 2021", "Other headline"]}, (None, None, "none")),
        ({"text": "PARIS, May 4, 2021 (Newsline) - " + BODY_EN}, ("2021-05-04", "day", "byline")),
        ({"text": "PARIS, May 4 (Newsline) - " + BODY_EN}, (None, None, "none")),
        ({"text": "May 4, 2021 — " + BODY_EN}, ("2021-05-04", "day", "byline")),
        ({"text": "04.05.2021, 10:15 - " + BODY_EN}, ("2021-05-04", "day", "byline")),
        ({"text": "The court ruled on May 4, 2021 - " + BODY_EN}, (None, None, "none")),
        ({"url": "https://example.org/2021/05/04/story"}, ("2021-05-04", "day", "url")),
        ({"url": "https://example.org/2021/05/story"}, ("2021-05-01", "month", "url")),
        (
            {"header": ["4 May 2021"], "url": "https://example.org/2020/01/01/story"},
            ("2021-05-04", "day", "page"),
        ),
        # Future relative to the crawl date: rejected.
        ({"hints": {"date": "2021-05-04", "crawled": "2021-01-01"}}, (None, None, "none")),
        ({"header": ["Published: 04.05.2021"], "hints": {"crawled": "2021-01-01"}}, (None, None, "none")),
        ({"meta": {"date": "1985-05-04"}}, (None, None, "none")),
    ],
)
def test_published(kwargs: dict[str, object], expected: tuple[str | None, str | None, str]) -> None:
    result = make(**kwargs)  # type: ignore[arg-type]
    assert (result.published, result.published_precision, result.published_how) == expected
    if result.published:
        assert result.published_window is None


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"text": "A deal was signed in 2018 and revised in March 2020. " + BODY_EN}, ("2020-03-01", None)),
        (
            {"text": "A deal was signed in 2018. " + BODY_EN, "hints": {"crawled": "2022-02-02"}},
            ("2018-01-01", "2022-02-02"),
        ),
        ({"hints": {"crawled": "2022-02-02"}}, (None, "2022-02-02")),
        ({"text": "Elections are scheduled for 2031, and will be held on May 1, 2031. " + BODY_EN}, None),
        ({}, None),
    ],
)
def test_window_when_no_date(
    kwargs: dict[str, object], expected: tuple[str | None, str | None] | None
) -> None:
    result = make(**kwargs)  # type: ignore[arg-type]
    assert result.published is None
    assert result.published_how == "none"
    assert result.published_window == expected


# --- seeds -------------------------------------------------------------------------
# SEED TESTS WITH A CRUDE SPLIT, NOT THE TEXT-DUMP CLEANER: each seed is cut by hand at
# a known first and last body line so metadata rules can be checked on real pages
# before clean/textdump.py lands. Switch to extract_text_dump once it does.

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "kazakhstan-reforms"
SPLITS: dict[str, tuple[str, str | None]] = {
    "000": ("The United States supports the reforms", "Leave a Reply"),
    "001": ("NUR-SULTAN. KAZINFORM", "Author:"),
    "002": ("The United States supports President", None),
    "003": ("Following the November 20", "You just read:"),
    "004": ("While Kazakhstan's foreign partners", "We use cookies"),
}


def crude_seed_extraction(prefix: str) -> tuple[RawDocument, Extraction]:
    """Seed ``prefix`` split at hand-picked lines into header, body and footer."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    content = path.read_text(encoding="utf-8")
    first, after = SPLITS[prefix]
    lines = content.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(first))
    end = next(
        (i for i, line in enumerate(lines) if after and i > start and line.strip().startswith(after)),
        len(lines),
    )
    header = [line.strip() for line in lines[:start] if line.strip()]
    text = "\n\n".join(line.strip() for line in lines[start:end] if line.strip())
    removed = [RemovedLine(text=line, at=0, reason="header") for line in header]
    removed += [
        RemovedLine(text=line.strip(), at=len(text), reason="footer") for line in lines[end:] if line.strip()
    ]
    doc = RawDocument(source=str(path), kind="text", content=content)
    return doc, Extraction(text=text, removed=removed, header=header)


SEED_EXPECTED: dict[str, dict[str, object]] = {
    "000": {
        "title": "The State Department praised Tokayev and promised help in “democratization”",
        "published": None,
        "published_window": None,  # "June 5" has no year: no bound
    },
    "001": {
        "title": "U.S. welcomes Kazakhstan’s constitutional referendum as next step in political modernization",
        "published": "2022-06-20",
        "published_precision": "day",
        "published_how": "page",
        "dateline": "NUR-SULTAN",
        "outlet": "Kazinform",
        "outlet_how": "agency",
        "author": "Temirgaliyeva Arailym",
    },
    "002": {
        "title": "US Ready to Partner With Kazakh Government on Implementation of Political Reforms, "
        "Senior Diplomat Says on Visit to Kazakhstan",
        "published": None,
        "published_window": None,
    },
    "003": {
        "title": "Presidential Election in Kazakhstan",
        "published": "2022-11-22",
        "published_how": "page",
        "outlet": "EIN Presswire",
        "outlet_how": "wire",
    },
    "004": {
        "title": "Everything is decided by Nazarbayev",
        "published": None,
        "published_how": "none",
        # "presidential elections in 2019" + "has been president for about two years"
        "published_window": ("2021-01-01", "2021-12-31"),
        "window_how": "tenure",
    },
}


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTED))
def test_seed_metadata_crude_split(prefix: str) -> None:
    result = infer_metadata(*crude_seed_extraction(prefix))
    for field, expected in SEED_EXPECTED[prefix].items():
        assert getattr(result, field) == expected, field
    assert result.language == "en"
