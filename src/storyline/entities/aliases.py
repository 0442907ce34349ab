"""The user's alias file (TOML): names that are the same thing, names that must stay apart, a watch-list.

```toml
[[same]]                 # one canonical name and the names it also goes by
name = "Astana"
aliases = ["Nur-Sultan", "Akmola", "Tselinograd"]
type = "GPE"             # optional: limit the entry to chains of a compatible type

[[distinct]]             # never merge these, even when their spellings fold together
names = ["Ivan Petrov", "Ivan Petrova"]

[[watch]]                # names the mention stage looks for even when NER misses them
name = "NCPT"
type = "ORG"
```
Names are matched through ``keys.name_key``, so an entry covers its spelling
and transliteration variants.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.entities.keys import name_key, plain_key
from storyline.errors import BadUserFile

# Labels a name can carry (spaCy's named-entity labels for things with names).
LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")
_TABLES = {"same": ("name", "aliases", "type"), "distinct": ("names",), "watch": ("name", "type")}
_TOML_LINE = re.compile(r"at line (\d+)")


class AliasFileError(BadUserFile):
    """The alias file cannot be read; the message names the file, the line when known, and the fix."""


@dataclass(slots=True, kw_only=True)
class AliasGroup:
    """One ``[[same]]`` entry."""

    name: str
    aliases: list[str] = field(default_factory=list)
    type: str | None = None


@dataclass(slots=True, kw_only=True)
class AliasTable:
    """What ``resolve`` and the mention stage read from the alias file."""

    same: list[AliasGroup] = field(default_factory=list)
    distinct: list[list[str]] = field(default_factory=list)
    watch: list[tuple[str, str]] = field(default_factory=list)
    _by_key: dict[str, list[int]] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        for index, group in enumerate(self.same):
            for name in [group.name, *group.aliases]:
                ids = self._by_key.setdefault(name_key(name), [])
                if index not in ids:
                    ids.append(index)

    def groups_of(self, name: str) -> list[int]:
        """Indexes into ``same`` of the entries that list ``name`` (or a variant of it)."""
        return list(self._by_key.get(name_key(name), []))

    def canonical(self, name: str) -> str | None:
        """The canonical name the file gives ``name``, or None when it lists it nowhere."""
        ids = self.groups_of(name)
        return self.same[ids[0]].name if ids else None

    def distinct_tags(self, name: str) -> list[tuple[int, str]]:
        """(distinct entry, which of its names) pairs that ``name`` matches.

        An entry whose names fold to one ``name_key`` is told apart by ``plain_key``.
        """
        tags = []
        for index, names in enumerate(self.distinct):
            keyer = name_key if len({name_key(n) for n in names}) == len(names) else plain_key
            own = keyer(name)
            if own in {keyer(n) for n in names}:
                tags.append((index, own))
        return tags


def load_aliases(path: str | Path) -> AliasTable:
    """Read and validate an alias file; raises ``AliasFileError`` naming the file and line."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise AliasFileError(where, f"cannot read the alias file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise AliasFileError(where, "the alias file is not UTF-8 text") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        # tomllib says "at end of document" rather than a line for unclosed brackets and strings
        line = int(found.group(1)) if found else max(1, len(text.splitlines()))
        raise AliasFileError(where, f"not valid TOML: {exc}", line) from exc
    return _parse(data, text, where)


def _parse(data: dict[str, Any], text: str, where: str) -> AliasTable:
    unknown = sorted(set(data) - set(_TABLES))
    if unknown:
        line = _line_of(text, rf"\[*\s*{re.escape(unknown[0])}\b", 0)
        raise AliasFileError(
            where,
            f"unknown table {unknown[0]!r}; valid tables: {', '.join(f'[[{t}]]' for t in _TABLES)}",
            line,
        )
    entries = {table: _entries(data, table, text, where) for table in _TABLES}
    same = []
    for entry, line in entries["same"]:
        name = _string(entry, "name", "same", where, line)
        aliases = _strings(entry, "aliases", "same", where, line, required=False)
        same.append(
            AliasGroup(name=name, aliases=aliases, type=_label(entry, "same", where, line, required=False))
        )
    distinct = []
    for entry, line in entries["distinct"]:
        names = _strings(entry, "names", "distinct", where, line, required=True)
        if len(names) < 2:
            raise AliasFileError(where, "[[distinct]] needs at least two names in 'names'", line)
        distinct.append(names)
    watch = []
    for entry, line in entries["watch"]:
        label = _label(entry, "watch", where, line, required=True)
        assert label is not None  # required=True never returns None
        watch.append((_string(entry, "name", "watch", where, line), label))
    return AliasTable(same=same, distinct=distinct, watch=watch)


def _entries(
    data: dict[str, Any], table: str, text: str, where: str
) -> list[tuple[dict[str, Any], int | None]]:
    """The entries of one array of tables, each with the line of its header."""
    raw = data.get(table, [])
    header = rf"\[\[\s*{table}\s*\]\]"
    if not isinstance(raw, list):
        raise AliasFileError(
            where, f"'{table}' must be written as [[{table}]] entries", _line_of(text, rf"\[?\s*{table}\b", 0)
        )
    out = []
    for index, entry in enumerate(raw):
        line = _line_of(text, header, index)
        if not isinstance(entry, dict):
            raise AliasFileError(where, f"each '{table}' entry must be a [[{table}]] table", line)
        valid = _TABLES[table]
        unknown = sorted(set(entry) - set(valid))
        if unknown:
            raise AliasFileError(
                where, f"unknown key {unknown[0]!r} in [[{table}]]; valid keys: {', '.join(valid)}", line
            )
        out.append((entry, line))
    return out


def _string(entry: dict[str, Any], key: str, table: str, where: str, line: int | None) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise AliasFileError(where, f'[[{table}]] needs {key} = "..." (a non-empty string)', line)
    return value.strip()


def _strings(
    entry: dict[str, Any], key: str, table: str, where: str, line: int | None, *, required: bool
) -> list[str]:
    value = entry.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise AliasFileError(
            where, f'[[{table}]] needs {key} = ["...", ...] (a list of non-empty strings)', line
        )
    return [v.strip() for v in value]


def _label(entry: dict[str, Any], table: str, where: str, line: int | None, *, required: bool) -> str | None:
    value = entry.get("type")
    if value is None and not required:
        return None
    if not isinstance(value, str) or value.upper() not in LABELS:
        raise AliasFileError(where, f"[[{table}]] type must be one of: {', '.join(LABELS)}", line)
    return value.upper()


def _line_of(text: str, pattern: str, occurrence: int) -> int | None:
    """1-based line of the ``occurrence``-th line starting with ``pattern``; None when not found."""
    seen = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if re.match(pattern, raw.strip()):
            if seen == occurrence:
                return number
            seen += 1
    return None
