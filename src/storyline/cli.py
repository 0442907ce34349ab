"""Command line: parse arguments, call one library function, map errors to exit codes.

Exit codes: 0 all went well; 1 some inputs failed (or the thing asked for is
not there); 2 usage error; 130 interrupted (what was stored stays stored).
"""

from __future__ import annotations

import errno
import os
import re
import signal
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from storyline import __version__
from storyline.errors import NoInputs, NoSuchArticle, NoSuchStory, StorylineError, UnknownFormat
from storyline.export import FORMATS, TABLES, export
from storyline.model import Article, ArticleMeta, InputFailure, Quote
from storyline.quotes.embed import DEFAULT_EMBEDDER, EMBEDDERS
from storyline.store import Store, open_store, redact

if TYPE_CHECKING:
    from storyline.entities.aliases import AliasTable
    from storyline.framing.sources import OutletTable

DEFAULT_DB = "storyline.db"

db_option = click.option(
    "--db",
    default=lambda: os.environ.get("STORYLINE_DB", DEFAULT_DB),
    show_default=f"$STORYLINE_DB or {DEFAULT_DB}",
    help="The store: an SQLite file (created if missing), sqlite://PATH, or a PostgreSQL database "
    "postgresql://USER@HOST:PORT/DB (pip install 'storyline[scale]').",
)


def _open(db: str, *, must_exist: bool = True) -> Store:
    if must_exist and "://" not in db and not Path(db).exists():
        raise click.UsageError(f"no store at {db}: run `storyline analyze PATH --db {db}` first")
    try:
        return open_store(db)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyline")
