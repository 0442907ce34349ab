"""Stage declarations are checked: names, kinds, and the order the pipeline runs them in."""

from __future__ import annotations

import pytest

from storyline.analyzer import ARTICLE_ORDER, check_article_order
from storyline.pipeline import CORPUS_ORDER, check_corpus_order
from storyline.stages import STAGES, StageOrderError, check_order, stage


def test_the_shipped_orders_meet_every_declaration() -> None:
    check_corpus_order()
    made = check_article_order()
    assert {"mentions", "times", "events", "quotes", "sentences", "story_features"} <= made
    assert all(STAGES[name].kind == "article" for name in ARTICLE_ORDER)
    assert all(STAGES[name].kind == "corpus" for name in CORPUS_ORDER)


@pytest.mark.parametrize(
    ("names", "given", "kind", "error"),
    [
        (["events", "times"], {"article", "doc", "mentions"}, "article", "stage 'events' needs times"),
        (["entities"], {"article"}, "article", "stage 'entities' needs doc"),
        (["parse", "resolve"], {"article"}, "article", "'resolve' is a corpus stage"),
        (["timeline"], {"events", "article_meta"}, "corpus", "needs entities"),
        (["no-such-stage"], set(), "corpus", "no stage 'no-such-stage' is registered"),
    ],
)
def test_a_wrong_order_is_refused_with_the_reason(
    names: list[str], given: set[str], kind: str, error: str
) -> None:
    check_corpus_order()  # registers every stage
    with pytest.raises(StageOrderError, match=error):
        check_order(names, given, kind)  # type: ignore[arg-type]


def test_a_stage_may_only_name_known_records() -> None:
    with pytest.raises(StageOrderError, match=r"unknown records \['Quote'\]"):
        stage("bad", requires=["article"], assigns=["Quote"])
