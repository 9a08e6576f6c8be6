"""The router images a lab can serve: hardware model, IOS release, interface names, file system.

``CISCO2911`` (IOS 15.7, the default) and ``ISR4331`` (IOS XE 17.9). A fleet picks one per
router: ``--models ISR4331`` (all), or ``--models R20-R25=ISR4331,R15=CISCO2911``.
"""

from __future__ import annotations

from dataclasses import dataclass

from netauto.exceptions import LabError
from netauto.lab.ranges import parse_routers


@dataclass(frozen=True)
class Model:
    key: str
    pid: str
    version: str  # as ``show version`` prints it
    config_version: str  # the ``version`` line of the running-config
    image: str
    image_size: int
    flash_total: int
    file_system: str  # what ``dir`` shows; ``flash:`` is accepted everywhere as an alias
    port_prefix: str  # interface numbering below GigabitEthernet: 0/ or 0/0/
    ports: int
    xe: bool

    def port(self, index: int) -> str:
        return f"GigabitEthernet{self.port_prefix}{index}"


MODELS = {
    "CISCO2911": Model(
        key="CISCO2911",
        pid="CISCO2911/K9",
        version="15.7(3)M8",
        config_version="15.7",
        image="c2900-universalk9-mz.SPA.157-3.M8.bin",
        image_size=110_260_020,
        flash_total=256_487_424,
        file_system="flash:",
        port_prefix="0/",
        ports=3,
        xe=False,
    ),
    "ISR4331": Model(
        key="ISR4331",
        pid="ISR4331/K9",
        version="17.9.4a",
        config_version="17.9",
        image="isr4300-universalk9.17.09.04a.SPA.bin",
        image_size=703_466_524,
        flash_total=7_194_652_672,
        file_system="bootflash:",
        port_prefix="0/0/",
        ports=3,
        xe=True,
    ),
}
DEFAULT_MODEL = "CISCO2911"


def get_model(name: str) -> Model:
    key = name.upper().removesuffix("/K9")
    if key not in MODELS:
        raise LabError(f"unknown router model {name!r}; known: {', '.join(MODELS)}")
    return MODELS[key]


def parse_models(text: str | None) -> tuple[str, dict[int, str]]:
    """``ISR4331`` or ``R20-R25=ISR4331,R15=CISCO2911`` -> (default model, per-router models)."""
    default, chosen = DEFAULT_MODEL, {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        if "=" not in part:
            default = get_model(part).key
            continue
        routers, _, model = part.rpartition("=")
        key = get_model(model).key
        chosen.update(dict.fromkeys(parse_routers(routers), key))
    return default, chosen
