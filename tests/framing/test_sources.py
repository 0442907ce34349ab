from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline.errors import StorylineError
from storyline.framing.sources import (
    SOURCE_TYPES,
    BadOutletsFile,
    OutletTable,
    SourceType,
    infer_source_type,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "kazakhstan-reforms"

BLOG = (
    "Why the new bike lanes matter\n\n"
    "Last week the city council voted to extend the bike lanes downtown. We think it is a good idea, "
    "and our readers agree.\n"
)


def infer(
    text: str,
    *,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    author: str | None = None,
) -> SourceType:
    return infer_source_type(outlet=outlet, url=url, title=title, text=text, author=author)


def assert_span(result: SourceType, text: str) -> None:
    assert result.type in SOURCE_TYPES
    if result.start is not None:
        assert result.end is not None
        assert text[result.start : result.end] == result.evidence


# -- rule 1: the outlets table ------------------------------------------------------


@pytest.mark.parametrize(
    ("outlet", "url", "expected"),
    [
        ("Xinhua", None, "state"),
        ("XINHUA", None, "state"),
        ("RIA Novosti", None, "state"),
        ("РИА Новости", None, "state"),
        ("the associated press", None, "wire"),
        ("AP", None, "wire"),
        ("Agence France-Presse", None, "wire"),
        ("PR Newswire", None, "wire"),
        (None, "https://www.reuters.com/world/asia/story-2023-01-01/", "wire"),
        (None, "https://en.yna.co.kr/view/AEN2023", "state"),
        ("inform.kz", None, "state"),  # the cleaner's fallback: the host as the outlet name
        ("Some Local Gazette", "https://localgazette.example/news/1", None),
        (None, None, None),
    ],
)
def test_lookup_bundled(outlet: str | None, url: str | None, expected: str | None) -> None:
    assert OutletTable.load().lookup(outlet, url) == expected


def test_listed_outlet_points_at_its_name_in_the_text() -> None:
    text = "MINSK. BELTA - The government met on Monday to discuss the harvest."
    result = infer(text, outlet="BelTA")
    assert (result.type, result.how, result.evidence) == ("state", "known outlet list", "BELTA")
    assert_span(result, text)


def test_listed_by_domain_cites_the_host() -> None:
    result = infer("Markets rose on Monday.", url="https://www.bloomberg.com/news/articles/x")
    assert (result.type, result.evidence, result.start) == ("wire", "bloomberg.com", None)
    assert result.how.startswith("known outlet list")


# -- rule 2: a government's own statement, also when a wire carries it ------------------

STATE_DEPT_ON_PRN = (
    "WASHINGTON, Nov. 21, 2022 /PRNewswire/ -- The following is a statement by the U.S. Department of State:\n\n"
    "The United States congratulates the people of Freedonia on a peaceful vote.\n"
)
PRESS_STATEMENT = (
    "Press Statement\n"
    "Jane Q. Official, Secretary of State\n"
    "March 3, 2023\n\n"
    "The United States condemns the attack on the aid convoy near the border.\n"
)
EMBASSY_BYLINE = (
    "U.S. Embassy in Ruritania\n\n"
    "The Embassy is pleased to announce a new exchange program for university students.\n"
)
MINISTRY_LEAD = (
    "The Ministry of Foreign Affairs of the Republic of Ruritania has issued the following statement. "
    "Ruritania is deeply concerned by the escalation at sea.\n"
)
VOICE = (
    "Following the parliamentary vote, we look forward to continued cooperation with the new cabinet. "
    "The Government of Canada strongly condemns any attempt to intimidate journalists covering the vote, and our embassy "
    "stands ready to help.\n"
)


@pytest.mark.parametrize(
    ("text", "outlet", "how", "evidence"),
    [
        (
            STATE_DEPT_ON_PRN,
            "PR Newswire",
            "government statement on a wire (PR Newswire)",
            "The following is a statement by the U.S. Department of State",
        ),
        (
            PRESS_STATEMENT,
            "EIN Presswire",
            "government statement on a wire (EIN Presswire)",
            "Press Statement",
        ),
        (EMBASSY_BYLINE, None, "government statement", "U.S. Embassy in Ruritania"),
        (
            MINISTRY_LEAD,
            "Business Wire",
            "government statement on a wire (Business Wire)",
            "The Ministry of Foreign Affairs of the Republic of Ruritania has issued the following statement",
        ),
        (
            VOICE,
            "GlobeNewswire",
            "government statement on a wire (GlobeNewswire)",
            "The Government of Canada strongly condemns",
        ),
    ],
)
def test_government_statement(text: str, outlet: str | None, how: str, evidence: str) -> None:
    result = infer(text, outlet=outlet)
    assert (result.type, result.how, result.evidence) == ("government", how, evidence)
    assert result.start is not None
    assert_span(result, text)


def test_government_author_and_title() -> None:
    by_author = infer(
        "We welcome the agreement signed today.", outlet="PR Newswire", author="Office of the Spokesperson"
    )
    assert (by_author.type, by_author.evidence, by_author.start) == (
        "government",
        "Office of the Spokesperson",
        None,
    )
    title = "Readout of Secretary Doe’s Call with Foreign Minister Roe"
    by_title = infer("The two discussed trade and security.", title=title)
    assert (by_title.type, by_title.how, by_title.evidence) == ("government", "government statement", title)


@pytest.mark.parametrize(
    "text",
    [
        # reported, not spoken: a news story about a statement
        "The United States welcomes the vote, said a spokesperson, adding that we should wait for results.",
        # the state's words are only in quotation marks
        "“The United States welcomes the vote and we look forward to working with them,” she said.",
        # a corporate release on a wire
        "Acme welcomes Jo Smith as chief financial officer. We are delighted to have her on our team.",
        "The following is a statement by ACME Corp President and CEO Jo Smith on our quarterly results.",
        "Statement by the President of ACME Corp\n\nWe are proud of our team.",
        # a news headline that names a government body is not a byline
        "The State Department praised the reform\n\nOfficials said the vote was calm.",
    ],
)
def test_not_a_government_statement(text: str) -> None:
    assert infer(text, outlet="PR Newswire").type == "wire"


def test_state_media_relaying_a_ministry_stays_state() -> None:
    assert infer(PRESS_STATEMENT, outlet="TASS").type == "state"


# -- rule 3: government url domains -----------------------------------------------------


@pytest.mark.parametrize(
    ("url", "how"),
    [
        ("https://www.state.gov/secretary-statement/", "url domain .gov"),
        ("https://www.gov.uk/government/news/minister-visits", "url domain .gov.uk"),
        ("https://mfa.gov.kz/en/content-view/briefing", "url domain mfa.*"),
        ("https://www.mofa.go.jp/press/release/", "url domain mofa.*"),
        ("https://www.diplomatie.gouv.fr/en/news/", "url domain .gouv.fr"),
        ("https://www.gob.mx/sre/prensa/comunicado", "url domain .gob.mx"),
        ("https://www.defense.mil/News/Releases/", "url domain .mil"),
        ("https://www.mofa.go.kr/eng/brd/m_5674/view.do", "url domain mofa.*"),
        ("https://www.pmo.go.th/news", "url domain .go.th"),
        ("https://www.kremlin.ru/events/president/news/1", "known outlet list (domain kremlin.ru)"),
    ],
)
def test_government_domain(url: str, how: str) -> None:
    result = infer("The minister met her counterpart on Tuesday.", url=url)
    assert (result.type, result.how) == ("government", how)


@pytest.mark.parametrize(
    "url", ["https://governance.example.com/post", "https://go.com/news", "https://gov-watch.org/x"]
)
def test_not_a_government_domain(url: str) -> None:
    assert infer("Nothing here.", url=url).type == "unknown"


# -- rule 4: agency datelines -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "evidence"),
    [
        (
            "NEW YORK (Reuters) - Shares of carmakers fell on Tuesday after the report.",
            "wire",
            "NEW YORK (Reuters) -",
        ),
        (
            "BEIJING, June 5 (Xinhua) -- Chinese Premier met visiting delegates on Monday.",
            "state",
            "BEIJING, June 5 (Xinhua) --",
        ),
        ("ALMATY, Kazakhstan (AP) — Protesters gathered in the square.", "wire", "ALMATY, Kazakhstan (AP) —"),
        ("MOSCOW, June 20 /TASS/. The Russian side proposed new talks.", "state", "MOSCOW, June 20 /TASS/."),
        ("МОСКВА, 20 июн — РИА Новости. Стороны договорились.", "state", "МОСКВА, 20 июн — РИА Новости."),
        ("  PARIS (AFP) - Farmers blocked roads again.", "wire", "PARIS (AFP) -"),
    ],
)
def test_agency_dateline(text: str, expected: str, evidence: str) -> None:
    result = infer(text)
    assert (result.type, result.how, result.evidence) == (expected, "agency dateline", evidence)
    assert_span(result, text)


