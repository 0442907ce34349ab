"""Ray as the engine of the per-article map (``analyze --engine ray``; ``storyline[scale]``).

The inputs are cut into shards (a file; a JSON Lines file by ranges of lines) that
Ray Data tasks read, clean and store; then the stored articles that lack this
version's results go through ``map_batches`` over a pool of actors, each holding
one spaCy pipeline loaded in its constructor (never shipped through the object
store), each writing its batch straight to the store in one transaction. Only
small records come back to the driver: what each document did and which pages
failed. The corpus reduces then run in the driver, as in one process.

Every worker opens the store itself, so the store must be one they can all
reach: PostgreSQL, or an SQLite file when the cluster is this machine.
"""

from __future__ import annotations

import io
import logging
import os
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.errors import StoreError, StorylineError
from storyline.model import InputFailure
from storyline.pipeline import CLEAN_COMMIT_EVERY, Cleaned, Progress, Tally, clean_one

if TYPE_CHECKING:
    from storyline.entities.aliases import AliasTable
    from storyline.framing.sources import OutletTable

# Documents per cleaning shard of a JSON Lines file, and articles per parse batch.
SHARD_DOCS = 50
PARSE_BATCH = 32
# Below one slot each: two actors at a whole CPU on a 2-CPU cluster can hang after a
# read (Ray issue 44687), and spaCy uses one core anyway.
ACTOR_CPUS = 0.5


class EngineError(StorylineError):
    """The distributed engine cannot start or run."""


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise EngineError("--engine ray needs Ray: pip install 'storyline[scale]'") from exc
    return ray


def worker_location(location: str) -> str:
    """The store as every worker opens it: an SQLite path made absolute."""
    scheme, sep, rest = location.partition("://")
    if sep and scheme != "sqlite":
        return location
    path = rest if sep else location
    if path == ":memory:":
        raise StoreError("--engine ray cannot use an in-memory store: give a file or postgresql:// URL")
    return str(Path(path).expanduser().resolve())


def shards(files: list[str], shard_docs: int = SHARD_DOCS) -> list[dict[str, Any]]:
    """Pieces of the inputs a worker cleans alone: a file, or SHARD_DOCS lines of an
    uncompressed JSON Lines file (by byte range: a worker reads only its lines)."""
    out: list[dict[str, Any]] = []
    for index, path in enumerate(files):
        if not _plain_jsonl(path):
            out.append({"file": index, "path": path, "line": 0, "start": 0, "end": -1})
            continue
        starts, offset, lines = [0], 0, 0
        with open(path, "rb") as f:
            for raw in f:
                offset += len(raw)
                lines += 1
                if lines % shard_docs == 0:
                    starts.append(offset)
        if starts[-1] == offset and len(starts) > 1:
            starts.pop()
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else -1  # the last one reads to the end
            out.append({"file": index, "path": path, "line": n * shard_docs, "start": start, "end": end})
    for n, piece in enumerate(out):
        piece["shard"] = n
    return out


def _plain_jsonl(path: str) -> bool:
    """Whether the reader would read this file as uncompressed JSON Lines (by content, as it does)."""
    from storyline.ingest.detect import GZIP_MAGIC, binary_reason, detect_format, is_warc
    from storyline.ingest.limits import HEAD_BYTES

    try:
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError:
        return False  # the reader says why, in the shard
    if head.startswith(GZIP_MAGIC) or is_warc(head) or binary_reason(head):
        return False
    return detect_format(head, path, complete=len(head) < HEAD_BYTES) == "jsonl"


def _shard_items(shard: dict[str, Any], max_page_bytes: int) -> Iterator[Any]:
    from storyline.ingest import read_file
    from storyline.ingest.jsonl import read_jsonl
    from storyline.ingest.reader import display_path

    path, line, start, end = str(shard["path"]), int(shard["line"]), int(shard["start"]), int(shard["end"])
    if start == 0 and end < 0:
        yield from read_file(path, max_page_bytes=max_page_bytes)
        return
    with open(path, "rb") as f:
        f.seek(start)
        chunk = f.read(end - start) if end >= 0 else f.read()
    # Items never outnumber lines in a shard, so ``line + n`` keeps the input order.
    yield from read_jsonl(
        display_path(path), io.BytesIO(chunk), max_page_bytes=max_page_bytes, first_line=line
    )


def _failure_columns(prefix: str, failure: InputFailure | None) -> dict[str, str]:
    return {
        f"{prefix}_source": failure.source if failure else "",
        f"{prefix}_reason": failure.reason if failure else "",
    }


