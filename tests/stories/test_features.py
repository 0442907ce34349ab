"""Story features: names vs words, the lead event's day, signatures."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from storyline.model import TimeExpr
from storyline.stories.features import jaccard, story_features

_DATE = re.compile(
    r"(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})"
)


def times_of(article_id: str, text: str) -> list[TimeExpr]:
    """Full dates written out in ``text``, as the time stage would normalise them."""
    out = []
    for m in _DATE.finditer(text):
        value = datetime.strptime(m.group(), "%B %d, %Y").date().isoformat()
        out.append(
            TimeExpr(
                article_id=article_id, start=m.start(), end=m.end(), text=m.group(), type="DATE", value=value
            )
        )
    return out


def test_names_and_words_are_kept_apart() -> None:
    text = "The council of Lyon voted on Monday. Mayor Gregory Doucet said 12 schools will close."
    f = story_features("a", "Schools close in Lyon", text, None)
    assert {"lyon", "gregory", "doucet", "12"} <= set(f.names)
    assert "council" in f.words and "school" in f.words  # stemmed
    # Capitalised only because it starts a sentence: a word, not a name.
    assert "the" not in f.names and "mayor" not in f.names
    # The title counts twice: it names the event.
    assert f.names["lyon"] == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Floods hit Porto Alegre on May 3, 2024, officials said. Rain had started on April 29, 2024.",
            "2024-05-03",
        ),
        # A date only in the second half is background, not the event.
        (
            "Floods hit the city, officials said on Monday, and more rain is due. Earlier floods came on May 3, 2024.",
            None,
        ),
        ("No date at all in this report of floods in the southern state.", None),
    ],
)
def test_lead_event_date(text: str, expected: str | None) -> None:
    assert story_features("a", None, text, None, times_of("a", text)).event_date == expected


def test_month_precision_is_not_an_event_day() -> None:
    t = TimeExpr(article_id="a", start=0, end=8, text="May 2024", type="DATE", value="2024-05")
    assert (
        story_features("a", None, "May 2024 was wet in the south of the country.", None, [t]).event_date
        is None
    )


def test_publication_day_is_the_date_else_the_event() -> None:
    text = "Floods hit Porto Alegre on May 3, 2024, officials said."
    assert story_features("a", None, text, "2024-05-04", times_of("a", text)).date == "2024-05-04"
    assert story_features("a", None, text, None, times_of("a", text)).date == "2024-05-03"
    # A bare year is not a publication day.
    assert story_features("a", None, text, "2024", []).published is None


def test_signatures_estimate_overlap() -> None:
    body = " ".join(f"word{i} stands in a long sentence number {i} of the wire story." for i in range(60))
    a = story_features("a", None, body, None).signature
    b = story_features(
        "b", None, "Reposted by the Daily Example.\n" + body + "\nAll rights reserved.", None
    ).signature
    c = story_features(
        "c", None, "An entirely different report about a football final at the stadium.", None
    ).signature
    assert jaccard(a, a) == 1.0
    assert jaccard(a, b) >= 0.7
    assert jaccard(a, c) < 0.2


@pytest.mark.parametrize(
    ("text", "kazakh"),
    [
        ("Үкімет сейсенбі күні суды үнемдеудің жаңа бағдарламасын бекітті.", True),
        ("Правительство во вторник утвердило новую программу экономии воды.", False),
        # One Kazakh name in a Russian report does not make it Kazakh.
        (
            "Аким Жамбылской области Ерболат Қалиев во вторник утвердил новую программу экономии воды, "
            "рассчитанную на пять лет, сообщили в пресс-службе.",
            False,
        ),
        ("No Cyrillic here at all.", False),
    ],
)
def test_kazakh_text_is_told_from_russian(text: str, kazakh: bool) -> None:
    from storyline.script import is_kazakh

    assert is_kazakh(text) is kazakh


def test_a_kazakh_pages_words_are_kept_as_written_not_read_as_russian() -> None:
    kazakh = story_features(
        "kk", None, "Фермерлер тамшылатып суару үшін субсидия алады, суармалы жер кеңейеді.", None
    )
    assert {"фермерлер", "суармалы", "тамшылатып"} <= set(kazakh.words)
    russian = story_features("ru", None, "Фермеры получат субсидии на капельное орошение полей.", None)
    assert {"фермер", "субсидия", "поле"} <= set(russian.words)  # lemmas
