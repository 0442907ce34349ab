from __future__ import annotations

import pytest

from storyline.clean.outlet import agency_name, parse_dateline, strip_site_name, url_outlet, wire_outlet


@pytest.mark.parametrize(
    ("body", "place", "agency", "date_text"),
    [
        ("ALMATY. NEWSAGENT - The ministry said on Monday ...", "ALMATY", "NEWSAGENT", None),
        ("BISHKEK. FASTNEWS «We welcome the decision,» the envoy said.", "BISHKEK", "FASTNEWS", None),
        ("ULAANBAATAR. MONTSAME The parliament voted ...", "ULAANBAATAR", "MONTSAME", None),
        ("CAIRO (Wirewide) - Egypt's central bank ...", "CAIRO", "Wirewide", None),
        ("BERLIN, March 3 (DPA) — Germany's cabinet ...", "BERLIN", "DPA", "March 3"),
        ("PARIS, Oct 7, 2021 (Newsline) - French unions ...", "PARIS", "Newsline", "Oct 7, 2021"),
        ("NEW YORK, 7 October (XYZ) – Stocks fell ...", "NEW YORK", "XYZ", "7 October"),
        ("TBILISI, Georgia (AB) — Protesters gathered ...", "TBILISI", "AB", None),
        ("(Newsline) — Oil prices rose on Tuesday ...", None, "Newsline", None),
        ("КИЕВ, 3 марта. /АГЕНТ/. Правительство утвердило ...", "КИЕВ", "АГЕНТ", "3 марта"),
        ("МИНСК, 3 мар — Агентство Новостей. Правительство ...", "МИНСК", "Агентство Новостей", "3 мар"),
        ("RIGA — Latvia's parliament on Thursday ...", "RIGA", None, None),
        ("SAN FRANCISCO, May 2 — A judge ruled ...", "SAN FRANCISCO", None, "May 2"),
    ],
)
def test_parse_dateline(body: str, place: str | None, agency: str | None, date_text: str | None) -> None:
    dateline = parse_dateline(body)
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.date_text) == (place, agency, date_text)


@pytest.mark.parametrize(
    "body",
    [
        "The government said on Monday that it would raise taxes.",
        "EU leaders met in Brussels - and disagreed.",
        "Officials in Paris (France) said nothing.",
        "",
    ],
)
def test_no_dateline_in_prose(body: str) -> None:
    assert parse_dateline(body) is None


@pytest.mark.parametrize(
    ("removed", "expected"),
    [
        (
            [
                "Acme Newswire's mission is accurate news.",
                "Follow Acme Newswire on social media",
                "Distributed by Acme Newswire™",
            ],
            "Acme Newswire",
        ),
        (["Source: Global PR Newswire", "Contact the Global PR Newswire desk"], "Global PR Newswire"),
        (["Mapleleaf Media™ delivers stories you trust."], "Mapleleaf Media"),
        (["© 2021 Harbour Daily Group. All rights reserved."], "Harbour Daily Group"),
        (["Copyright © 2019-2021 Harbour Daily. All rights reserved"], "Harbour Daily"),
        (["Subscribe to our newsletter", "Share this story"], None),
        ([], None),
    ],
)
def test_wire_outlet(removed: list[str], expected: str | None) -> None:
    assert wire_outlet(removed) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example-news.com/a/b", "example-news.com"),
        ("http://www2.Example.org/x", "example.org"),
        ("https://news.example.co.uk/x", "news.example.co.uk"),
        ("example.net/path", "example.net"),
        (None, None),
        ("", None),
    ],
)
def test_url_outlet(url: str | None, expected: str | None) -> None:
    assert url_outlet(url) == expected


@pytest.mark.parametrize(
    ("title", "outlet", "host", "expected"),
    [
        ("Parliament passes budget | Daily Courier", "Daily Courier", None, "Parliament passes budget"),
        ("Parliament passes budget - Daily Courier", "Daily Courier", None, "Parliament passes budget"),
        ("Parliament passes budget — DailyCourier.com", None, "dailycourier.com", "Parliament passes budget"),
        ("Parliament passes budget - Courier", None, "www.courier.net", "Parliament passes budget"),
        ("Daily Courier | Parliament passes budget", "Daily Courier", None, "Parliament passes budget"),
        # The suffix is not the outlet: keep it.
        ("Budget - what it means for you", "Daily Courier", None, "Budget - what it means for you"),
        ("Parliament passes budget", "Daily Courier", None, "Parliament passes budget"),
    ],
)
def test_strip_site_name(title: str, outlet: str | None, host: str | None, expected: str) -> None:
    assert strip_site_name(title, outlet, host) == expected


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("XINHUA", "Xinhua"),
        ("RIA NOVOSTI", "RIA Novosti"),
        ("AP", "AP"),
        ("TASS", "TASS"),
        ("Reuters", "Reuters"),
    ],
)
def test_agency_names_get_their_usual_case(raw: str, shown: str) -> None:
    assert agency_name(raw) == shown
