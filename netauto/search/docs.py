"""Markdown documents as the index keeps them: one entry per section (a heading and its text).

The project's ``docs/`` folder (runbooks, standards, the team's notes) and netauto's own
documentation (``docs/`` beside the package in a source checkout). A file's entries carry its
size and modification time, so a changed file is indexed again and an unchanged one is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from netauto.db.search_index import IndexDoc
from netauto.secrets import mask_markdown

_HEADING = re.compile(r"^(#{1,4})\s+(.*?)\s*#*\s*$")
_MAX_FILES = 2000
_MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class DocFolder:
    """A folder of markdown files and the prefix of its refs (``project``, ``netauto``)."""

    prefix: str
    path: Path


def own_docs() -> Path | None:
    """netauto's own docs folder in a source checkout (an installed wheel has none)."""
    folder = Path(__file__).resolve().parents[2] / "docs"
    return folder if (folder / "architecture.md").is_file() else None


def markdown_files(folder: DocFolder) -> Iterator[tuple[str, Path, str]]:
    """(ref of the file, path, signature) of each markdown file, sorted."""
    if not folder.path.is_dir():
        return
    for count, path in enumerate(sorted(folder.path.rglob("*.md"))):
        if count >= _MAX_FILES:
            return
        try:
            stat = path.stat()
        except OSError:
            continue
        if stat.st_size > _MAX_BYTES or not path.is_file():
            continue
        ref = f"{folder.prefix}:{path.relative_to(folder.path).as_posix()}"
        yield ref, path, f"{stat.st_mtime_ns}-{stat.st_size}"


def slug(title: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", title.lower()).strip().replace(" ", "-")


def sections(ref: str, text: str, *, sig: str, at: datetime) -> list[IndexDoc]:
    """The file's sections: ``ref#anchor``, title "file: heading", the masked text."""
    found: list[IndexDoc] = []
    title, anchor = "", ""
    lines: list[str] = []
    file_name = ref.split(":", 1)[1]

    def close() -> None:
        body = mask_markdown("\n".join(lines)).strip()
        if body or title:
            shown = f"{file_name}: {title}" if title else file_name
            found.append(
                IndexDoc("doc", f"{ref}#{anchor}" if anchor else ref, shown, body, at=at, sig=sig)
            )

    fenced, used = False, {""}
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        heading = None if fenced else _HEADING.match(line)
        if heading:
            close()
            title, anchor, lines = heading.group(2), slug(heading.group(2)), []
            base, number = anchor, 0
            while anchor in used:
                number += 1
                anchor = f"{base}-{number}"
            used.add(anchor)
        else:
            lines.append(line)
    close()
    if not found:  # an empty file: one entry all the same, so that its signature is known
        found.append(IndexDoc("doc", ref, file_name, "", at=at, sig=sig))
    return found


def file_sections(ref: str, path: Path, sig: str) -> list[IndexDoc]:
    at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return sections(ref, path.read_text(encoding="utf-8", errors="replace"), sig=sig, at=at)
