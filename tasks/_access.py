"""The operator's own access to a router (helper, not a task): what a candidate must keep.

A change that removes the login user in use, the vty lines' SSH login or the address netauto
reaches the router on leaves nobody able to log in again. :func:`removed_access` finds that
in a candidate before it is committed (a replace: what the candidate no longer has; a merge:
its ``no`` lines); the post-checks' fresh login catches what this cannot see (a changed
password, an ACL).
"""

from __future__ import annotations

from netauto.templating import ConfigLine, parse_lines


def _top(lines: list[ConfigLine], prefix: str) -> list[ConfigLine]:
    return [line for line in lines if not line.parents and line.text.startswith(prefix)]


def _has_user(lines: list[ConfigLine], username: str) -> bool:
    return any(line.text.split()[1:2] == [username] for line in _top(lines, "username "))


def _vty_children(lines: list[ConfigLine]) -> list[str]:
    return [
        line.text for line in lines if line.parents[:1] and line.parents[0].startswith("line vty")
    ]


def _vty_access(lines: list[ConfigLine]) -> tuple[bool, bool]:
    """(a vty login is configured, SSH is an allowed transport) over every vty block."""
    children = _vty_children(lines)
    login = any(text.startswith(("login local", "login authentication")) for text in children)
    ssh = any(
        text.startswith("transport input") and ({"ssh", "all"} & set(text.split()[2:]))
        for text in children
    )
    return login, ssh


def _address_interface(lines: list[ConfigLine], address: str) -> str | None:
    for line in lines:
        words = line.text.split()
        if (
            line.parents[:1]
            and line.parents[0].startswith("interface ")
            and words[:2]
            == [
                "ip",
                "address",
            ]
        ) and words[2:3] == [address]:
            return line.parents[0]
    return None


def removed_access(
    running: str, candidate: str, *, username: str | None, address: str | None, replace: bool
) -> list[str]:
    """What of the operator's access ``candidate`` removes from ``running``; [] if nothing."""
    before = parse_lines(running)
    after = parse_lines(candidate)
    problems: list[str] = []
    if replace:
        if username and _has_user(before, username) and not _has_user(after, username):
            problems.append(f"the login user {username}")
        login, ssh = _vty_access(before)
        login_after, ssh_after = _vty_access(after)
        if (login and not login_after) or (ssh and not ssh_after):
            problems.append("the vty access (line vty: login local / transport input ssh)")
        interface = _address_interface(before, address) if address else None
        if interface is not None:
            kept = _address_interface(after, address or "")
            shut = any(
                line.parents[:1] == (interface,) and line.text == "shutdown" for line in after
            )
            if kept != interface or shut:
                problems.append(f"the management address {address} ({interface})")
        return problems
    for line in after:
        words = line.text.split()
        if not line.parents and username and words[:3] == ["no", "username", username]:
            problems.append(f"the login user {username}")
        elif not line.parents and words[:3] == ["no", "line", "vty"]:
            problems.append("the vty access (no line vty)")
        elif (
            line.parents
            and line.parents[0].startswith("line vty")
            and words[:1] == ["no"]
            and (words[1:2] == ["login"] or words[1:3] == ["transport", "input"])
        ):
            problems.append(f"the vty access ({line.text})")
    interface = _address_interface(before, address) if address else None
    if interface is not None:
        for line in after:
            if line.parents[:1] == (interface,) and line.text in ("shutdown", "no ip address"):
                problems.append(f"the management address {address} ({interface}: {line.text})")
            elif not line.parents and line.text == f"no {interface}":
                problems.append(f"the management address {address} ({line.text})")
    return list(dict.fromkeys(problems))
