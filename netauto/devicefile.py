"""Routers of the registry as an operator writes them: checked, read from and written to files.

:func:`checked` turns one spec (a dict: name, address, port, platform, groups, data,
credential_set) into a :class:`~netauto.db.rows.RegistryEntry` or raises InventoryError
naming what is wrong. Files: CSV (``groups`` separated by ``;``, ``data.KEY`` columns, values
as YAML scalars) and YAML (a list of specs, or Nornir's hosts.yaml mapping). Every row is
checked before anything is used; the first bad one refuses the file with its line number.
Credentials are never in the registry: a spec holding a username, password or secret is
refused (name a credential set instead).
"""

from __future__ import annotations

import csv
import io
import ipaddress
import re
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from netauto.db.registry import GroupRow
from netauto.db.rows import RegistryEntry
from netauto.exceptions import InventoryError

_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")
_SET = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")
FIELDS = ("name", "address", "port", "platform", "groups", "data", "credential_set")
_SECRET_KEYS = ("username", "password", "enable_secret")
_ALIASES = {"hostname": "address", "ip_address": "address"}


def _refuse_secrets(keys: Iterable[str], where: str) -> None:
    for key in keys:
        lowered = str(key).lower()
        if lowered in _SECRET_KEYS or "password" in lowered or "secret" in lowered:
            raise InventoryError(
                f"{where}: {key!r}: credentials are never kept in the registry; "
                "name a credential set (credential_set) instead"
            )


def checked(spec: Mapping[str, Any], *, where: str = "device") -> RegistryEntry:
    """One router's spec, validated (InventoryError with ``where`` in front otherwise)."""
    spec = {_ALIASES.get(str(k), str(k)): v for k, v in spec.items()}
    unknown = sorted(set(spec) - set(FIELDS))
    _refuse_secrets(unknown, where)
    if unknown:
        raise InventoryError(f"{where}: unknown field {unknown[0]!r} (fields: {', '.join(FIELDS)})")
    name = str(spec.get("name") or "").strip()
    if not _NAME.match(name):
        raise InventoryError(f"{where}: {name!r} is not a device name (letters, digits, _.-)")
    address = str(spec.get("address") or "").strip()
    try:
        address = str(ipaddress.ip_address(address))
    except ValueError:
        raise InventoryError(f"{where}: address {address!r} is not an IP address") from None
    port = spec.get("port")
    if port in ("", None):
        port = None
    else:
        try:
            port = int(port)
        except (TypeError, ValueError):
            port = -1
        if not 1 <= port <= 65535:
            raise InventoryError(f"{where}: port {spec.get('port')!r} is not 1-65535")
    platform = str(spec.get("platform") or "").strip() or None
    groups = spec.get("groups") or ()
    if isinstance(groups, str):
        groups = [g for g in re.split(r"[;,\s]+", groups) if g]
    if not isinstance(groups, list | tuple) or not all(_NAME.match(str(g)) for g in groups):
        raise InventoryError(f"{where}: groups must be a list of group names")
    data = spec.get("data") or {}
    if not isinstance(data, dict):
        raise InventoryError(f"{where}: data must be a mapping")
    _refuse_secrets(data, where)
    if "credential_set" in data:
        raise InventoryError(f"{where}: credential_set is a field, not data")
    credential_set = str(spec.get("credential_set") or "").strip() or None
    if credential_set is not None and not _SET.match(credential_set):
        raise InventoryError(f"{where}: {credential_set!r} is not a credential set name")
    return RegistryEntry(
        name=name,
        address=address,
        port=port,
        platform=platform,
        groups=tuple(str(g) for g in groups),
        data=dict(data),
        credential_set=credential_set,
    )


def data_value(text: str, *, where: str) -> Any:
    """A data value as an operator writes it (``KEY=VALUE``, a CSV ``data.KEY`` cell): YAML,
    so ``5`` is a number and ``[a, b]`` a list; what YAML cannot read is an InventoryError."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InventoryError(f"{where}: {text!r} is not a YAML value ({problem})") from None


def _unique(entries: list[tuple[int, RegistryEntry]], source: str) -> list[RegistryEntry]:
    seen: dict[str, int] = {}
    for line, entry in entries:
        if entry.name in seen:
            raise InventoryError(
                f"{source} line {line}: {entry.name} is already on line {seen[entry.name]}"
            )
        seen[entry.name] = line
    return [entry for _, entry in entries]


def parse_csv(text: str, *, source: str = "CSV") -> list[RegistryEntry]:
    """Rows of a CSV file with a header (``name,address,...,data.site``)."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "name" not in reader.fieldnames:
        raise InventoryError(
            f"{source} line 1: the header must name the columns (name, address...)"
        )
    found: list[tuple[int, RegistryEntry]] = []
    for row in reader:
        line = reader.line_num
        spec: dict[str, Any] = {}
        data: dict[str, Any] = {}
        for key, value in row.items():
            if key is None:
                raise InventoryError(f"{source} line {line}: more values than columns")
            if key.startswith("data."):
                if value not in ("", None):
                    data[key[5:]] = data_value(value, where=f"{source} line {line}: {key}")
            else:
                spec[key] = value
        if data:
            spec["data"] = data
        found.append((line, checked(spec, where=f"{source} line {line}")))
    return _unique(found, source)


