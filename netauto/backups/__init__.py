"""The backups folder as a git repository: one commit per run naming the hosts that changed.

Uses the ``git`` command line (no Python git library to install or import). A run that
changed nothing makes no commit. Library use::

    from netauto.backups import commit_backups
    result = nr.run(task=backup_config)
    commit = commit_backups(settings.backups_dir, user="ci-bot")

:mod:`~netauto.backups.commit` commits (one at a time per folder, across processes),
:mod:`~netauto.backups.history` reads the history back, both through
:mod:`~netauto.backups.repo` (the git command line).
"""

from __future__ import annotations

from netauto.backups.commit import Commit, commit_backups
from netauto.exceptions import BackupRepoError

__all__ = ["BackupRepoError", "Commit", "commit_backups"]
