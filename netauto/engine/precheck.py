"""Refuse a run before it starts: what it would refuse at once, checked with no router touched.

``netauto schedule add`` (a fire hours later must not find a missing template) and the web
(a job must not start in the background only to fail) call :func:`check_run` with the
runbook's declaration, the selection and the arguments :meth:`Runbook.accept` gave.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from netauto.engine.declaration import Runbook
    from netauto.engine.session import Selection


def check_run(
    runbook: Runbook,
    selection: Selection,
    arguments: Mapping[str, Any],
    *,
    config: str | os.PathLike[str] | None,
    user: str | None = None,
) -> None:
    """The runbook's own checks (templates exist, getters known, a provider to call, options
    that go together), then the selection (unknown hosts or groups, nothing selected).

    The runbook runs under :func:`~netauto.engine.session.check_only`: as far as its run, which
    does not open. Raises the UsageError the run would raise.
    """
    from netauto.engine.session import OptionsChecked, RunOptions, check_only
    from netauto.runner import init_nornir
    from netauto.selection import select_hosts

    function = runbook.load()
    try:
        with check_only():
            function(selection, **arguments, options=RunOptions(config=config, user=user))
    except OptionsChecked:
        pass
    nr = init_nornir(config, record=False, user=user)
    select_hosts(nr, selection.hosts, selection.groups, selection.filters)
