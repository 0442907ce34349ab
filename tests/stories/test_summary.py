"""Story title and extractive summary, cited to exact offsets."""

from __future__ import annotations

import pytest

from storyline.model import Citation
from storyline.stories.coverage import StoryArticle, coverage
from storyline.stories.summary import story_title, summarize

from .test_coverage import EXAMPLE_PAIR, QUAKE, A, B, C, example, make


def _cited(articles: list[StoryArticle], summary: list[Citation]) -> None:
    texts = {a.article_id: a.text for a in articles}
    for sentence in summary:
        assert texts[sentence.article_id][sentence.start : sentence.end] == sentence.text
        assert sentence.article_id not in sentence.support


@pytest.mark.parametrize(
    ("articles", "title"),
    [
        # B's title names the deaths (kill, 23, Velmora) and the quake of the epicentre claim.
        (QUAKE, "Quake kills 23 in Velmora"),
        ([A], "Deadly earthquake strikes Velmora province"),
        # C's title shares only "Dastrin" with the top claims: B's covers them better.
        ([C, B], "Quake kills 23 in Velmora"),
    ],
)
def test_title_prefers_the_covering_headline(articles: list[StoryArticle], title: str) -> None:
    assert story_title(articles, coverage(articles)) == title


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        # No title: the top claim's sentence, cut to 12 words.
        ((None, None, None), "A magnitude 6.4 earthquake struck the coastal province of Velmora early on…"),
        # Titles that share nothing with the claims are not used.
        (
            ("Live updates", "Weather", None),
            "A magnitude 6.4 earthquake struck the coastal province of Velmora early on…",
        ),
    ],
)
def test_title_fallback(titles: tuple[str | None, ...], expected: str) -> None:
    articles = [
        StoryArticle(
            article_id=a.article_id,
            outlet=a.outlet,
            title=t,
            text=a.text,
            sentences=a.sentences,
            published=a.published,
        )
        for a, t in zip(QUAKE, titles, strict=True)
    ]
    assert story_title(articles, coverage(articles)) == expected


def test_a_lone_article_keeps_its_headline() -> None:
    lone = make("abcdef0123456789", ["The council voted to close two schools in the north."], title="Weather")
    assert story_title([lone], coverage([lone])) == "Weather"


def test_title_never_empty() -> None:
    assert story_title([], coverage([])) == "Untitled story"
    short = make("abcdef0123456789", ["Too short."], title=None)
    assert story_title([short], coverage([short])) == "Too short"


def test_summary_prefers_multi_outlet_claims() -> None:
    summary = summarize(QUAKE, coverage(QUAKE))
    _cited(QUAKE, summary)
    assert [(s.article_id, sorted(s.support)) for s in summary] == [
        ("aaaa1111", ["bbbb2222", "cccc3333"]),  # deaths: three outlets
        ("aaaa1111", ["bbbb2222", "cccc3333"]),  # epicentre: three outlets
        ("aaaa1111", ["cccc3333"]),  # rescue: two outlets, A's third sentence comes earliest
    ]
    assert summary[0].text.startswith("A magnitude 6.4 earthquake")


def test_summary_renders_the_first_published() -> None:
    # B is now published first: its renderings are cited, dateline trimmed.
    b = StoryArticle(
        article_id=B.article_id,
        outlet=B.outlet,
        title=B.title,
        text=B.text,
        sentences=B.sentences,
        published="2024-03-01",
    )
    summary = summarize([A, b, C], coverage([A, b, C]), max_sentences=1)
    assert summary[0].article_id == "bbbb2222"
    assert summary[0].text.startswith("At least 23 people were killed")
    _cited([A, b, C], summary)


def test_one_article_story_gets_its_lead() -> None:
    summary = summarize([A], coverage([A]), max_sentences=2)
    texts = [A.text[s:e] for s, e in A.sentences[:2]]
    assert [s.text for s in summary] == texts
    assert all(s.support == [] for s in summary)


def test_summary_skips_near_duplicates_and_the_headline() -> None:
    lead = "A magnitude 6.4 earthquake struck the coastal province of Velmora on Saturday, killing 23 people."
    again = "The magnitude 6.4 earthquake that struck Velmora province on Saturday killed 23 people, officials said."
    headline = "Deadly earthquake strikes Velmora"
    other = "Rescue teams were pulling survivors from collapsed apartment blocks throughout the morning."
    article = make("a", [headline + " now", lead, again, other], title=headline + " now")
    summary = summarize([article], coverage([article]))
    assert [s.text for s in summary] == [lead, other]


@pytest.mark.parametrize("limit", [0, 1, 2, 5, 20])
def test_summary_length(limit: int) -> None:
    summary = summarize(QUAKE, coverage(QUAKE), max_sentences=limit)
    assert len(summary) == min(limit, len(coverage(QUAKE).claims))
    _cited(QUAKE, summary)


def test_wrong_articles_are_refused() -> None:
    with pytest.raises(ValueError, match="pass the same list"):
        summarize([A], coverage(QUAKE))


def test_example_translation_pair() -> None:
    one, two = example(EXAMPLE_PAIR[0]), example(EXAMPLE_PAIR[1], published="2022-06-20")
    articles = [one, two]
    summary = summarize(articles, coverage(articles))
    _cited(articles, summary)
    ids = {one.article_id, two.article_id}
    # Either both articles are cited, or a cited sentence has the other as support.
    assert {s.article_id for s in summary} == ids or any(
        set(s.support) == ids - {s.article_id} for s in summary
    )
    assert summary[0].support  # the lead of the summary is reported by both
    assert story_title(articles, coverage(articles))


# The same report six times with its names respelled (as a corpus of syndicated copies
# is): every headline scores exactly alike, over different words.
_TIED = """
import random, re
from storyline.stories.coverage import coverage
from storyline.stories.summary import story_title
from tests.stories.test_coverage import B, make
rng = random.Random(5)
def respelled(n):
    names = {}
    def new(m):
        return names.setdefault(m[0], m[0][0] + "".join(rng.choice("aeioulmnrst") for _ in m[0][1:]))
    name = re.compile(r"\\b[A-Z][a-z]{3,}\\b")
    sentences = [name.sub(new, B.text[s:e]) for s, e in B.sentences]
    return make(f"x{n}", sentences, title=name.sub(new, B.title), outlet=f"O{n}")
copies = [respelled(n) for n in range(6)]
print(copies[0].title, "|", story_title(copies, coverage(copies)))
"""


def test_a_tie_between_headlines_goes_the_same_way_whatever_the_hash_seed() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    seen = set()
    for seed in range(6):
        env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root}"}
        run = subprocess.run([sys.executable, "-c", _TIED], env=env, cwd=root, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        seen.add(run.stdout.strip())
    # Ties keep the earlier article, in every process (a float sum over a set did not).
    ((first, title),) = (line.split(" | ") for line in seen)
    assert title == first
