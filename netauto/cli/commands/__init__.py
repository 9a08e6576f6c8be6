"""Built-in commands, one module each, found by the ``netauto`` group itself.

A module here named ``name`` defines the click command ``name`` (``-`` for ``_`` in the
command's name). Adding a built-in command is adding a module: no list to edit, no
reinstall. Runbooks have no module here: their commands are made from their declarations
(:mod:`netauto.cli.declared`, :mod:`netauto.engine.declaration`).
"""
