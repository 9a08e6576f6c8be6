"""Scheduled automation: runbooks fired on cron expressions or intervals.

A schedule (a row of ``automation_tasks``) names a runbook of :mod:`netauto.runbooks`, a host
selection and the runbook's options, and when to fire. ``netauto scheduler`` fires due
schedules through the runbook API: each fire is a run in ``runs`` linked to its schedule
(``runs.task_id``), with every host's result in the operations log as usual.

::

    from netauto.project import Project
    from netauto.schedule.timing import Timing
    from netauto.runbooks import Selection

    project = Project.open("config.yaml", user="ci-bot")
    project.schedules.add("nightly", runbook_name="backup", selection=Selection(),
                          tokens=["--startup"], description=None,
                          timing=Timing.parse("0 2 * * *", None, "Europe/Paris"))

Modules: ``timing`` (cron and intervals), ``runbooks`` (what may be scheduled: the runbooks'
declarations), ``store`` (the rows), ``manage`` (checked and authorized changes),
``lease`` (claiming a slot exactly once), ``fire`` (one fire), ``scheduler`` (the loop). The
``netauto scheduler`` process that runs the loop is a front end: :mod:`netauto.scheduler`.
"""
