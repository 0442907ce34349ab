from __future__ import annotations

import os
from pathlib import Path

import pytest

from storyline.errors import NoInputs
from storyline.ingest import expand_paths
from storyline.ingest.paths import _translate

from .builders import write


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small corpus with hidden files, a hidden folder and a symlink loop; cwd is its root."""
    for name in [
        "pages/a.html",
        "pages/2022/b.html",
        "pages/2022/june/c.txt",
        "pages/.hidden.html",
        "pages/.git/config",
        "pages/2022/.DS_Store",
        "dumps/d.jsonl",
        "dumps/e.warc.gz",
    ]:
        write(tmp_path / name, b"x")
    (tmp_path / "empty").mkdir()
    os.symlink("..", tmp_path / "pages/2022/loop")  # pages/2022/loop -> pages
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (["pages"], ["pages/2022/b.html", "pages/2022/june/c.txt", "pages/a.html"]),
        (["pages/"], ["pages/2022/b.html", "pages/2022/june/c.txt", "pages/a.html"]),
        (
            ["pages/a.html", "./pages/a.html", "pages"],
            ["pages/2022/b.html", "pages/2022/june/c.txt", "pages/a.html"],
        ),
        (["pages/**/*.html"], ["pages/2022/b.html", "pages/a.html"]),
        (["**/*.txt"], ["pages/2022/june/c.txt"]),
        (["pages/**"], ["pages/2022/b.html", "pages/2022/june/c.txt", "pages/a.html"]),
        (["dumps/*"], ["dumps/d.jsonl", "dumps/e.warc.gz"]),
        (["dumps/*.json[l]"], ["dumps/d.jsonl"]),
        (["pages/*"], ["pages/2022/b.html", "pages/2022/june/c.txt", "pages/a.html"]),  # folders expand
        (["pages/.hidden.html"], ["pages/.hidden.html"]),  # named explicitly: kept
        (["dumps", "pages/a.html"], ["dumps/d.jsonl", "dumps/e.warc.gz", "pages/a.html"]),
    ],
)
def test_expand_paths(tree: Path, given: list[str], expected: list[str]) -> None:
    assert expand_paths(given) == expected


def test_absolute_paths_stay_absolute(tree: Path) -> None:
    assert expand_paths([str(tree / "dumps")]) == [str(tree / "dumps/d.jsonl"), str(tree / "dumps/e.warc.gz")]
    assert expand_paths([str(tree / "**/*.jsonl")]) == [str(tree / "dumps/d.jsonl")]


@pytest.mark.parametrize(
    ("given", "words"),
    [
        (["missing.html"], ["missing.html", "no such file or folder", "check the path"]),
        (["empty"], ["empty", "holds no files"]),
        (["pages/**/*.pdf"], ["pages/**/*.pdf", "matches no files"]),
        (["pages", "nope/*.txt"], ["nope/*.txt", "matches no files"]),
        ([], ["no input paths"]),
    ],
)
def test_nothing_matches_raises_no_inputs(tree: Path, given: list[str], words: list[str]) -> None:
    with pytest.raises(NoInputs) as caught:
        expand_paths(given)
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("a/**/*.html", "a/x.html", True),
        ("a/**/*.html", "a/b/c/x.html", True),
        ("a/**/*.html", "a/x.htm", False),
        ("a/*/x", "a/b/c/x", False),
        ("a/?.txt", "a/b.txt", True),
        ("a/[!b].txt", "a/b.txt", False),
        ("**", "deep/er/file", True),
    ],
)
def test_translate(pattern: str, path: str, matches: bool) -> None:
    import re

    assert bool(re.fullmatch(_translate(pattern), path)) is matches


def test_paths_that_yield_nothing_are_problems_when_others_yield_files(tree: Path) -> None:
    os.mkfifo(tree / "pipe")
    problems: list = []
    files = expand_paths(["pages/a.html", "nope", "pipe", "empty", "*.xyz"], problems)
    assert files == ["pages/a.html"]
    assert [(p.source, p.reason.split(" (")[0]) for p in problems] == [
        ("nope", "no such file or folder"),
        ("pipe", "not a regular file or folder"),
        ("empty", "the folder holds no files"),
        ("*.xyz", "the pattern matches no files"),
    ]


def test_when_no_path_yields_a_file_the_run_is_refused(tree: Path) -> None:
    with pytest.raises(NoInputs, match="nope: no such file or folder"):
        expand_paths(["nope", "empty"], [])


def test_an_unreadable_folder_is_reported(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import storyline.ingest.paths as paths

    real = os.scandir

    def scandir(folder: str) -> object:
        # chmod 0 stops everyone but root; this stops root too, as read-only ACLs would.
        if os.path.normpath(folder) == os.path.join("pages", "2022"):
            raise PermissionError(13, "Permission denied", folder)
        return real(folder)

    monkeypatch.setattr(paths.os, "scandir", scandir)
    problems: list = []
    files = expand_paths(["pages"], problems)
    assert files == ["pages/a.html"]
    assert [(p.source, p.reason) for p in problems] == [
        ("pages/2022", "cannot read folder (permission denied); its files are skipped")
    ]
