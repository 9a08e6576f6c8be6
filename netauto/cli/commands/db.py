"""``netauto db``: create, upgrade and inspect the operations log schema.

netauto db upgrade     create the schema or bring it to the newest revision
netauto db current     print the revision the database is at
netauto db backup FILE      back up the database to FILE (owner-only)
netauto db restore FILE     restore it (--force over a database that holds data)
"""

from __future__ import annotations

from pathlib import Path

import click

from netauto.cli.options import config_option


@click.group()
def db() -> None:
    """The operations log database (SQLite by default, PostgreSQL in production)."""


@db.command()
@config_option
def upgrade(config_file: str) -> None:
    """Create or upgrade the schema (Alembic), on SQLite or PostgreSQL."""
    from netauto.project import Project

    project = Project.open(config_file)
    revision = project.database.upgrade()
    click.echo(f"database {project.redacted_url} at revision {revision}")


@db.command()
@config_option
def current(config_file: str) -> None:
    """Print the schema revision of the database; exit 1 if it is behind."""
    from netauto.project import Project

    project = Project.open(config_file)
    schema = project.database.schema()
    if schema.status == "missing":
        click.echo(f"database {project.redacted_url} has no schema (run: netauto db upgrade)")
        raise SystemExit(1)
    behind = "" if schema.status == "ok" else f", newest is {schema.head} (netauto db upgrade)"
    click.echo(f"database {project.redacted_url} at revision {schema.revision}{behind}")
    if behind:
        raise SystemExit(1)


def _size(size: int) -> str:
    return f"{size / 1024:.0f} kB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


@db.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@config_option
def backup(file: Path, config_file: str) -> None:
    """Back up the database to FILE, online (pg_dump on PostgreSQL, SQLite's backup API).

    FILE holds every router's config: it is written owner-only (0600), and replaced when it
    exists. Restore it with: netauto db restore FILE.
    """
    from netauto.project import Project

    project = Project.open(config_file)
    made = project.database.backup(file)
    click.echo(
        f"database {project.redacted_url} (revision {made.revision}) backed up to {made.path} "
        f"({_size(made.size)}, owner-only)"
    )


@db.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds data.")
@config_option
def restore(file: Path, force: bool, config_file: str) -> None:
    """Restore the database from FILE (made by netauto db backup).

    Refuses a database that holds data unless --force. Stop the web server, the scheduler
    and the workers first. On PostgreSQL the restore is one transaction: a failure changes
    nothing.
    """
    from netauto.project import Project

    project = Project.open(config_file)
    made = project.database.restore(file, force=force)
    head = project.database.head
    behind = f"; this netauto needs {head}: run netauto db upgrade" if made.behind else ""
    click.echo(
        f"database {project.redacted_url} restored from {made.path} "
        f"(revision {made.revision}){behind}"
    )
