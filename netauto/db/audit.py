"""Changes to users, tokens and settings, as rows of the operations log (who, what, when).

The caller passes only what may be shown: never a password, a token or a secret value.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from netauto.clock import utcnow
from netauto.db.engine import error_text, session_scope
from netauto.db.models import OperationLog
from netauto.db.users import ensure_user
from netauto.exceptions import DatabaseError


def record(url: str, actor: str, operation_type: str, result: dict[str, Any]) -> None:
    """One ``success`` row of ``operation_type`` by ``actor`` holding ``result``."""
    now = utcnow()
    try:
        with session_scope(url) as session:
            user_id = ensure_user(session.connection(), actor)
            session.add(
                OperationLog(
                    id=uuid.uuid4(),
                    user_id=user_id,
                    operation_type=operation_type,
                    status="success",
                    command=json.dumps(result, sort_keys=True, default=str),
                    result=result,
                    changed=True,
                    created_at=now,
                    finished_at=now,
                    execution_time_ms=0,
                )
            )
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot record {operation_type}: {error_text(exc)}") from None
