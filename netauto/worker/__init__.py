"""``netauto worker``: the Celery worker's side of the celery executor (a front end).

:mod:`.serve` checks the project and runs a Celery worker; its app gets the shard task
(:func:`.shard.register`); each shard (:mod:`.shard`) runs a task plugin on a few hosts of
the worker's own inventory under the caller's run, and logs them with :mod:`.record`'s
processor. The caller's side, the ``netauto.celery`` runner plugin, is :mod:`netauto.executor`.
"""
