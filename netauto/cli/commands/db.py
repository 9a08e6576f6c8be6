"""``netauto db``: create, upgrade and inspect the operations log schema.

netauto db upgrade     create the schema or bring it to the newest revision
netauto db current     print the revision the database is at
"""

from __future__ import annotations

import click

from netauto.cli.options import config_option


@click.group()
def db() -> None:
    """The operations log database (SQLite by default, PostgreSQL in production)."""


@db.command()
@config_option
def upgrade(config_file: str) -> None:
    """Create or upgrade the schema (Alembic), on SQLite or PostgreSQL."""
    from netauto.db import migrate
    from netauto.project import Project

    project = Project.open(config_file)
    revision = migrate.upgrade(project.database_url)
    click.echo(f"database {project.redacted_url} at revision {revision}")


@db.command()
@config_option
def current(config_file: str) -> None:
    """Print the schema revision of the database; exit 1 if it is behind."""
    from netauto.db import migrate
    from netauto.project import Project

    project = Project.open(config_file)
    revision = migrate.current_revision(project.database_url)
    if revision is None:
        click.echo(f"database {project.redacted_url} has no schema (run: netauto db upgrade)")
        raise SystemExit(1)
    behind = "" if revision == migrate.HEAD else f", newest is {migrate.HEAD} (netauto db upgrade)"
    click.echo(f"database {project.redacted_url} at revision {revision}{behind}")
    if behind:
        raise SystemExit(1)
