"""The device registry: add, edit, retire, restore, import and export routers.

One library for every front end (``netauto devices``, ``/api/devices``, the devices pages):
they open a project and call ``project.registry`` (a :class:`Registry`), nothing else.
Changes need the operator role and a database inventory (``inventory.plugin:
netauto.database`` in config.yaml); with the YAML inventory the registry is read-only and
says so. Each change is one audit row (``device_add``, ``device_edit``...) holding the
router before and after; an import writes all its rows or none.
"""

from netauto.registry.core import ImportPlan, Registry

__all__ = ["ImportPlan", "Registry"]
