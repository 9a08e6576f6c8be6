"""The pages: one blueprint per page of the PRD, plus the login.

Each view reads through :mod:`netauto.web.reads` or the library and renders a template;
views that change something are forms posting back with the CSRF token, then redirect.
"""

from __future__ import annotations

from flask import Blueprint


def blueprints() -> list[Blueprint]:
    from netauto.web.pages.admin import bp as admin
    from netauto.web.pages.auth import bp as auth
    from netauto.web.pages.automation import bp as automation
    from netauto.web.pages.chat import bp as chat
    from netauto.web.pages.compliance import bp as compliance
    from netauto.web.pages.dashboard import bp as dashboard
    from netauto.web.pages.devices import bp as devices
    from netauto.web.pages.notifications import bp as notifications
    from netauto.web.pages.operations import bp as operations
    from netauto.web.pages.profile import bp as profile
    from netauto.web.pages.search import bp as search

    return [
        auth,
        dashboard,
        devices,
        compliance,
        operations,
        automation,
        chat,
        admin,
        search,
        notifications,
        profile,
    ]
