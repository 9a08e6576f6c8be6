"""Search: the header's box lands here; results grouped by kind, each linking to the router
(with the diff that added the line), the run or the document."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from netauto.auth import Permission
from netauto.exceptions import UsageError
from netauto.web.security import needs
from netauto.web.state import project

bp = Blueprint("search", __name__, url_prefix="/search")
KINDS = ("config", "runs", "docs")


@bp.get("/")
@needs(Permission.READ)
def index() -> ResponseReturnValue:
    from netauto.web.searching import config_url, doc_url

    args = request.args
    query = args.get("q", "").strip()
    router = args.get("router", "").strip()
    kind = args.get("kind", "").strip()
    since = args.get("since", "").strip()
    results, problem = None, None
    if query:
        try:
            results = project().search.find(
                query,
                router=router or None,
                since=since,
                kind=kind if kind in KINDS else None,
                limit=50,
                server=True,
            )
        except UsageError as exc:
            problem = str(exc)
    return render_template(
        "search.html",
        query=query,
        router=router,
        kind=kind,
        since=since,
        results=results,
        problem=problem,
        config_url=config_url,
        doc_url=doc_url,
    )


def _document(ref: str) -> tuple[str, Path]:
    from netauto.project.search import doc_folders

    prefix, _, name = ref.partition(":")
    for folder in doc_folders(project()):
        if folder.prefix != prefix:
            continue
        root = folder.path.resolve()
        path = (root / name).resolve()
        if path.suffix == ".md" and path.is_file() and path.is_relative_to(root):
            return name, path
    raise NotFound(f"no document {ref!r}")


@bp.get("/doc")
@needs(Permission.READ)
def doc() -> ResponseReturnValue:
    """A document of the index, as its text."""
    from netauto.secrets import mask

    name, path = _document(request.args.get("ref", ""))
    text = mask(path.read_text(encoding="utf-8", errors="replace"))
    return render_template("search_doc.html", name=name, text=text)
