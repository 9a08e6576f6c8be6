"""Compliance: routers by features at a glance, and one router's feature in detail (the
missing and extra lines, and the remediation commands ``netauto remediate`` would send)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from netauto.auth import Permission
from netauto.web.reads import compliance_cell
from netauto.web.security import needs
from netauto.web.state import project

bp = Blueprint("compliance", __name__, url_prefix="/compliance")


@bp.get("/")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    return render_template("compliance.html", matrix=project().compliance.matrix())


@bp.get("/<name>/<feature>")
@needs(Permission.READ)
def detail(name: str, feature: str) -> ResponseReturnValue:
    return render_template("compliance_cell.html", row=compliance_cell(name, feature))