def _cleaned(row: dict[str, Any]) -> Cleaned:
    return Cleaned(
        article_id=row["article_id"],
        new=bool(row["new"]),
        outlet=row["outlet"],
        raw_outlet=row["raw_outlet"],
        url=row["url"],
        published=row["published"],
        language=row.get("language"),
        failure=_failure(row, "failure"),
        rejected=bool(row["rejected"]),
        parsed=bool(row["parsed"]),
        parse_failure=_failure(row, "parse"),
    )


def _failure(row: dict[str, Any], prefix: str) -> InputFailure | None:
    reason = row[f"{prefix}_reason"]
    return InputFailure(source=row[f"{prefix}_source"], reason=reason) if reason else None


class _ParseWorker:
    """A Ray actor: one spaCy pipeline and one store connection, for every batch it gets."""

    def __init__(self, location: str, aliases: AliasTable | None, version: str) -> None:
        import threading

        from storyline.analyzer import ArticleAnalyzer

        self.location = location
        self.analyzer = ArticleAnalyzer(aliases)
        self.version = version
        # Ray may call an actor from another thread than the one that made it, and a
        # connection (SQLite's) belongs to its thread: one per thread, opened on first use.
        self._local = threading.local()

    def _store(self) -> Any:
        from storyline.store import open_store

        if getattr(self._local, "store", None) is None:
            self._local.store = open_store(self.location)
        return self._local.store

    def _analyze(self, ids: list[str]) -> list[tuple[str, str, str]]:
        """Analyze these stored articles, PARSE_BATCH at a time, each batch written in one
        transaction (a worker that dies loses only that batch): (id, source, failure)."""
        store = self._store()
        out = []
        for i in range(0, len(ids), PARSE_BATCH):
            chunk = ids[i : i + PARSE_BATCH]
            found = store.get_articles(chunk)
            articles = [found[aid] for aid in chunk if aid in found]
            results = self.analyzer(articles)
            store.put_results(results, self.version)
            out += [(a.id, a.source, r.failure or "") for a, r in zip(articles, results, strict=True)]
        return out

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        done = self._analyze([str(i) for i in batch["id"]])
        return {"id": [d[0] for d in done], "source": [d[1] for d in done], "failure": [d[2] for d in done]}


class _ShardWorker(_ParseWorker):
    """A Ray actor for whole shards: clean and store their documents, then analyze the
    new articles (the imports and the spaCy pipeline are loaded once per actor)."""

    def __init__(
        self,
        location: str,
        aliases: AliasTable | None,
        version: str,
        max_page_bytes: int,
        table: OutletTable,
        seen: dict[str, str],
    ) -> None:
        super().__init__(location, aliases, version)
        self.max_page_bytes, self.table, self.seen = max_page_bytes, table, seen

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        import time

        began = time.perf_counter()
        store = self._store()
        rows: list[dict[str, Any]] = []
        for i in range(len(batch["file"])):
            shard = {key: batch[key][i] for key in ("shard", "file", "path", "line", "start", "end")}
            local = dict(self.seen)
            # Clean pages are committed a group at a time, as in one process.
            with store.write_session(every=CLEAN_COMMIT_EVERY):
                for n, item in enumerate(_shard_items(shard, self.max_page_bytes)):
                    done = clean_one(item, store, self.table, local)
                    row = {k: v for k, v in asdict(done).items() if k not in ("failure", "parse_failure")}
                    row.update(shard=int(shard["shard"]), file=int(shard["file"]), doc=int(shard["line"]) + n)
                    row.update(_failure_columns("failure", done.failure), **_failure_columns("parse", None))
                    rows.append(row)
        new = [r["article_id"] for r in rows if r["new"]]
        parsed = {aid: (source, reason) for aid, source, reason in self._analyze(new)}
        for row in rows:
            if row["article_id"] in parsed:
                row["parsed"] = True
                source, reason = parsed[row["article_id"]]
                if reason:
                    row.update(_failure_columns("parse", InputFailure(source=source, reason=reason)))
        # How long this worker was busy with the batch (on its first row): the map's own
        # throughput, apart from starting Ray and the actors.
        for n, row in enumerate(rows):
            row.update(worker=os.getpid(), busy=time.perf_counter() - began if n == 0 else 0.0)
        keys = [
            *(f.name for f in fields(Cleaned) if f.name not in ("failure", "parse_failure")),
            *("shard", "file", "doc", "failure_source", "failure_reason", "parse_source", "parse_reason"),
            *("worker", "busy"),
        ]
        return {key: [r[key] for r in rows] for key in keys}