def test_unlisted_agency_is_not_guessed() -> None:
    result = infer("OSLO (Fjord Wire) - Ferries were cancelled.")
    assert result.type == "unknown"
    assert "Fjord Wire not in the outlets list" in result.how
    assert result.evidence == "OSLO (Fjord Wire) -"


# -- rule 5 -----------------------------------------------------------------------------


def test_unknown_blog() -> None:
    result = infer(BLOG, outlet="bikeblog.example", url="https://bikeblog.example/posts/lanes")
    assert result == SourceType(type="unknown", how="no signal")


# -- the outlets file -------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my-outlets.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_overrides_and_adds(tmp_path: Path) -> None:
    table = OutletTable.load(
        write(
            tmp_path,
            '[outlets."Kazinform"]\ntype = "independent"\n\n'
            '[outlets."Bike Blog"]\ntype = "independent"\ndomains = ["https://www.bikeblog.example/"]\n',
        )
    )
    assert table.lookup("KAZINFORM", None) == "independent"
    # keys the user did not set keep their bundled values
    assert table.lookup(None, "https://www.inform.kz/en/x") == "independent"
    assert table.lookup("Xinhua", None) == "state"
    result = infer_source_type(
        outlet=None, url="https://bikeblog.example/p", title=None, text=BLOG, table=table
    )
    assert (result.type, result.how) == ("independent", "outlets file (domain bikeblog.example)")


