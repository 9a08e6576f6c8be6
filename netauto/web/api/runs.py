"""``POST /api/runs``: any declared runbook on a selection, run by a runner process;
``GET /api/runbooks``: the runbooks and their parameters (what the run form draws);
``/api/jobs``: the runs started from the web, with their progress;
``POST /api/jobs/ID/cancel``: stop one (as Ctrl-C stops the command line's)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import Forbidden, NotFound

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.params import text
from netauto.web.security import identity, needs
from netauto.web.state import web_state

bp = Blueprint("runs", __name__)


def _strings(body: dict[str, Any], key: str) -> tuple[str, ...]:
    value = body.get(key) or []
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{key} must be a list of names")
    return tuple(v.strip() for v in value if v.strip())


def selection_of(body: dict[str, Any]) -> Any:
    from netauto.engine.options import Selection

    filters = body.get("filters") or {}
    if not isinstance(filters, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in filters.items()
    ):
        raise UsageError("filters must be an object of key: value strings")
    return Selection(_strings(body, "hosts"), _strings(body, "groups"), dict(filters))


@bp.get("/runbooks")
@needs(Permission.READ)
def runbooks() -> ResponseReturnValue:
    """Every declared runbook: name, summary, help, whether it changes routers, the
    permission it needs and its parameters (name, kind, default, bounds, choices...)."""
    from netauto.engine.registry import declared

    return jsonify([runbook.to_dict() for runbook in declared().values()])


@bp.post("/runs")
@needs(Permission.CHANGE)
def start() -> ResponseReturnValue:
    """``{"runbook": "backup", "hosts": ["R15"], "groups": [], "filters": {},
    "options": {"startup": true}}``; nothing selected means every host. The options are the
    runbook's parameters, by name. A runbook that changes routers runs dry; it commits with
    ``"options": {"commit": true, ...}`` and ``"preview": JOB`` (its finished dry run).
    Answers 202 with the job; its progress is on /api/events."""
    from netauto.engine.registry import find
    from netauto.web.jobs import TooBusy

    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise UsageError('send a JSON object: {"runbook": "backup", "hosts": ["R15"]}')
    options = body.get("options") or {}
    if not isinstance(options, dict):
        raise UsageError('options must be an object: {"name": value}')
    preview = body.get("preview")
    if preview is not None and not isinstance(preview, str):
        raise UsageError("preview must be the id of a job")
    runbook = find(text(body, "runbook", required=True) or "")
    arguments = runbook.accept(options, remote=True)
    needed = runbook.needs(arguments)
    if not identity().can(needed):
        raise Forbidden(f"{runbook.name} with these options needs the {needed} permission")
    try:
        job = web_state().jobs.run(
            runbook,
            selection_of(body),
            identity().username,
            arguments,
            options=options,
            preview=preview,
        )
    except TooBusy as exc:
        response = jsonify({"error": str(exc)})
        response.status_code = 429
        return response
    response = jsonify(job.to_json())
    response.status_code = 202
    response.headers["Location"] = url_for("api.runs.job", ident=job.id.hex)
    return response


@bp.get("/jobs")
@needs(Permission.READ)
def jobs() -> ResponseReturnValue:
    return jsonify([job.to_json() for job in web_state().jobs.recent()])


@bp.get("/jobs/<ident>")
@needs(Permission.READ)
def job(ident: str) -> ResponseReturnValue:
    found = web_state().jobs.get(ident)
    if found is None:
        raise NotFound(f"no job {ident!r}")
    return jsonify(found.to_json())


@bp.post("/jobs/<ident>/cancel")
@needs(Permission.READ)
def cancel(ident: str) -> ResponseReturnValue:
    """Stop a job: a queued one now; a running one stops further routers and rolls back a
    router whose commit has begun. Its own user, or an operator."""
    jobs = web_state().jobs
    found = jobs.get(ident)
    if found is None:
        raise NotFound(f"no job {ident!r}")
    if found.user != identity().username and not identity().can(Permission.CHANGE):
        raise Forbidden("only its user or an operator cancels a run")
    if not found.active:
        raise UsageError(f"job {ident} already ended ({found.status})")
    cancelled = jobs.cancel(ident)
    assert cancelled is not None
    response = jsonify(cancelled.to_json())
    response.status_code = 202
    return response
