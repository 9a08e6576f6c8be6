"""Failed logins counted per name: a name that keeps failing waits (argon2 is slow too)."""

from __future__ import annotations

import threading
import time


class LoginThrottle:
    """At most ``attempts`` failed logins per name in ``window`` seconds (argon2 is slow too)."""

    def __init__(self, attempts: int = 5, window: float = 300.0) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, name: str, now: float) -> list[float]:
        kept = [t for t in self._failures.get(name, []) if now - t < self.window]
        self._failures[name] = kept
        return kept

    def blocked(self, name: str) -> bool:
        with self._lock:
            return len(self._recent(name.lower(), time.monotonic())) >= self.attempts

    def failed(self, name: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._recent(name.lower(), now).append(now)
            if len(self._failures) > 10_000:  # names are attacker-chosen: bound the table
                self._failures = {k: v for k, v in self._failures.items() if v}

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name.lower(), None)
