"""Files, folders and globs -> the sorted list of input files."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Iterator

from storyline.errors import NoInputs
from storyline.model import InputFailure

_MAGIC = re.compile(r"[*?\[]")


def expand_paths(paths: Iterable[str], problems: list[InputFailure] | None = None) -> list[str]:
    """Files, folders (recursive) and globs -> sorted unique file paths.

    Hidden files and folders (".git", ".DS_Store") inside folders and globs are skipped;
    a file named explicitly is kept. A path that yields no file (missing, an empty glob
    or folder, a pipe, a broken or looping link) and a folder that cannot be read are
    added to ``problems``, one line each, and the others go on; without ``problems``,
    or when nothing at all is found, ``NoInputs`` names the first such path.
    """
    # Keyed by file identity: a file reached twice (./a and a, or through a linked
    # folder) is listed once, under its shortest path.
    found: dict[tuple[int, int], str] = {}
    given = list(paths)
    if not given:
        raise NoInputs("no input paths given: name files, folders or globs such as 'pages/**/*.html'")
    missed: list[InputFailure] = []
    for path in given:
        matches = list(_expand_one(path, missed))
        if not matches:
            failure = InputFailure(source=path, reason=_nothing_matched(path))
            if problems is None:
                raise NoInputs(str(failure))
            missed.append(failure)
        for match in matches:
            try:
                info = os.stat(match)
            except OSError:
                continue  # vanished meanwhile; read_file would only report it missing
            key = (info.st_dev, info.st_ino)
            if key not in found or _shorter(match, found[key]):
                found[key] = match
    if not found:
        nothing = next((m for m in missed if m.source in given), None)
        raise NoInputs(str(nothing or missed[0]) if missed else "no input files found")
    if problems is not None:
        problems.extend(missed)
    return sorted(found.values())


def _shorter(path: str, than: str) -> bool:
    a, b = os.path.normpath(path), os.path.normpath(than)
    return (a.count(os.sep), len(a), a) < (b.count(os.sep), len(b), b)


def _nothing_matched(path: str) -> str:
    if _MAGIC.search(path):
        return "the pattern matches no files (check it; hidden files are skipped)"
    if os.path.isdir(path):
        return "the folder holds no files (hidden files are skipped)"
    if os.path.islink(path) and not os.path.exists(path):
        return "a broken link, or one that points to itself"
    if os.path.lexists(path):
        return "not a regular file or folder (a pipe, socket or device)"
    return "no such file or folder (check the path; quote globs like 'pages/**/*.html')"


def _expand_one(path: str, problems: list[InputFailure]) -> Iterator[str]:
    if os.path.isfile(path):
        yield path
    elif os.path.isdir(path):
        yield from walk_files(path, problems)
    elif not _MAGIC.search(path):
        return
    elif "**" in path:
        yield from _recursive_glob(path, problems)
    else:
        for match in glob.glob(path):
            if os.path.isdir(match):
                yield from walk_files(match, problems)
            elif os.path.isfile(match):
                yield match


def walk_files(root: str, problems: list[InputFailure] | None = None) -> Iterator[str]:
    """Regular files under ``root``, following links but never a folder twice (no loops);
    a folder that cannot be listed goes to ``problems``."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = os.stat(folder or ".")
        except OSError:
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            continue
        seen.add(key)
        try:
            entries = list(os.scandir(folder or "."))
        except OSError as error:
            if problems is not None:
                reason = "permission denied" if isinstance(error, PermissionError) else error.strerror
                problems.append(
                    InputFailure(
                        source=folder, reason=f"cannot read folder ({reason}); its files are skipped"
                    )
                )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = os.path.join(folder, entry.name) if folder else entry.name
            try:
                if entry.is_dir():
                    stack.append(child)
                elif entry.is_file():
                    yield child
            except OSError:
                continue


def _recursive_glob(pattern: str, problems: list[InputFailure]) -> Iterator[str]:
    """'**' globs without glob.glob, whose recursion follows symlink loops until ELOOP."""
    parts = pattern.split("/")
    static: list[str] = []
    for part in parts:
        if _MAGIC.search(part):
            break
        static.append(part)
    root = "/".join(static)
    if pattern.startswith("/") and not root:
        root = "/"
    if root and not os.path.isdir(root):
        return
    regex = re.compile(_translate(pattern))
    for path in walk_files(root, problems):
        if regex.fullmatch(path):
            yield path


def _translate(pattern: str) -> str:
    """Glob -> regex over '/'-separated paths; '**' spans any number of folders, even none."""
    out: list[str] = []
    parts = pattern.split("/")
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:[^/]*/)*")
            continue
        out.append(_translate_part(part))
        if not last:
            out.append("/")
    return "".join(out)


def _translate_part(part: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(part):
        char = part[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (end := part.find("]", i + 2)) != -1:
            body = part[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)
