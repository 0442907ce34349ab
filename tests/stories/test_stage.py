"""The stories corpus stage end to end on a real store: the bundled example, incremental runs, copies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storyline.entities.aliases import load_aliases
from storyline.model import StoryFeatures
from storyline.pipeline import analyze
from storyline.store import Store, open_store
from storyline.stories import cluster, stage
from storyline.stories.cluster import TopicClusterer, place_articles, story_id_maker
from storyline.stories.dedup import find_duplicates

ROOT = Path(__file__).resolve().parents[2]
ECB = ROOT.parent / "shared" / "bench-data" / "stories-ecbplus" / "ecbplus-odd-topics.jsonl"
EXAMPLE = ROOT / "examples" / "kazakhstan-reforms"
ALIASES = load_aliases(ROOT / "examples" / "kazakhstan-reforms.aliases.toml")
# The example's pages by what they report (file prefix -> event).
JUNE = ("000", "001")  # one State Department message on the June 5 referendum, two renderings
RU_JUNE = "005"  # a Russian report of the same message, written for the project
APRIL, NOVEMBER, FEBRUARY = "002", "003", "004"


def page(prefix: str) -> Path:
    return next(EXAMPLE.glob(prefix + "_*.txt"))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    db = str(tmp_path_factory.mktemp("stories") / "ex.db")
    with open_store(db) as store:
        analyze([str(EXAMPLE)], store, aliases=ALIASES)
        by_file = {Path(store.sources(a.id)[0]).name[:3]: a.id for a in store.iter_articles()}
        stories = list(store.iter_stories())
        framing = {f.article_id: f for f in store.iter_framing()}
        articles = {a.id: a for a in store.iter_articles()}
    return {"db": db, "ids": by_file, "stories": stories, "framing": framing, "articles": articles}


def story_of(example: dict[str, object], prefix: str) -> str:
    ids: dict[str, str] = example["ids"]  # type: ignore[assignment]
    for s in example["stories"]:  # type: ignore[attr-defined]
        if ids[prefix] in s.article_ids:
            return str(s.id)
    raise AssertionError(f"page {prefix} is in no story")


def test_the_june_renderings_are_one_story_the_rest_apart(example: dict[str, object]) -> None:
    june = {story_of(example, p) for p in (*JUNE, RU_JUNE)}
    others = [story_of(example, p) for p in (APRIL, NOVEMBER, FEBRUARY)]
    assert len(june) == 1
    assert len(set(others)) == 3 and not june & set(others)


def test_the_stories_are_one_topic(example: dict[str, object]) -> None:
    assert len({s.topic_id for s in example["stories"]}) == 1  # type: ignore[attr-defined]


def test_every_story_has_a_title_dates_and_a_cited_summary(example: dict[str, object]) -> None:
    articles = example["articles"]
    for s in example["stories"]:  # type: ignore[attr-defined]
        assert s.title.strip()
        assert s.first_date and s.last_date and s.first_date <= s.last_date
        assert s.summary
        for c in s.summary:
            assert articles[c.article_id].text[c.start : c.end] == c.text  # type: ignore[index]
    june = next(s for s in example["stories"] if s.id == story_of(example, JUNE[1]))  # type: ignore[attr-defined]
    assert (june.first_date, june.last_date) == ("2022-06-05", "2022-06-21")
    # The summary prefers what both renderings report.
    assert june.summary[0].support


def test_the_june_coverage_matrix_matches_the_shared_statement(example: dict[str, object]) -> None:
    june = next(s for s in example["stories"] if s.id == story_of(example, JUNE[1]))  # type: ignore[attr-defined]
    shared = [c for c in june.coverage["claims"] if len(c["spans"]) >= 2]
    assert len(shared) >= 2
    articles = example["articles"]
    for claim in june.coverage["claims"]:
        for aid, (start, end) in claim["spans"].items():
            assert 0 <= start < end <= len(articles[aid].text)  # type: ignore[index]
    assert set(june.coverage["only"]) <= set(june.article_ids)


def test_framing_has_evidence_with_offsets(example: dict[str, object]) -> None:
    articles = example["articles"]
    framing = example["framing"]
    assert set(framing) == set(articles)  # type: ignore[arg-type]
    for f in framing.values():  # type: ignore[attr-defined]
        if f.stance != "neutral":
            assert f.evidence, f
        for e in f.evidence:
            # a headline's items index the title, the rest the clean text
            article = articles[e.article_id]  # type: ignore[index]
            source = article.title if e.part == "title" else article.text
            assert source[e.start : e.end] == e.text


def test_the_critical_and_the_official_pages_differ(example: dict[str, object]) -> None:
    ids: dict[str, str] = example["ids"]  # type: ignore[assignment]
    framing = example["framing"]
    critical, official = framing[ids[FEBRUARY]], framing[ids["001"]]  # type: ignore[index]
    assert critical.stance in {"critical", "skeptical"}
    assert official.stance == "supportive"
    assert len([e for e in critical.evidence if e.kind != "omission"]) >= 2


def test_source_types_of_the_example(example: dict[str, object]) -> None:
    ids: dict[str, str] = example["ids"]  # type: ignore[assignment]
    framing = example["framing"]
    assert framing[ids["001"]].source_type == "state"  # type: ignore[index]
    assert framing[ids[NOVEMBER]].source_type == "government"  # type: ignore[index]


def test_incremental_runs_attach_without_moving(tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    for prefix in (JUNE[0], NOVEMBER, FEBRUARY):
        shutil.copy(page(prefix), first)
    db = str(tmp_path / "inc.db")
    with open_store(db) as store:
        analyze([str(first)], store, aliases=ALIASES)
        before = {aid: s.id for s in store.iter_stories() for aid in s.article_ids}
        assert len(set(before.values())) == 3
        analyze([str(EXAMPLE)], store, aliases=ALIASES)
        after = {aid: s.id for s in store.iter_stories() for aid in s.article_ids}
        ids = {Path(store.sources(a)[0]).name[:3]: a for a in after}
    # Old articles stay in their stories; the second June rendering joins the first,
    # the April visit opens a story of its own.
    assert all(after[aid] == sid for aid, sid in before.items())
    assert after[ids[JUNE[1]]] == after[ids[JUNE[0]]]
    assert after[ids[APRIL]] not in before.values()
    assert len(set(after.values())) == 4


def test_a_syndicated_copy_is_kept_and_joins_its_original(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    original = page(JUNE[1]).read_text(encoding="utf-8")
    (folder / "a.txt").write_text(original, encoding="utf-8")
    (folder / "b.txt").write_text(
        "Reposted from a news agency\n\n" + original + "\n\nShare on social media", encoding="utf-8"
    )
    shutil.copy(page(APRIL), folder)
    with open_store(str(tmp_path / "dup.db")) as store:
        summary = analyze([str(folder)], store)
        [copy] = store.duplicates()
        stories = {aid: s for s in store.iter_stories() for aid in s.article_ids}
    assert summary.duplicates == 1 and summary.articles == 3
    assert stories[copy.article_id].id == stories[copy.of].id
    assert [d.article_id for d in stories[copy.of].duplicates] == [copy.article_id]


# With groups of one story, the interruption comes after a group's stories were written
# (inside the stage's one transaction).
@pytest.mark.parametrize("group", [2000, 1])
def test_an_interrupted_stage_keeps_the_stories_stored_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, group: int
) -> None:
    monkeypatch.setattr(stage, "STORY_GROUP_ARTICLES", group)
    db = str(tmp_path / "int.db")
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(page(APRIL), first)
    with open_store(db) as store:
        analyze([str(first)], store, aliases=ALIASES)
        before = [(s.id, s.article_ids) for s in store.iter_stories()]
        framed = sorted(f.article_id for f in store.iter_framing())
        placed = {a.id: a.story_id for a in store.iter_article_meta()}
    calls = {"n": 0}
    real = stage.describe_story

    def flaky(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stage, "describe_story", flaky)
    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        analyze([str(EXAMPLE)], store, aliases=ALIASES)
    monkeypatch.undo()
    with open_store(db) as store:
        assert [(s.id, s.article_ids) for s in store.iter_stories()] == before
        assert sorted(f.article_id for f in store.iter_framing()) == framed
        assert {a.id: a.story_id for a in store.iter_article_meta() if a.id in placed} == placed
        # The next run finishes the job.
        analyze([str(EXAMPLE)], store, aliases=ALIASES)
        assert len(list(store.iter_stories())) == 4


def test_a_story_that_cannot_be_described_is_reported_and_the_others_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.stories.stage as stage

    real = stage.describe_story

    def broken(story_id: str, *args: object, **kwargs: object) -> object:
        members = args[1]
        if any("Nazarbayev" in (a.title or "") for a in members):  # type: ignore[attr-defined]
            raise RuntimeError("framing broke")
        return real(story_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stage, "describe_story", broken)
    with open_store(str(tmp_path / "s.db")) as store:
        summary = analyze([str(EXAMPLE)], store, aliases=ALIASES, quote_embedder="none")
        assert [f.reason.split(" (")[0] for f in summary.failures] == [
            f"story {s.id} could not be described" for s in store.iter_stories() if not s.summary
        ]
        described = [s for s in store.iter_stories() if s.summary]
        assert len(described) == 3 and len(list(store.iter_stories())) == 4


def test_describing_stories_in_small_groups_says_the_same(
    example: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One story per group: each group reads only its own articles' inputs.
    monkeypatch.setattr(stage, "STORY_GROUP_ARTICLES", 1)
    with open_store(str(tmp_path / "small.db")) as store:
        analyze([str(EXAMPLE)], store, aliases=ALIASES)
        stories = list(store.iter_stories())
        framing = {f.article_id: f for f in store.iter_framing()}
    assert len(stories) > 1
    assert stories == example["stories"]
    assert framing == example["framing"]


def _placed(store: Store) -> dict[str, str]:
    return {aid: s.id for s in store.iter_stories() for aid in s.article_ids}


def test_placing_a_page_at_a_time_equals_placing_everything_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stage reads new articles a page at a time, copies through a scratch file and
    each topic's newest stored members by date; the in-memory reference places all at once."""
    if not ECB.exists():
        pytest.fail(f"{ECB} is missing: this test reads 90 ECB+ articles from ../shared")
    with ECB.open(encoding="utf-8") as src:
        docs = [json.loads(next(src)) for _ in range(90)]
    first, second = docs[0::2], docs[1::2]  # every topic has stored and new articles
    # Re-posts: of a stored article, and of new ones (a copy can fall in a later page than
    # its original: the run's own pages are looked up in the scratch file).
    second += [
        {**d, "id": f"repost-{i}", "text": "Reposted.\n\n" + d["text"]}
        for i, d in enumerate([first[1], *second[2:40:6]])
    ]
    halves = tmp_path / "one", tmp_path / "two"
    for half, rows in zip(halves, (first, second), strict=True):
        half.mkdir()
        (half / "docs.jsonl").write_text("".join(json.dumps(d) + "\n" for d in rows), encoding="utf-8")
    monkeypatch.setattr(cluster, "MAX_LOCAL", 4)  # several chunks and windows per topic
    monkeypatch.setattr(stage, "PLACE_PAGE", 7)
    with open_store(str(tmp_path / "s.db")) as store:
        analyze([str(halves[0])], store, quote_embedder="none")
        members = {sid: (tid, aids) for sid, tid, aids in store.iter_story_members()}
        topics = store.topics()
        analyze([str(halves[1])], store, quote_embedder="none")
        placed = _placed(store)
        copies = {d.article_id: d.of for d in store.duplicates()}
        features = store.story_features()
        old = {a for _, aids in members.values() for a in aids}
        new = [f for aid, f in features.items() if aid not in old]
        new_copies = {d.article_id: d.of for d in find_duplicates(new, store.story_band_articles)}
        fresh = sorted(
            (f for f in new if f.article_id not in new_copies), key=lambda f: (f.date or "9999", f.article_id)
        )
        pairs = stage._quote_pairs(store, [f.article_id for f in fresh])
    page_of = {
        f.article_id: i // stage.PLACE_PAGE
        for i, f in enumerate(sorted(new, key=lambda f: (f.date or "9999", f.article_id)))
    }
    assert any(o not in old and page_of[o] != page_of[a] for a, o in new_copies.items())
    assert any(o in old for o in new_copies.values())
    assert len(topics) > 1 and sum(len(t.members) > 8 for t in topics) > 1
    existing: dict[str, dict[str, list[StoryFeatures]]] = {}
    for sid, (tid, aids) in members.items():
        existing.setdefault(tid, {})[sid] = [features[a] for a in aids if a not in copies]
    clusterer = TopicClusterer(topics, new_id=lambda aid: "t-" + aid[:12])
    _, expected = place_articles(clusterer, existing, fresh, pairs, story_id_maker(set(members)))
    for copy, original in new_copies.items():
        expected[copy] = placed[original] if original in old else expected[original]
    assert new_copies and new_copies == {a: o for a, o in copies.items() if a not in old}
    assert {a: placed[a] for a in expected} == expected
    assert len(set(expected.values()) - set(members)) > 1  # new stories opened as well as joined


def test_framing_has_a_stance_per_main_actor(example: dict[str, object]) -> None:
    ids: dict[str, str] = example["ids"]  # type: ignore[assignment]
    framing = example["framing"]
    articles = example["articles"]
    with open_store(example["db"]) as store:  # type: ignore[arg-type]
        names = {e.id: e.name for e in store.iter_entities()}
    for f in framing.values():  # type: ignore[attr-defined]
        for actor in f.actors:
            assert actor.entity_id in names
            for e in actor.evidence:
                source = articles[f.article_id].title if e.part == "title" else articles[f.article_id].text  # type: ignore[index]
                assert source[e.start : e.end] == e.text
    # the critical page is critical of the president by name, not only of "the story's target"
    critical = {names[a.entity_id]: a.stance for a in framing[ids[FEBRUARY]].actors}  # type: ignore[index]
    assert critical["Kassym-Zhomart Tokayev"] == "critical"
    assert "supportive" not in critical.values()
