"""Changes from chat are proposals: the generate gate, the router's diff, an operator commits.

``propose_change`` (a tool of the model) puts the model's config through the gate of
``netauto generate`` (policy with each router's management interface, IOS syntax) and then
the ``deploy`` runbook's dry run, which gives each router's own diff; nothing is committed.
The proposal is shown to the user with its diffs. :func:`commit` is the user's act, never the
model's: it needs the operator role (whatever ``auth.enforce`` says) and goes through the one
change flow (``deploy`` with ``config=``: locks, snapshot, post-checks, rollback), committing
only if each router's diff is still the one shown.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from netauto.ai.messages import ToolSpec
from netauto.chat.tools import Tool, ToolContext, schema
from netauto.exceptions import PermissionDenied, UsageError

if TYPE_CHECKING:
    from netauto.report import RunReport


@dataclass
class Proposal:
    id: str
    hosts: list[str]
    candidate: str
    diffs: dict[str, str]
    reason: str = ""
    run_id: str | None = None
    status: str = "proposed"  # proposed | committed | failed | declined

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Proposal:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


def _managements(context: ToolContext, hosts: list[str]) -> set[str | None]:
    """Each named router's management interface, from its last backup in the database."""
    from netauto.ai.config import load_ai_settings
    from netauto.ai.policy import management_interface
    from netauto.chat.lookups import project_of

    fixed = load_ai_settings(context.settings).management_interface
    if fixed:
        return {fixed}
    found: set[str | None] = {None}
    for config, address in project_of(context).devices.last_configs(hosts).values():
        found.add(management_interface(config, address))
    return found


def propose_change(context: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
    from netauto.ai.config import load_ai_settings
    from netauto.ai.extract import extract_config
    from netauto.ai.verify import verify_candidate
    from netauto.runbooks import deploy

    selection = context.selection(args)
    candidate = extract_config(str(args["config"]))
    patterns = load_ai_settings(context.settings).patterns
    for management in _managements(context, list(selection.hosts)):
        verdict = verify_candidate(candidate, patterns, None, management=management)
        if not verdict.passed:
            return {"status": "rejected", "check": verdict.check, "error": verdict.error}
    report = deploy(selection, candidate=candidate, options=context.options())
    diffs: dict[str, str] = {}
    problems: dict[str, str] = {}
    for outcome in report.hosts:
        if outcome.failed:
            problems[outcome.host] = outcome.detail
        elif outcome.data.get("warning"):
            problems[outcome.host] = f"rejected by the router: {outcome.data['warning']}"
        elif outcome.changed:
            diffs[outcome.host] = outcome.diff
    if not diffs:
        status = "rejected" if problems else "no change"
        return {"status": status, "problems": problems, "run": report.run_id}
    ident = f"P{len(context.proposals) + 1}"
    proposal = Proposal(
        ident, sorted(diffs), candidate, diffs, str(args.get("reason") or ""), report.run_id
    )
    context.proposals[ident] = proposal
    return {
        "status": "proposed",
        "proposal": ident,
        "diffs": diffs,
        "problems": problems,
        "run": report.run_id,
        "next": f"Shown to the user with the diffs. Only the user can commit it (/commit {ident}, "
        "operator role); you cannot. Nothing has changed on any router.",
    }


def ready(context: ToolContext, ident: str) -> Proposal:
    """The proposal ``ident`` if it may be committed now by this user (an operator)."""
    from netauto.auth import Permission, lookup

    proposal = context.proposals.get(ident.strip().upper())
    if proposal is None:
        known = ", ".join(context.proposals) or "none"
        raise UsageError(f"no proposal {ident.strip()!r} in this session (proposals: {known})")
    if proposal.status != "proposed":
        raise UsageError(f"proposal {proposal.id} is {proposal.status}: propose it again")
    identity = lookup(context.url, context.username)
    if identity is None or not identity.can(Permission.CHANGE):
        role = f"a {identity.role}" if identity is not None else "not a netauto user"
        raise PermissionDenied(
            f"committing from chat needs the operator role: {context.username} is {role}"
        )
    return proposal


def commit(context: ToolContext, ident: str) -> RunReport:
    """Commit a proposal of this session as its user, if an operator; the one change flow."""
    from netauto.engine.options import Selection
    from netauto.engine.preview import as_previewed
    from netauto.runbooks import deploy

    proposal = ready(context, ident)
    report = deploy(
        Selection(hosts=tuple(proposal.hosts)),
        candidate=proposal.candidate,
        commit=True,
        confirm=as_previewed(proposal.diffs),
        options=context.options(),
    )
    proposal.status = "declined" if report.declined else "failed" if report.failed else "committed"
    return report


PROPOSE_TOOL = Tool(
    ToolSpec(
        "propose_change",
        "Propose a configuration change: IOS config lines to merge (global config mode, "
        "sub-mode lines indented one space, no 'configure terminal'/'end'). It is checked "
        "(policy, syntax) and each router's own dry-run diff is shown to the user; nothing is "
        "committed. Only the user can commit a proposal.",
        schema(
            {
                "hosts": {"type": "array", "items": {"type": "string"}},
                "group": {"type": "string"},
                "config": {"type": "string", "description": "the IOS configuration lines"},
                "reason": {"type": "string", "description": "what the change is for"},
            },
            ("config",),
        ),
    ),
    propose_change,
    mcp=False,
)
