"""Close a host's sessions as soon as its task is done, not when the whole run ends.

An idle paramiko session keeps a thread that wakes ten times a second: held open until the
end of a run, the sessions of a large fleet cost CPU in proportion to fleet x run time, which
grows faster than the fleet. Runbooks that run one task per host (backup, facts) add this
processor; runbooks that reuse a session across tasks do not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netauto.connect import close_host
from netauto.plugins.oplog import BaseProcessor

if TYPE_CHECKING:
    from nornir.core.inventory import Host
    from nornir.core.task import MultiResult, Task


class CloseWhenDone(BaseProcessor):  # type: ignore[misc]
    """Closes every connection of a host when its task completes (in that worker thread)."""

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        close_host(host)
