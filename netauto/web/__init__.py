"""``netauto web``: the dashboard, devices, operations, automation, chat and settings pages.

A Flask application over the same library as the command line: pages and the JSON API under
``/api/`` only read through :mod:`netauto.db` and start runs through :mod:`netauto.runbooks`;
no runbook logic lives here.

Modules: ``app`` (the factory), ``security`` (logins, sessions, CSRF, roles on every route),
``state`` (what the app holds), ``feed`` (live events from the operations log), ``jobs``
(runs started from a page), ``serialize`` (JSON shapes), ``server`` (waitress, detached
or not); blueprints in ``pages`` (one module per page) and ``api`` (one per area).
Templates and the vendored Bootstrap, Chart.js and icons are package data.
"""

from __future__ import annotations

from netauto.web.app import create_app

__all__ = ["create_app"]