def _lines(text: str) -> dict[str, int]:
    """Top-level key or list item -> its line (1-based), from the YAML node tree."""
    node = yaml.compose(text)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            lines[str(key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[str(index)] = item.start_mark.line + 1
    return lines


def parse_yaml_hosts(text: str, *, source: str = "YAML") -> list[RegistryEntry]:
    """A list of specs (an export) or a Nornir hosts.yaml mapping of names to hosts."""
    try:
        document = yaml.safe_load(text)
        lines = _lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" line {mark.line + 1}" if mark is not None else ""
        raise InventoryError(f"{source}{at}: {getattr(exc, 'problem', exc)}") from None
    found: list[tuple[int, RegistryEntry]] = []
    if document is None:
        return []
    if isinstance(document, dict):
        for name, body in document.items():
            line = lines.get(str(name), 0)
            if not isinstance(body, dict):
                raise InventoryError(f"{source} line {line}: {name} must be a mapping")
            spec = {"name": name, **body}
            found.append((line, checked(spec, where=f"{source} line {line}")))
    elif isinstance(document, list):
        for index, spec in enumerate(document):
            line = lines.get(str(index), 0)
            if not isinstance(spec, dict):
                raise InventoryError(f"{source} line {line}: each router must be a mapping")
            found.append((line, checked(spec, where=f"{source} line {line}")))
    else:
        raise InventoryError(f"{source}: a list of routers or a mapping of names to routers")
    return _unique(found, source)


def parse(text: str | bytes, *, fmt: str, source: str) -> list[RegistryEntry]:
    """The routers of a file's text (or its bytes, UTF-8) in format ``fmt``."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InventoryError(
                f"{source}: not UTF-8 text (byte {exc.start}: a binary file?)"
            ) from None
    if fmt == "csv":
        return parse_csv(text, source=source)
    return parse_yaml_hosts(text, source=source)


def dump_yaml(entries: Iterable[RegistryEntry]) -> str:
    specs = [
        {k: v for k, v in entry.spec().items() if v not in (None, [], {})} for entry in entries
    ]
    return yaml.safe_dump(specs, sort_keys=False)


def dump_csv(entries: Iterable[RegistryEntry]) -> str:
    entries = list(entries)
    keys = sorted({key for entry in entries for key in entry.data})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["name", "address", "port", "platform", "groups", "credential_set"]
        + [f"data.{key}" for key in keys]
    )
    for entry in entries:
        data = [
            ""
            if key not in entry.data
            else yaml.safe_dump(entry.data[key], default_flow_style=True, width=10**6)
            .strip()
            .removesuffix("\n...")
            .removesuffix("...")
            .strip()
            for key in keys
        ]
        writer.writerow(
            [
                entry.name,
                entry.address,
                entry.port or "",
                entry.platform or "",
                ";".join(entry.groups),
                entry.credential_set or "",
                *data,
            ]
        )
    return out.getvalue()


def groups_of(mapping: Mapping[str, Any], *, source: str = "groups") -> list[GroupRow]:
    """Nornir's groups.yaml shape as group rows (no credentials allowed in them)."""
    rows = []
    for name, body in mapping.items():
        body = body or {}
        if not isinstance(body, dict):
            raise InventoryError(f"{source}: group {name} must be a mapping")
        _refuse_secrets([k for k in body if k in ("username", "password")], f"{source}: {name}")
        _refuse_secrets(body.get("data") or {}, f"{source}: {name}")
        rows.append(
            GroupRow(
                name=str(name),
                platform=body.get("platform"),
                data=dict(body.get("data") or {}),
                connection_options=dict(body.get("connection_options") or {}),
                credential_set=body.get("credential_set"),
            )
        )
    return rows
