"""Scheduled automation: runbooks fired on cron expressions or intervals.

A schedule (a row of ``automation_tasks``) names a runbook of :mod:`netauto.runbooks`, a host
selection and the runbook's options, and when to fire. ``netauto scheduler`` fires due
schedules through the runbook API: each fire is a run in ``runs`` linked to its schedule
(``runs.task_id``), with every host's result in the operations log as usual.

::

    from netauto.schedule import manage
    from netauto.schedule.timing import Timing
    from netauto.runbooks import Selection

    manage.add("config.yaml", "nightly", runbook_name="backup", selection=Selection(),
               tokens=["--startup"], timing=Timing.parse("0 2 * * *", None, "Europe/Paris"),
               description=None, user="ci-bot")

Modules: ``timing`` (cron and intervals), ``runbooks`` (what may be scheduled: the runbooks'
declarations), ``store`` (the rows), ``manage`` (checked and authorized changes),
``lease`` (claiming a slot exactly once), ``fire`` (one fire), ``record`` (runs of fires
that did not start), ``scheduler`` (the loop), ``daemon`` (the process).
"""
