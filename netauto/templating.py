"""Render Jinja2 config templates for a host, and read the candidates they produce.

Templates live under ``templates_dir`` (``templates/ios/ntp.j2``) and see every inventory data
key of the host (host, groups, defaults merged), the Nornir ``host`` itself and ``env(NAME)``
for values that never sit in the inventory (SNMP communities). Undefined variables are errors
(StrictUndefined); every error names the template, the line and the host.

A template can tell a merge deploy which existing lines it owns, with IOS comment lines::

    ! netauto: replace ntp server                       # top-level lines starting so
    ! netauto: replace-children ip access-list standard MGMT   # the children of that section

Lines it owns that are on the router but not in the candidate are removed with ``no`` lines
(:func:`prune_lines`), so a merge converges on the intent and a second deploy changes nothing.
"""

from __future__ import annotations

import os
import re
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from netauto.exceptions import NetautoError
from netauto.exceptions import TemplateError as TemplateError  # re-exported

DIRECTIVE = "! netauto:"
_environments: dict[tuple[str, ...], jinja2.Environment] = {}
_lock = threading.Lock()


class _MissingEnvironment(Exception):
    pass


def _env_lookup(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise _MissingEnvironment(f"environment variable {name} is not set")
    return value


def setting_function(lookup: Callable[[str], Any] | None) -> Callable[[str], str]:
    """``setting("snmp.community")`` for templates: a value of the settings, secrets included.

    ``lookup`` is the run's ``Settings.value`` (environment > database > config.yaml);
    outside a netauto run, the key's environment variable.
    """
    from netauto.settings_schema import spec_of

    def setting(key: str) -> str:
        spec = spec_of(key)
        value = lookup(key) if lookup is not None else os.environ.get(spec.variable)
        if value is None or value == "":
            raise _MissingEnvironment(
                f"setting {key} is not set ({spec.variable}, or `netauto settings set {key}`)"
            )
        return str(value)

    return setting


def _environment(search_path: tuple[str, ...]) -> jinja2.Environment:
    with _lock:
        env = _environments.get(search_path)
        if env is None:
            env = jinja2.Environment(
                loader=jinja2.FileSystemLoader(list(search_path)),
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
                autoescape=False,
            )
            env.globals["env"] = _env_lookup
            # Outside a run, setting() reads the environment; a run passes its own lookup.
            env.globals["setting"] = setting_function(None)
            _environments[search_path] = env
        return env


def _resolve(templates_dir: Path, name: str) -> tuple[tuple[str, ...], str]:
    """A template name under ``templates_dir``, or a path to a ``.j2`` file anywhere (any
    other file is refused: ``-t /etc/shadow`` must not print it)."""
    inside = not Path(name).is_absolute() and (templates_dir / name).is_file()
    if inside or not Path(name).exists():
        return (str(templates_dir),), name
    if not Path(name).is_file() or Path(name).suffix != ".j2":
        raise TemplateError(
            f"template {name}: not a template of {templates_dir} nor a .j2 file: not read"
        )
    path = Path(name).resolve()
    return (str(path.parent), str(templates_dir)), path.name


def load_template(templates_dir: Path, name: str) -> jinja2.Template:
    """Find and compile a template; a missing file or a syntax error is a TemplateError."""
    search_path, template_name = _resolve(templates_dir, name)
    try:
        return _environment(search_path).get_template(template_name)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name} (looked in {templates_dir})") from None
    except jinja2.TemplateSyntaxError as exc:
        where = exc.name or exc.filename or name
        raise TemplateError(f"{where} line {exc.lineno}: {exc.message}") from None
    except UnicodeDecodeError as exc:
        raise TemplateError(
            f"template {name}: not UTF-8 text (byte {exc.start}: a binary file?)"
        ) from None
    except OSError as exc:
        raise TemplateError(f"template {name}: cannot read: {exc.strerror or exc}") from None