@dataclass(slots=True, kw_only=True)
class RayEngine:
    """The per-article map on Ray. ``address``: None starts (and stops) a local
    instance, "auto" joins the one running here, "ray://HOST:10001" a remote cluster."""

    location: str
    address: str | None = None
    workers: int = 2
    shard_docs: int = SHARD_DOCS
    tally: Tally | None = None
    busy: dict[int, float] = field(default_factory=dict)  # seconds each worker spent on shards
    _started: bool = False

    def __enter__(self) -> RayEngine:
        ray = _import_ray()
        self.location = worker_location(self.location)
        if self.workers < 1:
            raise EngineError(f"--workers must be 1 or more, not {self.workers}")
        if not ray.is_initialized():
            try:
                if self.address is None:
                    cpus = max(1, os.cpu_count() or 1)
                    ray.init(
                        num_cpus=cpus,
                        include_dashboard=False,
                        log_to_driver=False,
                        logging_level=logging.WARNING,
                    )
                else:
                    ray.init(address=self.address, log_to_driver=False, logging_level=logging.WARNING)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise EngineError(
                    f"cannot start or reach Ray at {self.address or 'a local instance'}: {exc}"
                ) from exc
            self._started = True
        # Ray Data's own progress lines would interleave with ours (it sets up its
        # loggers again when a dataset runs: the executor's is quieted by name).
        for name in (
            "ray.data",
            "ray.data._internal.execution.streaming_executor",
            "ray.data._internal.progress",
        ):
            logging.getLogger(name).setLevel(logging.ERROR)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        return self

    def __exit__(self, *exc: object) -> None:
        if self._started:
            _import_ray().shutdown()
            self._started = False

    def clean(
        self,
        files: list[str],
        max_page_bytes: int,
        table: OutletTable,
        seen_outlets: dict[str, str],
        aliases: AliasTable | None,
        version: str,
        progress: Progress,
    ) -> Iterator[Cleaned]:
        """Clean, store and analyze the inputs, shard by shard, on the actor pool."""
        ray = _import_ray()
        from ray.data import ActorPoolStrategy

        pieces = shards(files, self.shard_docs)
        if not pieces:
            return
        ds = ray.data.from_items(pieces, override_num_blocks=len(pieces))
        ds = ds.map_batches(
            _ShardWorker,
            fn_constructor_args=(self.location, aliases, version, max_page_bytes, table, seen_outlets),
            batch_size=1,
            compute=ActorPoolStrategy(size=self.workers),
            num_cpus=ACTOR_CPUS,
        )
        progress.start("clean and language", len(pieces))
        self.tally = tally = Tally(table)
        finished: set[int] = set()
        self.busy = {}
        for row in ds.iter_rows():
            self.busy[row["worker"]] = self.busy.get(row["worker"], 0.0) + row["busy"]
            if row["shard"] not in finished:  # a shard's rows come back together
                finished.add(row["shard"])
                progress.advance()
            done = tally.add((row["file"], row["doc"]), _cleaned(row))
            if done is not None:
                yield done
        # Shards finish in any order: failures are given in input order.
        yield from tally.failed()

    def parse(
        self, ids: list[str], aliases: AliasTable | None, version: str, progress: Progress
    ) -> Iterator[InputFailure]:
        ray = _import_ray()
        from ray.data import ActorPoolStrategy

        # Enough blocks for every actor to get batches (one block would feed one actor).
        blocks = max(1, min(-(-len(ids) // PARSE_BATCH), 16 * self.workers))
        ds = ray.data.from_items([{"id": i} for i in ids], override_num_blocks=blocks)
        ds = ds.map_batches(
            _ParseWorker,
            fn_constructor_args=(self.location, aliases, version),
            batch_size=PARSE_BATCH,
            compute=ActorPoolStrategy(size=self.workers),
            num_cpus=ACTOR_CPUS,
        )
        failures = []
        with warnings.catch_warnings():
            # A re-read of a few pages is one block: Ray notes that one actor gets it all.
            warnings.filterwarnings("ignore", message="The minimum number of concurrent actors")
            rows = list(ds.iter_rows())
        for row in rows:
            progress.advance(1)
            if row["failure"]:
                failures.append(InputFailure(source=row["source"], reason=row["failure"]))
        # Workers finish in any order: failures are reported in one.
        yield from sorted(failures, key=lambda f: (f.source, f.reason))
