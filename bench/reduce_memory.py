"""Peak memory of each corpus reduce, step by step, on a stored corpus resolved from scratch.

The corpus stages run one after another on a copy of a store whose language stages
are done (``bench/store_scale.py`` or ``bench/scale.py --work`` make such stores):
entity resolution, the timeline, quote links, stories. Before each step the
process's high-water mark is reset (``/proc/self/clear_refs``, Linux), so each line
gives that step's own peak resident memory, beside the memory held when it starts.
Compare sizes in one run: a step whose peak grows with the corpus is a step that
holds the corpus.

    python bench/reduce_memory.py STORE.db [STORE.db ...] [--work FOLDER] [--steps entities,stories] [--in-place]

``--steps`` runs only the named steps (in their order); a step reads what the steps
before it wrote, so keep "entities" before "quote links" and "stories". ``--in-place``
runs on the store itself, not a copy (a 1M-article store is 19 GB): run one step per
call, in order, and each step's figures come from a fresh process; the store keeps what
each step wrote, so a later call (or session) goes on from there.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def memory() -> tuple[int, int]:
    """(resident, high-water mark) in MB."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("VmRSS", "VmHWM")):
                key, value = line.split(":")
                values[key] = int(value.split()[0]) // 1024
    return values["VmRSS"], values["VmHWM"]


def reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def steps() -> list[tuple[str, Callable[..., object]]]:
    from storyline.entities.incremental import resolve_store
    from storyline.pipeline import link_quotes, resolve_and_date
    from storyline.stories.stage import build_stories

    return [
        ("entities", lambda store: resolve_store(store, None)),
        ("timeline", lambda store: resolve_and_date(store, None)),
        ("quote links", lambda store: link_quotes(store, "none")),
        ("stories", build_stories),
    ]


def measure(db: Path, work: Path, wanted: set[str] | None, in_place: bool = False) -> None:
    from storyline.store import open_store

    copy = db if in_place else work / f"reduce-memory-{db.name}"
    if not in_place:
        for leftover in (
            copy,
            Path(f"{copy}-wal"),
            Path(f"{copy}-shm"),
        ):  # of a killed run: SQLite would replay it
            leftover.unlink(missing_ok=True)
        shutil.copyfile(db, copy)
    with open_store(str(copy)) as store:
        articles = store.count_articles()
        print(f"{db.name}: {articles:,} articles", flush=True)
        for name, step in steps():
            if wanted is not None and name not in wanted:
                continue
            gc.collect()
            start, _ = memory()
            reset_peak()
            t = time.perf_counter()
            step(store)
            seconds = time.perf_counter() - t
            _, peak = memory()
            print(f"  {name:12} {seconds:8.1f} s  held before {start:6,} MB  peak {peak:6,} MB", flush=True)
    if not in_place:
        copy.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path)
    parser.add_argument(
        "--work", type=Path, default=None, help="where the copies go (default: a temp folder)"
    )
    parser.add_argument(
        "--steps", default=None, help="comma-separated: entities,timeline,quote links,stories"
    )
    parser.add_argument("--in-place", action="store_true", help="run on the store itself, not a copy")
    args = parser.parse_args()
    wanted = set(args.steps.split(",")) if args.steps else None
    if not Path("/proc/self/clear_refs").exists():
        print("needs Linux's /proc/self/clear_refs to reset the peak", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        for db in args.stores:
            measure(db, work, wanted, args.in_place)
    return 0


if __name__ == "__main__":
    sys.exit(main())
