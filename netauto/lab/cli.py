"""``netauto lab``: start, inspect, break and stop the simulated fleet.

The fleet's modules (asyncio, the SSH server, the control channel) are imported by the
commands that use them: ``netauto --help`` lists this group without loading them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from netauto.exceptions import ConfigError, LabError
from netauto.lab.addressing import DEFAULT_BASE, DEFAULT_COUNT
from netauto.process import wait_gone
from netauto.text import plural

if TYPE_CHECKING:
    from netauto.lab.fleet import AsyncFleet

config_option = click.option(
    "--config",
    "config_file",
    envvar="NETAUTO_CONFIG",
    default="config.yaml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Nornir config file (env NETAUTO_CONFIG); gives the lab's state folder and port.",
)
state_option = click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Lab state folder (default: lab.state_dir of the config file).",
)


def _settings(config_file: str, state_dir: Path | None) -> tuple[Path, int]:
    """State folder and port from the config file; defaults if there is none."""
    folder, port, _ = _lab_settings(config_file, state_dir)
    return folder, port


def _lab_settings(config_file: str, state_dir: Path | None) -> tuple[Path, int, int]:
    """State folder, SSH port and SNMP port from the config file; defaults if there is none."""
    from netauto.settings import load_settings

    try:
        settings = load_settings(config_file)
        folder, port = settings.lab_state_dir, settings.lab_port
        snmp_port = int(settings.value("lab.snmp_port"))
    except ConfigError:
        if Path(config_file).exists():
            raise
        folder, port, snmp_port = Path(".netauto/lab").resolve(), 2222, 1161
    return (state_dir.resolve() if state_dir else folder), port, snmp_port


@click.group()
def lab() -> None:
    """Simulated Cisco IOS routers over real SSH (R15..R25 on 127.0.0.15-25)."""


@lab.command()
@click.option("--count", type=click.IntRange(min=1), help=f"Routers R15 upward [{DEFAULT_COUNT}].")
@click.option("--routers", help="Router names instead of --count, e.g. R15-R25 or R15,R17.")
@click.option(
    "--base-address",
    default=DEFAULT_BASE,
    show_default=True,
    help="Address of R15; router Rn listens on base + (n - 15).",
)
@click.option("--port", type=click.IntRange(1, 65535), help="SSH port [lab.port, 2222].")
@click.option(
    "--snmp-port", type=click.IntRange(1, 65535), help="SNMP port, UDP [lab.snmp_port, 1161]."
)
@click.option("--detach", is_flag=True, help="Run in the background; stop with lab down.")
@click.option("--user-mode", is_flag=True, help="Log in at '>' (needs enable and the secret).")
@click.option(
    "--models",
    metavar="SPEC",
    help="Router images: ISR4331 (all) or R20-R25=ISR4331,R15=CISCO2911 [the inventory's "
    "data.model, else CISCO2911].",
)
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    envvar="NETAUTO_LOG_FORMAT",
    default="text",
    show_default=True,
    help="The lab's log (lab.log when detached): text, or one JSON object per line.",
)
@config_option
@state_option
def up(
    count: int | None,
    routers: str | None,
    base_address: str,
    port: int | None,
    snmp_port: int | None,
    detach: bool,
    user_mode: bool,
    models: str | None,
    log_format: str,
    config_file: str,
    state_dir: Path | None,
) -> None:
    """Start the fleet; write hosts.yaml and known_hosts into the state folder."""
    import asyncio

    from netauto.lab import daemon, hostdata

    folder, default_port, default_snmp = _lab_settings(config_file, state_dir)
    port = port or default_port
    snmp_port = snmp_port or default_snmp
    models = hostdata.combine(models, hostdata.host_models(Path(config_file)))
    if detach:
        state = daemon.spawn(
            folder,
            port,
            count=count,
            routers=routers,
            base=base_address,
            user_mode=user_mode,
            models=models,
            log_format=log_format,
            snmp_port=snmp_port,
        )
        routers_up = list(state.get("routers", []))  # type: ignore[call-overload]
        already = "already " if state.get("already_running") else ""
        snmp = state.get("snmp_port")
        click.echo(
            f"lab {already}running in the background (pid {state['pid']}): "
            f"{plural(len(routers_up), 'router')} on port {port} "
            f"({f'SNMP udp {snmp}' if snmp else 'no SNMP: its port is taken'}); "
            f"inventory {folder / 'hosts.yaml'}"
        )
        return

    def ready(fleet: AsyncFleet) -> None:
        for server in list(fleet.servers.values())[:20]:
            click.echo(f"  {server.spec.name:<8} {server.spec.address}:{port}")
        if len(fleet.servers) > 20:
            click.echo(f"  ... {len(fleet.servers) - 20} more")
        snmp = f"SNMP udp {fleet.snmp_port}" if fleet.snmp_port else "no SNMP: its port is taken"
        click.echo(
            f"lab up: {plural(len(fleet.servers), 'router')} ({snmp}); "
            f"inventory {folder / 'hosts.yaml'}, known_hosts {folder / 'known_hosts'}. "
            "Ctrl-C stops it."
        )

    if log_format == "json":  # else the command line's own log, as before
        daemon.configure_logging(log_format)
    asyncio.run(
        daemon.serve(
            folder,
            port,
            count=count,
            routers=routers,
            base=base_address,
            user_mode=user_mode,
            models=models,
            snmp_port=snmp_port,
            ready=ready,
        )
    )


@lab.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@config_option
@state_option
def status(as_json: bool, config_file: str, state_dir: Path | None) -> None:
    """Show the running fleet: routers, sessions, active faults."""
    from netauto.lab import control

    folder, _ = _settings(config_file, state_dir)
    result: dict[str, Any] = control.request(folder, "status")
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    snmp = f", SNMP udp {result['snmp_port']}" if result.get("snmp_port") else ""
    click.echo(f"lab on port {result['port']}{snmp}, state {result['state_dir']}")
    click.echo(
        f"{'ROUTER':<8} {'ADDRESS':<15} {'HOSTNAME':<12} {'MODEL':<10} {'UP':<4} "
        f"{'SESS':>4}  FAULTS"
    )
    for r in result["routers"]:
        faults = ", ".join(f"{k}={v}" for k, v in r["faults"].items()) or "-"
        up_flag = "yes" if r["listening"] else "no"
        click.echo(
            f"{r['name']:<8} {r['address']:<15} {r['hostname']:<12} {r.get('model', '?'):<10} "
            f"{up_flag:<4} {r['sessions']:>4}  {faults}"
        )


@lab.command()
@config_option
@state_option
def down(config_file: str, state_dir: Path | None) -> None:
    """Stop a detached fleet."""
    from netauto.lab import control

    folder, _ = _settings(config_file, state_dir)
    state = control.read_state(folder) or {}
    control.request(folder, "stop")
    pid = int(state.get("pid", 0))
    if pid:
        wait_gone(pid, 30)
    click.echo("lab stopped")


@lab.command()
@click.argument("host", required=False)
@config_option
@state_option
def reset(host: str | None, config_file: str, state_dir: Path | None) -> None:
    """Factory-reset one router (or all): configs, flash, archive, faults."""
    from netauto.lab import control

    folder, _ = _settings(config_file, state_dir)
    names = control.request(folder, "reset", host=host)
    click.echo(f"reset {plural(len(names), 'router')}")


@lab.command()
@click.argument("host")
@click.option("--latency", type=float, help="Seconds added before each answer.")
@click.option("--auth", type=click.Choice(["fail", "refuse", "ok"]), help="Break logins.")
@click.option("--drop", metavar="REGEX", help="Cut the connection on a matching command.")
@click.option("--nul", metavar="REGEX", help="A NUL byte in a matching command's answer.")
@click.option("--slow", metavar="REGEX", help="Answer a matching command late (6 s: a long diff).")
@click.option("--hang/--no-hang", default=None, help="Stop answering after login.")
@click.option("--flash-full/--no-flash-full", default=None)
@click.option("--scp-disabled/--scp-enabled", default=None)
@click.option("--archive-disabled/--archive-enabled", default=None)
@click.option("--down/--up", "down_", default=None, help="Close or reopen the listener.")
@click.option("--invalid", multiple=True, metavar="CMD", help="Answer CMD with % Invalid input.")
@click.option("--clear", is_flag=True, help="Clear every fault first.")
@config_option
@state_option
def fault(
    host: str,
    latency: float | None,
    auth: str | None,
    drop: str | None,
    nul: str | None,
    slow: str | None,
    hang: bool | None,
    flash_full: bool | None,
    scp_disabled: bool | None,
    archive_disabled: bool | None,
    down_: bool | None,
    invalid: tuple[str, ...],
    clear: bool,
    config_file: str,
    state_dir: Path | None,
) -> None:
    """Inject faults into a router of the running fleet, e.g. lab fault R17 --latency 2."""
    from netauto.lab import control
    from netauto.lab.faults import Faults

    folder, _ = _settings(config_file, state_dir)
    changes: dict[str, Any] = Faults().to_dict() if clear else {}
    wanted = {
        "latency": latency,
        "drop": drop,
        "nul": nul,
        "slow": slow,
        "hang": hang,
        "flash_full": flash_full,
        "scp_disabled": scp_disabled,
        "archive_disabled": archive_disabled,
        "down": down_,
    }
    changes.update({k: v for k, v in wanted.items() if v is not None})
    if auth is not None:
        changes["auth"] = None if auth == "ok" else auth
    if invalid:
        changes["invalid"] = list(invalid)
    if not changes:
        raise LabError("no fault given; see netauto lab fault --help")
    active = control.request(folder, "fault", host=host, faults=changes)
    shown = ", ".join(f"{k}={v}" for k, v in active.items()) or "none"
    click.echo(f"{host}: faults {shown}")


@lab.command("config")
@click.argument("host")
@config_option
@state_option
def show_config(host: str, config_file: str, state_dir: Path | None) -> None:
    """Print a router's running-config as the lab holds it."""
    from netauto.lab import control

    folder, _ = _settings(config_file, state_dir)
    click.echo(control.request(folder, "router", host=host)["running_config"], nl=False)
