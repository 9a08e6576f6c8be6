"""Failed web logins, counted three ways, so that guessing is slow and nobody is locked out.

- per account *and* client address (``attempts`` failures in ``window`` seconds): someone
  mistyping waits, and so does one attacker guessing one account from one address;
- per client address over every account (``per_address``): password spraying (one common
  password tried on many users) waits;
- per account over every address (``per_account``): guessing spread over many addresses
  waits, except in a browser that has logged in as that user before (it keeps a signed
  "known browser" cookie): an attacker elsewhere cannot lock the owner out.

An account is its user's id, whether it was named by email or username (an unknown name
stands for itself). A waiting attempt is answered 429 with the seconds to wait, without
checking the password; nothing is refused for longer than ``window``. Counters live in the
web process (each worker of a pool counts its own; argon2 is slow too).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable

BOUND = 10_000  # names and addresses are attacker-chosen: the table is bounded


class LoginThrottle:
    def __init__(
        self,
        attempts: int = 5,
        window: float = 300.0,
        *,
        per_address: int = 20,
        per_account: int = 50,
    ) -> None:
        self.attempts = attempts
        self.window = window
        self.per_address = per_address
        self.per_account = per_account
        self._failures: dict[Hashable, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: Hashable, now: float) -> list[float]:
        kept = [t for t in self._failures.get(key, []) if now - t < self.window]
        if kept:
            self._failures[key] = kept
        else:
            self._failures.pop(key, None)
        return kept

    def _wait(self, key: Hashable, limit: int, now: float) -> float:
        recent = self._recent(key, now)
        if len(recent) < limit:
            return 0.0
        return max(0.0, recent[-limit] + self.window - now)

    def wait(self, account: str, address: str, *, known: bool = False) -> float:
        """Seconds before this account may be tried from this address (0: now).

        ``known``: the browser has logged in as this account before.
        """
        with self._lock:
            now = time.monotonic()
            waits = [
                self._wait(("pair", account, address), self.attempts, now),
                self._wait(("address", address), self.per_address, now),
            ]
            if not known:
                waits.append(self._wait(("account", account), self.per_account, now))
            return max(waits)

    def failed(self, account: str, address: str) -> None:
        with self._lock:
            now = time.monotonic()
            keys: tuple[Hashable, ...] = (
                ("pair", account, address),
                ("address", address),
                ("account", account),
            )
            for key in keys:
                self._failures.setdefault(key, []).append(now)
            if len(self._failures) > BOUND:
                for old in list(self._failures):
                    self._recent(old, now)

    def succeeded(self, account: str, address: str) -> None:
        """The right password: this address's mistakes on this account are forgotten."""
        with self._lock:
            self._failures.pop(("pair", account, address), None)