def cli() -> None:
    """Turn scraped news pages about one topic into a cross-source dossier."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--max-page-mb",
    type=click.FloatRange(min=0.01),
    default=20.0,
    show_default=True,
    help="Reject single pages larger than this.",
)
@click.option(
    "--aliases",
    type=click.Path(exists=True, dir_okay=False),
    default=lambda: os.environ.get("STORYLINE_ALIASES"),
    help="Alias file (TOML): names that are the same thing, names that must stay apart, a watch-list.",
)
@click.option(
    "--quote-embedder",
    type=click.Choice(list(EMBEDDERS)),
    default=DEFAULT_EMBEDDER,
    show_default=True,
    help="Multilingual sentence embedder for matching quotes across outlets and placing pages across scripts; "
    "'none' matches on words, names and numbers only (faster, misses translations).",
)
@click.option(
    "--outlets",
    type=click.Path(exists=True, dir_okay=False),
    default=lambda: os.environ.get("STORYLINE_OUTLETS"),
    help="Outlets file (TOML): each outlet's source type (state, government, wire, independent), over the bundled list.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bars (default: when stderr is a terminal)."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where the per-article work runs: this process, or Ray workers (pip install 'storyline[scale]'); "
    "the corpus-wide stages run here either way.",
)
@click.option(
    "--address",
    default=None,
    help="With --engine ray: the cluster to join ('auto': the one running here; ray://HOST:10001). "
    "Default: start a local one for this run.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="With --engine ray: parsing workers (one spaCy pipeline each).  [default: CPUs here]",
)
def analyze(
    paths: tuple[str, ...],
    db: str,
    max_page_mb: float,
    aliases: str | None,
    quote_embedder: str,
    outlets: str | None,
    progress: bool | None,
    engine: str,
    address: str | None,
    workers: int | None,
) -> None:
    """Analyze pages into the store: files, folders (recursive) and globs.

    Text dumps, HTML (also .gz), WARC/WARC.gz and JSON Lines are recognised by
    content. Re-running adds nothing twice; an interrupted run resumes.
    """
    from storyline.ingest import expand_paths
    from storyline.pipeline import analyze as run_analyze

    if engine == "local" and (address is not None or workers is not None):
        raise click.UsageError("--address and --workers go with --engine ray")
    path_failures: list[InputFailure] = []
    try:
        files = expand_paths(paths, path_failures)
    except NoInputs as exc:
        raise click.UsageError(str(exc)) from exc
    table = _aliases(aliases)
    outlet_table = _outlets(outlets)
    store = _open(db, must_exist=False)
    bars = _Bars(enabled=progress)
    # A polite kill (SIGTERM) stops like Ctrl-C: the current article's transaction
    # rolls back, everything committed before it stays.
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        with store, _engine(engine, db, address, workers) as map_engine:
            summary = run_analyze(
                paths,
                store,
                files=files,
                max_page_bytes=int(max_page_mb * 1024 * 1024),
                aliases=table,
                progress=bars,
                quote_embedder=quote_embedder,
                outlets=outlet_table,
                path_failures=path_failures,
                release_models=True,  # this process ends with the run
                engine=map_engine,
            )
    except KeyboardInterrupt:
        bars.close()
        click.echo(
            f"interrupted: the articles finished so far are stored in {redact(db)}; run the same command to resume",
            err=True,
        )
        sys.exit(130)
    except StorylineError as exc:
        bars.close()
        raise click.ClickException(str(exc)) from exc
    bars.close()
    click.echo(summary.line())
    if summary.failures:
        sys.exit(1)


@contextmanager
def _engine(name: str, db: str, address: str | None, workers: int | None) -> Iterator[Any]:
    """The map engine for ``--engine`` (None: this process), started and stopped here."""
    if name == "local":
        yield None
        return
    from storyline.scale.engine import RayEngine

    with RayEngine(location=db, address=address, workers=workers or os.cpu_count() or 1) as engine:
        yield engine


class _Bars:
    """tqdm progress bars, one per stage, on stderr (only on a terminal unless asked)."""

    def __init__(self, enabled: bool | None) -> None:
        self._enabled = enabled
        self._bar: Any = None

    def start(self, stage: str, total: int) -> None:
        from tqdm import tqdm

        self.close()
        disable = None if self._enabled is None else not self._enabled
        unit = {"clean": "file", "report": "page", "language": "article", "clean and language": "shard"}.get(
            stage, "step"
        )
        self._bar = tqdm(total=total, desc=stage, unit=unit, disable=disable, file=sys.stderr)

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def failed(self, failure: InputFailure) -> None:
        # Colour only on a terminal; a name or reason can hold control characters: escaped.
        label = click.style("failed: ", fg="red") if sys.stderr.isatty() else "failed: "
        line = label + printable(str(failure))
        if self._bar is not None:
            self._bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with control characters (a newline or an escape sequence in a file name) as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _aliases(path: str | None) -> AliasTable | None:
    if path is None:
        return None
    from storyline.entities.aliases import load_aliases

    try:
        return load_aliases(path)
    except StorylineError as exc:
        raise click.UsageError(str(exc)) from exc


def _outlets(path: str | None) -> OutletTable | None:
    if path is None:
        return None
    from storyline.framing.sources import OutletTable

    try:
        return OutletTable.load(path)
    except StorylineError as exc:
        raise click.UsageError(str(exc)) from exc


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@cli.command()
@db_option
@click.option("--outlet", help="Only articles from this outlet (case-insensitive).")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many.")
def articles(db: str, outlet: str | None, limit: int | None) -> None:
    """List stored articles: id, publication date, outlet, title."""
    with _open(db) as store:
        shown = 0
        for article in store.iter_article_meta():
            if outlet and (article.outlet or "").lower() != outlet.lower():
                continue
            click.echo(
                f"{article.id[:12]}  {_date(article):<23}  {(article.outlet or '-')[:20]:<20}  {article.title or '-'}"
            )
            shown += 1
            if limit and shown >= limit:
                break
        if not shown:
            click.echo("no articles" + (f" from outlet {outlet!r}" if outlet else ""), err=True)


def _date(article: Article | ArticleMeta) -> str:
    if article.published:
        return article.published
    if article.published_window:
        lo, hi = article.published_window
        return f"{lo}..{hi}" if lo and hi else f"after {lo}" if lo else f"before {hi}"
    return "undated"


@cli.command()
@click.argument("article_id")
@db_option
@click.option(
    "--removed/--no-removed", default=True, show_default=True, help="Mark removed boilerplate lines."
)
def show(article_id: str, db: str, removed: bool) -> None:
    """Show one article (id or unique id prefix): metadata, then clean text with removed lines marked."""
    from storyline.show import render_article

    with _open(db) as store:
        try:
            article = store.get_article(article_id)
        except NoSuchArticle as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(render_article(article, store.sources(article.id), removed=removed, style=click.style))


@cli.command()
@db_option
@click.option("--type", "type_", help="Only this type: PERSON, ORG, GPE, LOC, NORP, EVENT, LAW, ...")
@click.option("--min-articles", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many.")
def entities(db: str, type_: str | None, min_articles: int, limit: int | None) -> None:
    """List entities, most mentioned first: mentions, articles, type, name, aliases."""
    with _open(db) as store:
        shown = 0
        for entity in store.iter_entities():
            if type_ and entity.type != type_.upper():
                continue
            if len(entity.article_ids) < min_articles:
                continue
            aliases = f"  (also: {'; '.join(entity.aliases)})" if entity.aliases else ""
            click.echo(
                f"{entity.mentions:>4} {len(entity.article_ids):>3}  {entity.type:<8} {entity.name}{aliases}"
            )
            shown += 1
            if limit and shown >= limit:
                break
        if not shown:
            click.echo("no entities match (has `storyline analyze` run on this store?)", err=True)


def _more(hidden: int, what: str) -> None:
    if hidden > 0:
        click.echo(f"  ... {hidden} more {what} (--limit 0 lists them all)")


@cli.command()
@click.argument("name")
@db_option
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="List at most N articles and roles (0: all).",
)
def entity(name: str, db: str, limit: int) -> None:
    """One entity by name, alias or id: aliases, roles with sources, articles, co-occurring entities."""
    from storyline.entities.query import NoSuchEntity, cooccurring, find_entity

    with _open(db) as store:
        try:
            found = find_entity(store, name)
        except NoSuchEntity as exc:
            raise click.ClickException(str(exc)) from exc
        articles, roles = found.article_ids[: limit or None], found.roles[: limit or None]
        # Only the articles listed are read (an entity of a large store is in thousands).
        titles = {a.id: a for a in store.iter_article_meta({*articles, *(r.article_id for r in roles)})}
        click.echo(click.style(found.name, bold=True) + f"  {found.type}  {found.id}")
        click.echo(f"{found.mentions} mentions in {len(found.article_ids)} articles")
        if found.aliases:
            click.echo("aliases:  " + "; ".join(found.aliases))
        if found.roles:
            click.echo("roles:")
            for role in roles:
                source = titles.get(role.article_id)
                where = f"{role.article_id[:12]} [{role.start}:{role.end}]"
                if source is not None:
                    where += f" {source.outlet or '-'}, {_date(source)}"
                click.echo(f"  {role.title}   ({where})")
            _more(len(found.roles) - len(roles), "roles")
        click.echo("articles:")
        for aid in articles:
            article = titles.get(aid)
            label = (
                f"{_date(article):<23} {(article.outlet or '-')[:20]:<20} {article.title or '-'}"
                if article
                else ""
            )
            click.echo(f"  {aid[:12]}  {label}")
        _more(len(found.article_ids) - len(articles), "articles")
        others = cooccurring(store, found)
        if others:
            click.echo("appears with:")
            for other, shared in others:
                click.echo(f"  {shared:>3} articles  {other.type:<8} {other.name}")


@cli.command()
@db_option
@click.option(
    "--from", "date_from", metavar="DATE", help="Only entries on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)."
)
@click.option("--to", "date_to", metavar="DATE", help="Only entries on or before DATE.")
@click.option(
    "--entity", "entity_name", metavar="NAME", help="Only entries involving this entity (any alias)."
)
@click.option("--evidence/--no-evidence", default=False, help="Show each source clause with its outlet.")
@click.option("--limit", type=click.IntRange(min=0), default=0, help="Show at most N entries (0: all).")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip the first N matching entries.")
def timeline(
    db: str,
    date_from: str | None,
    date_to: str | None,
    entity_name: str | None,
    evidence: bool,
    limit: int,
    offset: int,
) -> None:
    """The merged timeline: date, what happened, how many outlets report it; conflicting dates flagged."""
    from storyline.entities.query import NoSuchEntity, find_entity
    from storyline.timeline import query_timeline

    with _open(db) as store:
        entity_id = None
        if entity_name:
            try:
                entity_id = find_entity(store, entity_name).id
            except NoSuchEntity as exc:
                raise click.ClickException(str(exc)) from exc
        try:
            entries, total = query_timeline(
                store,
                date_from=date_from,
                date_to=date_to,
                entity_id=entity_id,
                offset=offset,
                limit=limit or None,
            )
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
        # Only the articles the shown entries cite, read once each.
        articles: dict[str, Article] = {}
        for entry in entries:
            outlets = f"{len(entry.article_ids)} article{'s' * (len(entry.article_ids) != 1)}"
            flag = (
                click.style(f"  [other dates reported: {', '.join(entry.conflicts)}]", fg="yellow")
                if entry.conflicts
                else ""
            )
            click.echo(f"{entry.date:<10}  {entry.text}  ({outlets}){flag}")
            shown = entry.evidence if evidence else []
            missing = {ev.article_id for ev in shown} - articles.keys()
            if missing:
                articles.update(store.get_articles(missing))
            for ev in shown:
                article = articles.get(ev.article_id)
                clause = article.text[ev.start : ev.end] if article else ""
                outlet = (article.outlet or "-") if article else "-"
                click.echo(f"            {ev.article_id[:12]} {outlet}: {clause}")
        if not entries:
            click.echo("no timeline entries match" if not total else f"no entries past {total}", err=True)
        elif len(entries) < total:
            span = f"{offset + 1}-{offset + len(entries)}"
            click.echo(f"entries {span} of {total}: --offset {offset + len(entries)} for more", err=True)


@cli.command()
@db_option
@click.option(
    "--speaker",
    metavar="NAME",
    help="Only quotes by this speaker (an entity name or alias, or the text as written).",
)
@click.option(
    "--kind",
    type=click.Choice(["direct", "indirect", "phrase", "statements", "all"]),
    default="statements",
    show_default=True,
    help="statements = direct and indirect; phrase = short scare-quoted phrases.",
)
@click.option(
    "--story", "story_id", metavar="ID", help="Only quotes from articles of this story (id or prefix)."
)
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many.")
def quotes(db: str, speaker: str | None, kind: str, story_id: str | None, limit: int | None) -> None:
    """Who said what: id, speaker, outlet, how many other articles render it, the words."""
    from storyline.entities.query import NoSuchEntity, find_entity

    with _open(db) as store:
        entity_id = None
        if speaker:
            try:
                entity_id = find_entity(store, speaker).id
            except NoSuchEntity:
                entity_id = None
        quotes_in: Iterable[tuple[str, Quote]] = store.iter_quotes()
        if story_id:
            try:
                quotes_in = store.quotes_of(store.get_story(story_id).article_ids)
            except NoSuchStory as exc:
                raise click.ClickException(
                    f"no story {story_id!r} in {redact(db)}: `storyline stories` lists them"
                ) from exc
        # Links are read for every quote only when a speaker filter needs them.
        links = store.quote_links() if speaker else None
        outlets: dict[str, str] = {}
        shown = 0
        for qid, q in quotes_in:
            if not _kind_wanted(q.kind, kind):
                continue
            link = links.get(qid) if links is not None else store.quote_links([qid]).get(qid)
            said_by = q.speaker_resolved or q.speaker or "unattributed"
            if speaker:
                by_entity = entity_id is not None and link is not None and link.speaker_entity_id == entity_id
                if not by_entity and speaker.casefold() not in said_by.casefold():
                    continue
            versions = f"  [+{len(link.matches)} versions]" if link and link.matches else ""
            text = q.text if len(q.text) <= 100 else q.text[:97] + "..."
            if q.article_id not in outlets:
                meta = next(store.iter_article_meta([q.article_id]), None)
                outlets[q.article_id] = (meta.outlet if meta else None) or "-"
            click.echo(
                f"{qid[:12]}-q{qid.rpartition('-q')[2]:<3} {said_by[:24]:<24} {outlets.get(q.article_id, '-')[:14]:<14} {text}{versions}"
            )
            shown += 1
            if limit and shown >= limit:
                break
        if not shown:
            click.echo("no quotes match", err=True)


def _kind_wanted(quote_kind: str, wanted: str) -> bool:
    if wanted == "all":
        return True
    if wanted == "statements":
        return quote_kind != "phrase"
    return quote_kind == wanted


@cli.command()
@click.argument("quote_id")
@db_option
def quote(quote_id: str, db: str) -> None:
    """One statement and every other article's version of it, with the changed words marked."""
    from storyline.quotes.query import NoSuchQuote, find_quote, render_versions

    with _open(db) as store:
        try:
            qid, found = find_quote(store, quote_id)
        except NoSuchQuote as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(render_versions(store, qid, found, style=click.style))


