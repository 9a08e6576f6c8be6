"""The engine every front end calls: run context, progress events, reports, the change flow.

A runbook (``netauto.runbooks``) opens a run with :func:`netauto.engine.session.open_run`,
runs task plugins on the selected hosts and returns a :class:`~netauto.report.RunReport`.
The engine never prints, prompts or exits: questions go through a ``confirm`` callback and
progress goes out as :class:`~netauto.engine.events.Progress` events, which the CLI draws as a
bar and other front ends forward. Nothing here imports click.
"""
