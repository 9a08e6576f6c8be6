"""Every database connection is closed deterministically, never left to the collector.

psycopg's finaliser warns about a connection garbage-collected while open (a
``ResourceWarning``, an error under our warning filters, raised at some unrelated test).
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import text

from netauto.db.engine import dispose_engines, get_engine


def is_closed(raw: Any) -> bool:
    if isinstance(raw, sqlite3.Connection):
        try:
            raw.execute("SELECT 1")
        except sqlite3.ProgrammingError:
            return True
        return False
    return bool(raw.closed)


def test_disposing_closes_a_connection_in_use_when_it_comes_back(database_url: str) -> None:
    """Another thread (the web's live feed, a job) may be in a query at dispose time."""
    idle = get_engine(database_url).connect()
    busy = get_engine(database_url).connect()
    busy.execute(text("SELECT 1"))
    idle_raw, busy_raw = idle.connection.driver_connection, busy.connection.driver_connection
    idle.close()  # back in the pool
    dispose_engines()
    assert is_closed(idle_raw)
    assert not is_closed(busy_raw)  # still in use: left alone
    busy.execute(text("SELECT 1"))
    busy.close()  # back into the old pool: closed there, not kept for the collector
    assert is_closed(busy_raw)
    with get_engine(database_url).connect() as fresh:  # the new pool works
        assert fresh.execute(text("SELECT 1")).scalar() == 1
        assert fresh.connection.driver_connection is not busy_raw


def test_a_failed_listen_closes_its_connection(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import psycopg

    from netauto.db import changes

    opened: list[psycopg.Connection[Any]] = []
    connect = psycopg.connect

    def recording_connect(*args: Any, **kwargs: Any) -> psycopg.Connection[Any]:
        connection = connect(*args, **kwargs)
        opened.append(connection)
        return connection

    monkeypatch.setattr(psycopg, "connect", recording_connect)
    monkeypatch.setattr(changes, "CHANNEL", "no such channel")  # a syntax error: LISTEN fails
    with pytest.raises(psycopg.errors.SyntaxError):
        changes.Listener(postgres_url, threading.Event())
    [connection] = opened
    assert connection.closed