@cli.command(name="export")
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=True, writable=True),
    help="File to write (a folder for csv: one file per table). Default: standard output (json, jsonl).",
)
def export_cmd(db: str, fmt: str, output: str | None) -> None:
    """Export the dossier following the export contract (tables: articles, stories, entities, ...)."""
    if output:
        _check_output(Path(output), folder=fmt == "csv")
    with _open(db) as store:
        try:
            if fmt == "csv":
                if not output:
                    raise click.UsageError(
                        f"csv writes one file per table ({', '.join(TABLES)}): give -o FOLDER"
                    )
                count = export(store, fmt, directory=Path(output))
            elif output:
                tmp = Path(output + ".part")
                with tmp.open("w", encoding="utf-8") as fh:
                    count = export(store, fmt, fh)
                tmp.replace(output)
            else:
                count = export(store, fmt, sys.stdout)
        except UnknownFormat as exc:
            raise click.UsageError(str(exc)) from exc
    if output:
        click.echo(f"wrote {count} records to {output}", err=True)


def _check_output(path: Path, *, folder: bool) -> None:
    """Refuse, in one line and with exit 3, an output that cannot be written as asked."""
    if folder and path.exists() and not path.is_dir():
        _cannot_write(f"{path} is a file: csv writes a folder of files, one per table; give a folder")
    if not folder and path.is_dir():
        _cannot_write(f"{path} is a folder: give a file name, e.g. -o {path / 'dossier.json'}")
    parent = path.parent
    if not parent.is_dir():
        _cannot_write(f"folder {parent} does not exist: create it first")


