"""Files and folders that can hold secrets, created readable by their owner only.

The SQLite database, the spool, rendered and generated candidates, the backups and their git
objects may all hold router secrets: they are created 0600 (folders 0700) whatever the
umask. Existing files and folders are left as their owner set them.
"""

from __future__ import annotations

import os
from pathlib import Path


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) 0700; an existing folder is left as it is."""
    missing = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    path.mkdir(parents=True, exist_ok=True)
    for folder in missing:
        os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty and 0600 if it does not exist (its folder 0700 if missing)."""
    private_dir(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    return path


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path``, created 0600 when new."""
    private_file(path)
    path.write_text(text, encoding="utf-8")
    return path
