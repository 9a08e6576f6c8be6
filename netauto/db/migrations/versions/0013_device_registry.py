"""The device registry: network_devices as the inventory of record, groups, credential sets

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 15:00:00.000000

``network_devices`` gains what a Nornir host needs (port, groups, data, the credential set it
names), what onboarding learns (serial, OS version), where it came from (``source``: netauto,
import, nautobot) and ``retired_at`` (a retired router keeps its rows and history, and is in
no selection). ``device_groups`` holds the groups' platform, data and connection options;
``credential_sets`` holds named credentials, the password and enable secret encrypted with
``NETAUTO_SECRET_KEY``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import netauto.db.types

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _time(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, netauto.db.types.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("network_devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("port", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("groups", _JSON, nullable=True))
        batch_op.add_column(sa.Column("data", _JSON, nullable=True))
        batch_op.add_column(sa.Column("credential_set", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("serial", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("os_version", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("source", sa.String(length=20), nullable=True))
        batch_op.add_column(_time("retired_at"))
    op.create_table(
        "device_groups",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("name", sa.String(length=100), nullable=False, unique=True),
        sa.Column("platform", sa.String(length=50), nullable=True),
        sa.Column("data", _JSON, nullable=True),
        sa.Column("connection_options", _JSON, nullable=True),
        sa.Column("credential_set", sa.String(length=100), nullable=True),
        _time("created_at", False),
        _time("updated_at", False),
    )
    op.create_table(
        "credential_sets",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("name", sa.String(length=100), nullable=False, unique=True),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("password", sa.Text(), nullable=False),
        sa.Column("secret", sa.Text(), nullable=True),
        _time("created_at", False),
        _time("updated_at", False),
    )


def downgrade() -> None:
    op.drop_table("credential_sets")
    op.drop_table("device_groups")
    with op.batch_alter_table("network_devices", schema=None) as batch_op:
        for column in (
            "retired_at",
            "source",
            "os_version",
            "serial",
            "credential_set",
            "data",
            "groups",
            "port",
        ):
            batch_op.drop_column(column)
