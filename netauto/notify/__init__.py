"""Events and notifications: one typed event stream, its channels (email, webhooks, the bell).

:func:`netauto.notify.emit.emit` is the one way an event is made; the engine calls
:func:`netauto.notify.runs.run_events` with each run's report, the scheduler and the syslog
listener call ``emit`` for what they see. :func:`netauto.notify.deliver.drain` sends the
outbox (by the scheduler or the syslog listener process).
"""
