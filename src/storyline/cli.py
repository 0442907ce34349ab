"""Command line: parse arguments, call one library function, map errors to exit codes.

Exit codes: 0 all went well; 1 some inputs failed (or the thing asked for is
not there); 2 usage error; 130 interrupted (what was stored stays stored).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from storyline import __version__
from storyline.errors import NoInputs, NoSuchArticle, StorylineError, UnknownFormat
from storyline.export import FORMATS, TABLES, export
from storyline.model import Article, InputFailure
from storyline.store import Store, open_store

DEFAULT_DB = "storyline.db"

db_option = click.option(
    "--db",
    default=lambda: os.environ.get("STORYLINE_DB", DEFAULT_DB),
    show_default=f"$STORYLINE_DB or {DEFAULT_DB}",
    help="The store: an SQLite file (created if missing) or sqlite://PATH.",
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
    "--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal)."
)
def analyze(paths: tuple[str, ...], db: str, max_page_mb: float, progress: bool | None) -> None:
    """Analyze pages into the store: files, folders (recursive) and globs.

    Text dumps, HTML (also .gz), WARC/WARC.gz and JSON Lines are recognised by
    content. Re-running adds nothing twice; an interrupted run resumes.
    """
    from tqdm import tqdm

    from storyline.ingest import expand_paths
    from storyline.pipeline import analyze as run_analyze

    try:
        files = expand_paths(paths)
    except NoInputs as exc:
        raise click.UsageError(str(exc)) from exc
    store = _open(db, must_exist=False)
    bar = tqdm(
        total=len(files), unit="file", disable=None if progress is None else not progress, file=sys.stderr
    )

    def on_failure(failure: InputFailure) -> None:
        bar.write(click.style("failed: ", fg="red") + str(failure), file=sys.stderr)

    # A polite kill (SIGTERM) stops like Ctrl-C: the current article's transaction
    # rolls back, everything committed before it stays.
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        with store:
            summary = run_analyze(
                paths,
                store,
                files=files,
                max_page_bytes=int(max_page_mb * 1024 * 1024),
                on_file_done=lambda _path: bar.update(1),
                on_failure=on_failure,
            )
    except KeyboardInterrupt:
        bar.close()
        click.echo(
            f"interrupted: the articles finished so far are stored in {db}; run the same command to resume",
            err=True,
        )
        sys.exit(130)
    bar.close()
    click.echo(summary.line())
    if summary.failures:
        sys.exit(1)


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
        for article in store.iter_articles():
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


def _date(article: Article) -> str:
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


def main() -> None:
    cli(prog_name="storyline")


if __name__ == "__main__":
    main()
