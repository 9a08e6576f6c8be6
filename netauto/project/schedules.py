"""``project.schedules``: the schedules, read, and changed through :mod:`netauto.schedule.manage`
(checked and authorized there, as the project's operator)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netauto.db.rows import RunRow
    from netauto.engine.options import Selection
    from netauto.project.core import Project
    from netauto.schedule.fire import Fired
    from netauto.schedule.store import Schedule
    from netauto.schedule.timing import Timing


class Schedules:
    def __init__(self, project: Project) -> None:
        self.project = project

    def list(self) -> builtins.list[Schedule]:
        from netauto.schedule import store

        return store.all_schedules(self.project.url)

    def get(self, name: str) -> Schedule:
        """The schedule ``name``; UsageError naming the known ones when there is none."""
        from netauto.schedule import store

        return store.get(self.project.url, name)

    def runs(self, name: str, *, limit: int = 10) -> builtins.list[RunRow]:
        """Its last fires (runs linked to it), newest first."""
        from netauto.schedule import store

        return store.runs_of(self.project.url, self.get(name).id, limit)

    def add(
        self,
        name: str,
        *,
        runbook_name: str,
        selection: Selection,
        tokens: Sequence[str],
        timing: Timing,
        description: str | None = None,
    ) -> Schedule:
        from netauto.schedule import manage

        return manage.add(
            self.project,
            name,
            runbook_name=runbook_name,
            selection=selection,
            tokens=tokens,
            timing=timing,
            description=description,
        )

    def edit(
        self,
        name: str,
        *,
        runbook_name: str | None = None,
        selection: Selection | None = None,
        tokens: Sequence[str] = (),
        timing: Timing | None = None,
        description: str | None = None,
    ) -> Schedule:
        """Change what is given; runbook options merge (all replaced with a new runbook)."""
        from netauto.schedule import manage

        return manage.edit(
            self.project,
            name,
            runbook_name=runbook_name,
            selection=selection,
            tokens=tokens,
            timing=timing,
            description=description,
        )

    def set_active(self, name: str, active: bool) -> Schedule:
        from netauto.schedule import manage

        return manage.set_active(self.project, name, active)

    def remove(self, name: str) -> Schedule:
        from netauto.schedule import manage

        return manage.remove(self.project, name)

    def run_now(self, name: str) -> Fired:
        """Fire it once now, as the operator (operator role), whatever its timing."""
        from netauto.schedule import manage

        return manage.run_now(self.project, name)