def test_user_alias_and_unknown_type(tmp_path: Path) -> None:
    table = OutletTable.load(
        write(
            tmp_path,
            '[outlets."Fjord Wire"]\ntype = "wire"\naliases = ["FW"]\n[outlets."RT"]\ntype = "unknown"\n',
        )
    )
    text = "OSLO (FW) - Ferries were cancelled."
    result = infer_source_type(outlet=None, url=None, title=None, text=text, table=table)
    assert (result.type, result.evidence) == ("wire", "OSLO (FW) -")
    assert table.lookup("RT", None) == "unknown"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[outlets."Kazinform"]\ntype = "state\n', "my-outlets.toml:2: not valid TOML"),
        (
            '[outlets."Kazinform"]\ntype = "statee"\n',
            "use one of: state, government, wire, independent, unknown",
        ),
        ('[outlets."Kazinform"]\ntype = "statee"\n', "my-outlets.toml:1: outlet 'Kazinform'"),
        ('[outlets."Kazinform"]\ndomains = ["inform.kz"]\n', "outlet 'Kazinform' has no type"),
        ('[outlets."Kazinform"]\ntype = "state"\ndomain = "inform.kz"\n', "unknown key 'domain'; valid keys"),
        ('[outlets."Kazinform"]\ntype = "state"\ndomains = "inform.kz"\n', "domains must be a list"),
        ('[outlets."Kazinform"]\ntype = "state"\ndomains = ["not a domain"]\n', "is not a domain"),
        ('[[outlets]]\nname = "Kazinform"\ntype = "state"\n', "'outlets' must be a table"),
        ('outlets = "Kazinform"\n', "'outlets' must be a table"),
        ('[outlets]\nKazinform = "state"\n', "my-outlets.toml:2: outlet 'Kazinform' must be a table"),
        ('[sources."Kazinform"]\ntype = "state"\n', "my-outlets.toml:1: unknown table 'sources'"),
    ],
)
def test_bad_file(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(BadOutletsFile) as caught:
        OutletTable.load(write(tmp_path, content))
    assert message in str(caught.value)
    assert "my-outlets.toml" in str(caught.value)
    assert isinstance(caught.value, StorylineError)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadOutletsFile, match=r"nowhere\.toml: cannot read the outlets file"):
        OutletTable.load(tmp_path / "nowhere.toml")


# -- the bundled example pages ------------------------------------------------------------

# Outlet names as they appear in the pages (the cleaner infers the same).
_OUTLET = re.compile(r"\b(Kazinform|EIN Presswire)\b", re.I)


@pytest.mark.parametrize(
    ("name", "expected", "evidence"),
    [
        ("000_dc11305e2718ead8.txt", "unknown", None),
        ("001_4a5e36f02301b73c.txt", "state", "KAZINFORM"),
        ("002_550c7dd6242a306b.txt", "unknown", None),
        ("003_435c404620b60ddc.txt", "government", "The United States also reiterates"),
        ("004_fc8f08250af012f4.txt", "unknown", None),
    ],
)
def test_example_pages(name: str, expected: str, evidence: str | None) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    found = _OUTLET.search(text)
    result = infer(text, outlet=found.group(1) if found else None)
    assert result.type == expected
    assert result.evidence == evidence
    if evidence is not None:
        assert result.start is not None
        assert result.end is not None
        assert text[result.start : result.end] == evidence


def test_state_voice_after_initials() -> None:
    text = "We met the delegation today. The U.S. strongly welcomes the ceasefire agreement.\n"
    result = infer(text, outlet="EIN Presswire")
    assert (result.type, result.evidence) == ("government", "The U.S. strongly welcomes")
    assert_span(result, text)
