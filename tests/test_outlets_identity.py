"""One outlet, one name: spellings that differ in case or punctuation, and names the outlets file ties."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.framing.sources import OutletTable
from storyline.pipeline import SUMMARY_OUTLETS, RunSummary, analyze
from storyline.store import open_store

BODY = (
    "The city council of Tarnow voted on Tuesday to close two coal-fired boilers by 2027, "
    "the mayor said after a debate that lasted six hours. Residents had collected 4,000 "
    "signatures for cleaner air."
)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["FOX", "fox", "Fox "], {"FOX"}),
        (["The Hill", "the hill", "THE HILL"], {"The Hill"}),
        (["Daily-Planet", "Daily Planet"], {"Daily-Planet"}),
        (["Daily Planet", "Daily Bugle"], {"Daily Planet", "Daily Bugle"}),
    ],
)
def test_spellings_of_one_name_are_one_outlet(names: list[str], expected: set[str]) -> None:
    table = OutletTable([])
    seen: dict[str, str] = {}
    assert {table.canonical(n, None, seen) for n in names} == expected


def test_the_outlets_file_ties_a_domain_and_other_names(tmp_path: Path) -> None:
    path = tmp_path / "outlets.toml"
    path.write_text(
        '[outlets."New York Times"]\ntype = "independent"\ndomains = ["nytimes.com"]\n'
        'aliases = ["NYT", "New York Times (News)"]\n',
        encoding="utf-8",
    )
    table = OutletTable.load(path)
    seen: dict[str, str] = {}
    got = {
        table.canonical("nytimes.com", "https://www.nytimes.com/2021/05/01/us/x.html", seen),
        table.canonical("NYT", None, seen),
        table.canonical("New York Times (News)", None, seen),
        table.canonical("Daily Bugle", "https://dailybugle.example/a", seen),
    }
    assert got == {"New York Times", "Daily Bugle"}


def test_analyze_stores_one_name_per_outlet_across_runs(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(
        f'{{"outlet": "FOX", "date": "2021-05-04", "title": "Boilers to close", "text": "{BODY}"}}\n'
    )
    second.write_text(
        f'{{"outlet": "fox", "date": "2021-05-05", "title": "Tarnow votes", "text": "{BODY} More to follow."}}\n'
    )
    with open_store(str(tmp_path / "s.db")) as store:
        analyze([str(first)], store, quote_embedder="none")
        summary = analyze([str(second)], store, quote_embedder="none")
        assert store.outlet_names() == ["FOX"]
    assert summary.outlets == {"FOX": 1}


def test_a_long_outlet_list_is_cut_in_the_summary_line() -> None:
    outlets = {f"Outlet {i:03d}": 1 for i in range(110)}
    outlets["Outlet 050"] = 9
    line = RunSummary(outlets=outlets).line()
    assert (
        f"110 outlets (Outlet 050, Outlet 000, Outlet 001, Outlet 002, Outlet 003, and {110 - SUMMARY_OUTLETS} more)"
        in line
    )
    assert "Outlet 099" not in line
