"""Refuse a run before it starts: what it would refuse at once, checked with no router touched.

``netauto schedule add`` (a fire hours later must not find a missing template) and the web
(a job must not start in the background only to fail) call :func:`check_run` with the
runbook's declaration, the selection and the arguments :meth:`Runbook.accept` gave.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from netauto.engine.declaration import Runbook
    from netauto.engine.options import Selection
    from netauto.settings import Settings


def check_run(
    runbook: Runbook,
    selection: Selection,
    arguments: Mapping[str, Any],
    settings: Settings,
    *,
    user: str | None = None,
) -> None:
    """The runbook's own checks (templates exist, getters known, a provider to call, options
    that go together), then the selection (unknown hosts or groups, nothing selected).

    The runbook runs under :func:`~netauto.engine.options.check_only`: as far as its run, which
    does not open. Raises the UsageError the run would raise.
    """
    from netauto.engine.inventory import check_selection
    from netauto.engine.options import OptionsChecked, RunOptions, check_only

    function = runbook.load()
    options = RunOptions(config=settings.config_file, user=user)
    try:
        with check_only():
            function(selection, **arguments, options=options)
    except OptionsChecked:
        pass
    check_selection(settings, selection, user=user)
