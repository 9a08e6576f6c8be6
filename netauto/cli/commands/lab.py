"""``netauto lab``: the simulated fleet's command group, which lives with the lab itself."""

from __future__ import annotations

from netauto.lab.cli import lab

__all__ = ["lab"]
