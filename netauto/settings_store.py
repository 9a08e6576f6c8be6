"""Settings kept in the database (``system_configs``): read at start-up, managed by admins.

The rows are read and written by :mod:`netauto.db.settings` (at start-up without
SQLAlchemy). Secret values are stored encrypted (``is_encrypted``) and decrypted only when
read. An unreachable database is a warning: the run goes on without stored values.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from netauto.db.rows import SettingRow
from netauto.secretbox import Encrypted
from netauto.settings_schema import BY_KEY, spec_of
from netauto.text import first_line

if TYPE_CHECKING:
    from netauto.settings import Settings

log = logging.getLogger(__name__)
_QUERY = "SELECT config_key, config_value, is_encrypted FROM system_configs"


def read_stored(url: str) -> dict[str, Any]:
    """Stored values by key (secrets still encrypted); {} when the database cannot be read."""
    from netauto.db.settings import stored_rows

    try:
        rows = stored_rows(url)
    except Exception as exc:  # the database is optional for settings: never fail a start
        from netauto.db.url import missing_database

        if (wrong := missing_database(url, exc)) is not None:
            raise wrong from None  # not an outage: a URL naming no database (exit 2)
        why = first_line(exc)
        log.warning("settings: database not read (%s); using environment and config file", why)
        return {}
    values: dict[str, Any] = {}
    for key, value, encrypted in rows:
        if key not in BY_KEY:
            continue  # a key of a newer or older netauto: ignored
        values[key] = Encrypted(key, str(value)) if encrypted else value
    return values


def shown(settings: Settings, key: str) -> str:
    """A value as it may be printed: a secret is ``<set>`` (and is not even decrypted)."""
    value = settings.values.get(key)
    if value is None:
        return ""
    if spec_of(key).secret:
        return "<set>"
    return str(value)


def rows(settings: Settings) -> Iterator[SettingRow]:
    """Every setting as it may be shown: secrets ``<set>``, the database URL without password."""
    from netauto.db.url import redacted

    for key, spec in BY_KEY.items():
        source = settings.sources.get(key, "default")
        if source == str(settings.config_file):
            source = f"config file ({settings.config_file.name})"
        value = shown(settings, key)
        if key == "database_url" and value:
            value = redacted(value)
        yield SettingRow(key, value, source, spec.secret, spec.description, spec.stored)


def store(url: str, key: str, text: str | None, *, actor: str) -> None:
    """Set (``text``) or unset (None) a stored setting, checked against the schema; audited."""
    from netauto.db.audit import record
    from netauto.db.settings import write_setting
    from netauto.exceptions import ConfigError

    spec = spec_of(key)
    if not spec.stored:
        raise ConfigError(f"{key} cannot be stored in the database (it is needed to reach it)")
    value: Any = None
    if text is not None:
        value = spec.parse(text, "the command line")
        if spec.secret:
            from netauto.secretbox import encrypt

            value = encrypt(str(value), key)
    write_setting(
        url,
        key,
        value,
        encrypted=spec.secret,
        description=spec.description,
        actor=actor,
        remove=text is None,
    )
    shown_value = None if spec.secret or text is None else value
    record(
        url,
        actor,
        "setting_unset" if text is None else "setting_set",
        {"key": key, "value": shown_value, "secret": spec.secret},
    )
