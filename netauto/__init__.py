"""netauto: network automation for Cisco IOS fleets, on Nornir.

``from netauto import init_nornir`` is the library entry point; the heavy imports (Nornir,
SQLAlchemy) happen on first use, so ``import netauto`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netauto.depwarnings import ignore_known
from netauto.exceptions import NetautoError

ignore_known()  # exactly the dependencies' known import-time warnings (netauto/depwarnings.py)

if TYPE_CHECKING:
    from netauto.runner import init_nornir

__all__ = ["NetautoError", "init_nornir"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "init_nornir":
        from netauto.runner import init_nornir

        return init_nornir
    raise AttributeError(f"module 'netauto' has no attribute {name!r}")