def _cannot_write(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(3)


@cli.command()
@db_option
@click.option("--topic", metavar="ID", help="Only stories of this topic (id or prefix).")
@click.option("--min-articles", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many.")
def stories(db: str, topic: str | None, min_articles: int, limit: int | None) -> None:
    """List stories by topic, newest first: id, dates, articles, outlets, stance, title."""
    from storyline.stories.render import outlet_label, story_line

    with _open(db) as store:
        by_topic: dict[str, list[str]] = {}
        shown = 0
        for story in store.story_heads():
            if topic and not story.topic_id.startswith(topic):
                continue
            if len(story.article_ids) < min_articles:
                continue
            lines = by_topic.setdefault(story.topic_id, [])
            members = store.iter_article_meta(story.article_ids)
            lines.append(story_line(story, [outlet_label(a) for a in members]))
            shown += 1
            if limit and shown >= limit:
                break
        for topic_id, lines in by_topic.items():
            click.echo(
                click.style(
                    f"topic {topic_id} ({len(lines)} stor{'ies' if len(lines) != 1 else 'y'})", bold=True
                )
            )
            for line in lines:
                click.echo("  " + line)
        if not shown:
            click.echo("no stories match (has `storyline analyze` run on this store?)", err=True)
            sys.exit(1)


@cli.command()
@click.argument("story_id")
@db_option
def story(story_id: str, db: str) -> None:
    """One story (id or unique prefix): summary with citations, outlets side by side, coverage matrix."""
    from storyline.stories.query import story_view
    from storyline.stories.render import render_story

    with _open(db) as store:
        try:
            view = story_view(store, story_id)
        except NoSuchStory as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(render_story(view.story, view.articles, view.framing, style=click.style))


@cli.command()
@db_option
@click.option(
    "--port",
    type=click.IntRange(min=0, max=65535),
    default=8000,
    show_default=True,
    help="0 picks a free port.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Other machines can read the dossier if you pick 0.0.0.0.",
)
@click.option("--quiet", is_flag=True, help="Do not log each request.")
def serve(db: str, port: int, host: str, quiet: bool) -> None:
    """Browse the dossier in a local, read-only web app: overview, stories, quotes, entities, timeline, search."""
    from storyline.web.server import make_server

    _open(db).close()
    try:
        server = make_server(db, host, port, quiet=quiet)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    bound_port = server.server_address[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
    click.echo(f"storyline: serving {redact(db)} at http://{shown}:{bound_port}/  (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.server_close()


@cli.command()
@db_option
@click.option(
    "-o",
    "--output",
    default="dossier.html",
    show_default=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The HTML file to write (replaced only once complete).",
)
def report(db: str, output: str) -> None:
    """Write the whole dossier as one self-contained HTML file: no external assets, opens offline."""
    from storyline.web.report import write_report

    bars = _Bars(None)

    def progress(done: int, total: int) -> None:
        if done == 1:
            bars.start("report", total)
        bars.advance()

    with _open(db) as store:
        try:
            result = write_report(store, output, progress=progress)
        except StorylineError as exc:
            raise click.ClickException(str(exc)) from exc
        finally:
            bars.close()
    click.echo(
        f"wrote {result.path} ({result.pages} pages, {result.size / 1e6:.1f} MB): open it in a browser"
    )


def main() -> None:
    try:
        cli(prog_name="storyline")
    except (sqlite3.OperationalError, OSError) as exc:
        click.echo(f"Error: {_write_failure(exc)}", err=True)
        sys.exit(3)
    except StorylineError as exc:  # a store that failed mid-command (a server gone away)
        click.echo(f"Error: {exc}", err=True)
        sys.exit(3)


def _write_failure(exc: BaseException) -> str:
    """One line for a write the machine refused: what happened and what to do."""
    text = str(exc)
    code = getattr(exc, "errno", None)
    if "readonly" in text or code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (
            "cannot write: the store or file is read-only (read-only media or no permission); "
            "reading commands still work, copy the store somewhere writable to add pages"
        )
    if "disk is full" in text or "disk I/O error" in text or code == errno.ENOSPC:
        # SQLite reports a file-size limit (ulimit -f) as a full disk too.
        return (
            "the disk is full (or a file-size limit, `ulimit -f`, was reached): free some space "
            "and run the same command again (what was stored is intact)"
        )
    if "too large" in text or code == errno.EFBIG:
        return "a file-size limit was reached (see `ulimit -f`): raise it and run the same command again"
    where = f" {getattr(exc, 'filename', None)}" if getattr(exc, "filename", None) else ""
    return f"cannot write{where}: {getattr(exc, 'strerror', None) or text}"


if __name__ == "__main__":
    main()
