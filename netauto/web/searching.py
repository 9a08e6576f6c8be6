"""Search results as the API and the page show them: each hit with the page it links to.

A config line links to its router's page with the diff that added it (the version before
its first one, to its first), a run to the run's page, a document section to its file
under ``/search/doc`` (project docs) or netauto's documentation.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from netauto.search import ConfigHit, DocHit, Results


def config_url(hit: ConfigHit) -> str:
    if hit.before:
        diff: dict[str, Any] = {"from": hit.before, "to": hit.first.sha}
        return url_for("devices.detail", name=hit.router, **diff)
    return url_for("devices.detail", name=hit.router)


def doc_url(hit: DocHit) -> str:
    if hit.kind == "run":
        return url_for("operations.detail", ref=hit.ref.replace("-", ""))
    return url_for("search.doc", ref=hit.ref.split("#", 1)[0]) + (
        "#" + hit.ref.split("#", 1)[1] if "#" in hit.ref else ""
    )


def results_json(results: Results) -> dict[str, Any]:
    data = results.to_json()
    for hit, shown in zip(results.config, data["config"], strict=True):
        shown["url"] = config_url(hit)
    for name in ("runs", "docs"):
        for hit, shown in zip(getattr(results, name), data[name], strict=True):
            shown["url"] = doc_url(hit)
    return data
