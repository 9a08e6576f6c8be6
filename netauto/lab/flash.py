"""The ``flash:`` file system of a router: a real folder, plus the IOS image it boots from.

Files are stored unchanged, so sizes and MD5 checksums are exact; the image is virtual (its
size counts against the space, its bytes are not on disk). :class:`FlashSFTP` lets the
asyncssh SCP sink write into the folder, which is all SCP into ``flash:`` needs.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import asyncssh

from netauto.lab.models import Model

if TYPE_CHECKING:
    from netauto.lab.state import RouterState

FULL_FREE = 0


def split_path(path: str) -> tuple[str, str]:
    """``flash:/x`` / ``flash:x`` -> (``flash:``, ``x``); a bare name is on flash:.

    ``bootflash:`` (the ISR4k's flash) is the same store: on IOS XE ``flash:`` is its alias.
    """
    if ":" in path:
        fs, _, name = path.partition(":")
        fs = "flash" if fs.lower() == "bootflash" else fs.lower()
        return fs + ":", name.lstrip("/")
    return "flash:", path.lstrip("/")


class Flash:
    def __init__(self, folder: Path, model: Model) -> None:
        self.folder = folder
        self.full = False
        self.model = model
        self.image = model.image
        self.total = model.flash_total
        self.fs = model.file_system

    def wipe(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for entry in self.folder.iterdir():
            if entry.is_file():
                entry.unlink()

    def files(self) -> list[tuple[str, int, float]]:
        out = [(self.image, self.model.image_size, 1_600_000_000.0)]
        for entry in sorted(self.folder.iterdir(), key=lambda p: p.stat().st_mtime):
            if entry.is_file():
                info = entry.stat()
                out.append((entry.name, info.st_size, info.st_mtime))
        return out

    @property
    def free(self) -> int:
        if self.full:
            return FULL_FREE
        return self.total - sum(size for _, size, _ in self.files())

    def path(self, name: str) -> Path | None:
        if not name or "/" in name or name in (".", ".."):
            return None
        return self.folder / name

    def exists(self, name: str) -> bool:
        path = self.path(name)
        return name == self.image or (path is not None and path.is_file())

    def read(self, name: str) -> bytes | None:
        path = self.path(name)
        if path is None or not path.is_file():
            return None
        return path.read_bytes()

    def write(self, name: str, data: bytes) -> bool:
        path = self.path(name)
        if path is None or name == self.image or len(data) > self.free:
            return False
        path.write_bytes(data)
        return True

    def delete(self, name: str) -> bool:
        path = self.path(name)
        if path is None or not path.is_file():
            return False
        path.unlink()
        return True

    def md5(self, name: str) -> str | None:
        if name == self.image:
            return hashlib.md5(self.image.encode()).hexdigest()
        data = self.read(name)
        return None if data is None else hashlib.md5(data).hexdigest()

    def dir(self, name: str | None = None) -> str:
        """``dir flash:`` or ``dir flash:/name`` as IOS prints it."""
        entries = self.files()
        if name:
            entries = [e for e in entries if e[0] == name]
            if not entries:
                return f"%Error opening {self.fs}/{name} (No such file or directory)\n"
        lines = [f"Directory of {self.fs}/{name or ''}", ""]
        for index, (file, size, mtime) in enumerate(entries, start=1):
            stamp = time.strftime("%b %d %Y %H:%M:%S +00:00", time.gmtime(mtime))
            lines.append(f"{index:>4}  -rw-{size:>14}  {stamp}  {file}")
        lines += ["", f"{self.total} bytes total ({self.free} bytes free)"]
        return "\n".join(lines) + "\n"


class FlashSFTP(asyncssh.SFTPServer):
    """SFTP/SCP view of one router's flash: ``flash:/x`` maps to ``<folder>/x``."""

    def __init__(self, chan: asyncssh.SSHServerChannel[Any], router: RouterState) -> None:
        self.router = router
        super().__init__(chan)

    def map_path(self, path: bytes) -> bytes:
        _, name = split_path(path.decode("utf-8", "replace"))
        target = self.router.flash.path(name) or self.router.flash.folder / "_"
        return os.fsencode(target)

    def open(self, path: bytes, pflags: int, attrs: asyncssh.SFTPAttrs) -> object:
        if not self.router.scp_allowed():
            raise asyncssh.SFTPPermissionDenied("SCP server not enabled")
        if self.router.flash.full:
            raise asyncssh.SFTPFailure("No space left on device")
        return super().open(path, pflags, attrs)

    def write(self, file_obj: object, offset: int, data: bytes) -> int:
        if len(data) > self.router.flash.free:
            raise asyncssh.SFTPFailure("No space left on device")
        written = super().write(file_obj, offset, data)
        assert isinstance(written, int)
        return written
