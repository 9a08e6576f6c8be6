"""One router's lines of a known_hosts file, so a login does not parse the whole file.

netmiko hands paramiko the ``alt_key_file`` on every login, and paramiko parses every line
(a key object each, and a duplicate check that compares each line with all lines before it).
With the lab's file holding a key per router, a run cost O(fleet x file^2): at 200 routers
more than half of a backup's CPU. The file is read once per change instead (keyed by path,
inode, size and modification time) and each login is given a file with only the lines that
name its router, in their original order. paramiko then decides exactly as before: the same
lines for that server, so the same accepted keys, and an empty file (no line names the
server) still means an unknown key. Hashed names (``|1|salt|hash``) are matched the way
paramiko matches them.

A view is named by the hash of its content and kept in ``~/.cache/netauto/known-hosts``
(owner-only): a login whose view exists already costs one ``stat``, the next run's too. Only
when that folder cannot be made (or is not ours alone) do the views go to a private
temporary folder of the process, removed at exit.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

_FIELDS = re.compile(" |\t")  # paramiko's separator (HostKeyEntry.from_line)


@dataclass
class _Parsed:
    version: tuple[int, int, int, int]
    by_name: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    hashed: list[tuple[int, list[str], str]] = field(default_factory=list)


_lock = threading.Lock()
_parsed: dict[str, _Parsed] = {}
_folder: Path | None = None


def _version(path: Path) -> tuple[int, int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def _parse(path: Path, version: tuple[int, int, int, int]) -> _Parsed:
    parsed = _Parsed(version)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return parsed  # paramiko would not load it either: no key is known
    for number, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        names = _FIELDS.split(line, 1)[0].split(",")
        plain = {name for name in names if not name.startswith("|1|")}
        for name in plain:
            parsed.by_name.setdefault(name, []).append((number, line))
        hashed = [name for name in names if name.startswith("|1|")]
        if hashed:
            parsed.hashed.append((number, hashed, line))
    return parsed


def _matches_hashed(server: str, hashed: list[str]) -> bool:
    from paramiko.hostkeys import HostKeys
    from paramiko.util import constant_time_bytes_eq

    for name in hashed:
        try:
            if constant_time_bytes_eq(HostKeys.hash_host(server, name), name):
                return True
        except Exception:  # a malformed salt: paramiko's lookup fails on it too
            continue
    return False


def lines_for(path: Path, server: str) -> list[str]:
    """The lines of ``path`` that name ``server`` (``[address]:port`` or address), in order."""
    version = _version(path)
    key = str(path)
    with _lock:
        parsed = _parsed.get(key)
        if version is None:
            _parsed.pop(key, None)
            return []
        if parsed is None or parsed.version != version:
            parsed = _parse(path, version)
            _parsed[key] = parsed
    found = list(parsed.by_name.get(server, []))
    if not server.startswith("|1|"):
        found += [(n, line) for n, names, line in parsed.hashed if _matches_hashed(server, names)]
    return [line for _, line in sorted(set(found))]


def _owned_folder() -> Path | None:
    """``~/.cache/netauto/known-hosts`` when it is (or can be made) a folder of ours alone."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(cache) / "netauto" / "known-hosts"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        state = folder.stat()
    except OSError:
        return None
    if state.st_uid != os.getuid() or state.st_mode & 0o077:
        return None  # a view found there could have been put there by someone else
    return folder


def _views() -> Path:
    global _folder
    if _folder is None or not _folder.is_dir():
        _folder = _owned_folder()
        if _folder is None:
            _folder = Path(tempfile.mkdtemp(prefix="netauto-known-hosts-"))
            atexit.register(shutil.rmtree, _folder, True)
    return _folder


def view_for(path: Path, server: str) -> Path:
    """A file holding only the lines of ``path`` that name ``server``, named by their hash:
    a view that exists is right, one that does not is written (atomically)."""
    content = "".join(line + "\n" for line in lines_for(path, server))
    target = _views() / hashlib.sha256(content.encode()).hexdigest()[:32]
    if target.exists():
        return target
    with _lock:
        temporary = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(temporary, target)
    return target
