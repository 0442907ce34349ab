from __future__ import annotations

from pathlib import Path

import pytest

from storyline.entities.aliases import AliasFileError, AliasGroup, AliasTable, load_aliases
from storyline.errors import StorylineError

GOOD = """\
# names that are the same thing
[[same]]
name = "Northport"
aliases = ["Old Harbour", "Port-Nord"]
type = "GPE"

[[distinct]]
names = ["Ivan Petrov", "Ivan Petrova"]

[[watch]]
name = "NCPT"
type = "org"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "aliases.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_good_file(tmp_path: Path) -> None:
    table = load_aliases(write(tmp_path, GOOD))
    assert table.same == [AliasGroup(name="Northport", aliases=["Old Harbour", "Port-Nord"], type="GPE")]
    assert table.distinct == [["Ivan Petrov", "Ivan Petrova"]]
    assert table.watch == [("NCPT", "ORG")]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Old Harbour", "Northport"),
        ("old harbour", "Northport"),
        ("Port Nord", "Northport"),
        ("Elsewhere", None),
    ],
)
def test_canonical_lookup_uses_the_key(name: str, expected: str | None) -> None:
    table = AliasTable(same=[AliasGroup(name="Northport", aliases=["Old Harbour", "Port-Nord"])])
    assert table.canonical(name) == expected


def test_distinct_names_that_fold_together_are_told_apart_by_spelling() -> None:
    table = AliasTable(distinct=[["Aleksey Orlov", "Alexei Orlov"]])
    assert table.distinct_tags("Aleksey Orlov") != table.distinct_tags("Alexei Orlov")
    assert table.distinct_tags("Someone Else") == []


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ('[[same]]\nname = "A"\naliases = ["B"\n', 3, "not valid TOML"),
        ("# comment\n[[same]]\nname = A\naliases = []\n", 3, "not valid TOML"),
        (
            '[[same]]\nname = "A"\n\n[[sames]]\nname = "B"\n',
            4,
            "valid tables: [[same]], [[distinct]], [[watch]]",
        ),
        (
            '[[distinct]]\nnames = ["A", "B"]\n[[same]]\nname = "A"\nalias = ["B"]\n',
            3,
            "valid keys: name, aliases, type",
        ),
        ('[[same]]\nname = "A"\n[[same]]\naliases = ["B"]\n', 3, 'needs name = "..."'),
        ('[[distinct]]\nnames = ["A"]\n', 1, "at least two names"),
        ('[[watch]]\nname = "X"\ntype = "THING"\n', 1, "PERSON, NORP"),
        ('[[watch]]\nname = "X"\n', 1, "type must be one of"),
    ],
)
def test_malformed_file_names_file_and_line(tmp_path: Path, text: str, line: int, says: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(AliasFileError) as caught:
        load_aliases(path)
    assert isinstance(caught.value, StorylineError)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert says in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AliasFileError, match="cannot read"):
        load_aliases(tmp_path / "nope.toml")