def _template_line(exc: BaseException, fallback: str) -> str:
    """``name line N`` of the innermost template frame of a rendering error."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or frame.filename == "<template>":
            return f"{_short(frame.filename)} line {frame.lineno}"
    return fallback


def _short(filename: str) -> str:
    parts = Path(filename).parts
    return "/".join(parts[-2:]) if len(parts) >= 2 else filename


def render_template(templates_dir: Path, name: str, data: Mapping[str, Any], host_name: str) -> str:
    """The rendered candidate; errors name the template, the line and the host."""
    template = load_template(templates_dir, name)
    try:
        return template.render(**data)
    except (jinja2.UndefinedError, _MissingEnvironment) as exc:
        where = _template_line(exc, name)
        raise TemplateError(f"{where}: {exc} (host {host_name})") from None
    except jinja2.TemplateError as exc:
        where = _template_line(exc, name)
        raise TemplateError(f"{where}: {exc} (host {host_name})") from None
    except NetautoError:
        raise
    except Exception as exc:  # {{ 1 // 0 }}, a filter given the wrong type: the template's
        where = _template_line(exc, name)
        raise TemplateError(f"{where}: {type(exc).__name__}: {exc} (host {host_name})") from None


@dataclass(frozen=True)
class ConfigLine:
    """One configuration line with the section headers above it."""

    parents: tuple[str, ...]
    text: str


# ``banner motd #`` ... ``#``: any delimiter IOS accepts (a character, or ``^C`` as printed).
_BANNER = re.compile(r"^banner\s+(?:motd|login|exec|incoming)\s+(\^C|\S)(.*)$", re.IGNORECASE)


def _banner_lines(lines: Iterator[str], body: str) -> str:
    """A banner as one line: its first line, and the lines up to its closing delimiter."""
    found = _BANNER.match(body)
    if found is None:
        return body
    delimiter, rest = found.group(1), found.group(2)
    parts = [body]
    while delimiter not in rest:
        following = next(lines, None)
        if following is None:
            break
        parts.append(following)
        rest = following
    return "\n".join(parts)


def parse_lines(config: str) -> list[ConfigLine]:
    """The lines of an IOS config (indentation gives the sections); comments are skipped.

    A multi-line banner is one line: its text is not config lines of its own.
    """
    lines: list[ConfigLine] = []
    stack: list[tuple[int, str]] = []
    raws = iter(config.splitlines())
    for raw in raws:
        body = raw.strip()
        if body.lower().startswith("banner "):
            body = _banner_lines(raws, body)
        if not body or body.startswith("!") or (body == "end" and raw == body):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        lines.append(ConfigLine(tuple(text for _, text in stack), body))
        stack.append((indent, body))
    return lines


def directives(candidate: str) -> list[tuple[str, str]]:
    """The ``! netauto: <verb> <argument>`` lines of a candidate."""
    found: list[tuple[str, str]] = []
    for raw in candidate.splitlines():
        body = raw.strip()
        if body.startswith(DIRECTIVE):
            verb, _, argument = body[len(DIRECTIVE) :].strip().partition(" ")
            if verb not in ("replace", "replace-children") or not argument.strip():
                raise TemplateError(f"unknown netauto directive: {body!r}")
            found.append((verb, " ".join(argument.split())))
    return found


def prune_lines(candidate: str, running: str) -> list[str]:
    """``no`` lines removing what the candidate's directives own but no longer wants."""
    wanted = set(parse_lines(candidate))
    present = parse_lines(running)
    out: list[str] = []
    for verb, argument in directives(candidate):
        if verb == "replace":
            for line in present:
                if not line.parents and _starts(line.text, argument) and line not in wanted:
                    out.append(f"no {line.text}")
        else:
            children = [
                line for line in present if line.parents == (argument,) and line not in wanted
            ]
            if children:
                out.append(argument)
                out.extend(f" no {line.text}" for line in children)
    return out


def _starts(text: str, prefix: str) -> bool:
    return text.split()[: len(prefix.split())] == prefix.split()


def with_pruning(candidate: str, running: str) -> str:
    """The candidate preceded by the ``no`` lines of :func:`prune_lines`."""
    removals = prune_lines(candidate, running)
    if not removals:
        return candidate
    return "\n".join(removals) + "\n" + candidate


def without_directives(candidate: str) -> str:
    """The candidate without ``! netauto:`` lines: they are for us, not for the router."""
    return "\n".join(
        line for line in candidate.split("\n") if not line.strip().startswith(DIRECTIVE)
    )
