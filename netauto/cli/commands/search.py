"""``netauto search``: search every backup version, every run and the documents.

netauto search QUERY [--router R] [--since 7d|ISO] [--kind config|runs|docs] [-n 20] [--json]
netauto search --reindex
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from netauto.cli.options import config_option, json_option, user_option
from netauto.cli.tables import print_json, print_table
from netauto.exceptions import UsageError
from netauto.text import plural

if TYPE_CHECKING:
    from netauto.search import ConfigHit, DocHit, Indexed, Results

KINDS = ("config", "runs", "docs")  # netauto.search.KINDS (not imported: `--help` stays light)


def _day(hit_at: object) -> str:
    from datetime import datetime

    return hit_at.astimezone().strftime("%Y-%m-%d %H:%M") if isinstance(hit_at, datetime) else "-"


def _config_rows(hits: list[ConfigHit]) -> list[list[str]]:
    return [
        [
            hit.router,
            f"{hit.parent} / {hit.line}" if hit.parent else hit.line,
            f"{hit.first.sha[:7]} {_day(hit.first.at)}",
            f"{hit.last.sha[:7]} {_day(hit.last.at)}",
            str(hit.versions),
            "yes" if hit.current else "no",
        ]
        for hit in hits
    ]


def _show_docs(title: str, hits: list[DocHit]) -> None:
    click.echo(f"{title} ({len(hits)})")
    for hit in hits:
        ref = hit.ref[:8] if hit.kind == "run" else hit.ref
        click.echo(f"  {ref}  {hit.title}  {_day(hit.at)}")
        if hit.snippet:
            click.echo(f"      {hit.snippet.replace('**', '')[:160]}")


def _show(results: Results) -> None:
    if results.empty:
        click.echo(f"Nothing found for {results.query!r}.")
        return
    if results.config:
        routers = results.routers
        click.echo(
            f"config: {plural(len(routers), 'router')} ({', '.join(routers[:12])}"
            f"{', ...' if len(routers) > 12 else ''}), "
            f"{plural(len(results.config), 'stretch', 'stretches')} of versions"
        )
        print_table(
            ("router", "line", "first version", "last version", "versions", "now"),
            _config_rows(results.config),
            style_column=None,
            right=("versions",),
        )
    if results.runs:
        _show_docs("runs", results.runs)
    if results.docs:
        _show_docs(
            "docs" if results.ranking == "text" else f"docs, {results.ranking}", results.docs
        )


def _show_indexed(done: Indexed) -> None:
    sizes = done.sizes
    click.echo(
        f"Search index rebuilt: {plural(sizes.get('versions', 0), 'backup version')} "
        f"({plural(sizes.get('lines', 0), 'line stretch', 'line stretches')}), "
        f"{plural(sizes.get('runs', 0), 'run')}, "
        f"{plural(sizes.get('docs', 0), 'document section')}"
        + (f", {plural(sizes['vectors'], 'vector')}." if sizes.get("vectors") else ".")
    )


@click.command()
@click.argument("query", required=False)
@click.option("--router", "-r", metavar="NAME", help="Only this router's configs and runs.")
@click.option("--since", metavar="AGE|TIME", help="Held or happened since 30m, 7d, an ISO time.")
@click.option("--kind", type=click.Choice(KINDS), help="Only config lines, runs or documents.")
@click.option(
    "--limit",
    "-n",
    type=click.IntRange(1, 500),
    default=20,
    show_default=True,
    help="Results per kind.",
)
@click.option("--reindex", is_flag=True, help="Build the index again from scratch.")
@config_option
@user_option
@json_option
def search(
    query: str | None,
    router: str | None,
    since: str | None,
    kind: str | None,
    limit: int,
    reindex: bool,
    config_file: str,
    user: str | None,
    as_json: bool,
) -> None:
    """Search every backup version, every run and the documents.

    An address (192.0.2.50) or block (10.0.0.0/8) finds the routers configuring it; words
    (ip http server) find config lines, first exact, with the first and last backup
    version that held each; runs and documents are ranked by full text (documents also by
    vector similarity when ai.embeddings.model is set: the ranks are fused).
    """
    from netauto.auth import Permission
    from netauto.project import Project

    if not reindex and not (query or "").strip():
        raise UsageError("give something to search for (or --reindex)")
    project = Project.open(config_file, user=user).require(Permission.READ)
    if reindex:
        done = project.search.reindex()
        if as_json:
            print_json({"reindexed": done.sizes})
        else:
            _show_indexed(done)
        if not query:
            return
    results = project.search.find(
        query or "", router=router, since=since, kind=kind, limit=limit, fresh=not reindex
    )
    if as_json:
        print_json(results.to_json())
    else:
        _show(results)
