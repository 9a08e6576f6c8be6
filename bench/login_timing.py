"""How long a failed web login takes, for a user that exists and for one that does not.

The answer's time must not tell which users exist (issue 28: unknown ~4 ms, existing ~160 ms
before the dummy hash). A throwaway SQLite project with one user (real argon2 parameters);
the Flask app in this process; ``--count`` logins of each kind, each from its own client
address (the throttle stays out of the way), in alternation; medians and p95 per kind.

    .venv/bin/python bench/login_timing.py [--count 30]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

KINDS = {
    "existing user, wrong password": "ada@example.com",
    "unknown user": "nobody@example.com",
    "user without a password": "bob@example.com",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=30)
    args = parser.parse_args()
    from netauto.accounts import add_user, set_password
    from netauto.web import create_app

    with tempfile.TemporaryDirectory(prefix="netauto-login-") as folder:
        url = f"sqlite:///{folder}/netauto.db"
        section = {"database_url": url, "spool_file": f"{folder}/spool.jsonl"}
        config = Path(folder) / "config.yaml"
        config.write_text(yaml.safe_dump({"user_defined": {"netauto": section}}))
        app = create_app(config)
        add_user(url, "ada@example.com", "admin", actor="bench")
        set_password(url, "ada@example.com", "a long bench passphrase", actor="bench")
        add_user(url, "bob@example.com", "viewer", actor="bench")
        times: dict[str, list[float]] = {kind: [] for kind in KINDS}
        for n in range(args.count + 2):  # the first two rounds warm up
            for kind, name in KINDS.items():
                client = app.test_client()
                client.environ_base["REMOTE_ADDR"] = f"127.1.{n % 250}.{len(times[kind]) % 250}"
                match = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text)
                assert match
                form = {"email": name, "password": "wrong password", "csrf_token": match[1]}
                start = time.perf_counter()
                status = client.post("/login", data=form).status_code
                elapsed = time.perf_counter() - start
                assert status == 401, (kind, status)
                if n >= 2:
                    times[kind].append(elapsed * 1000)
        app.extensions["netauto"].feed.close()
    print(f"{'failed login':<32} {'median ms':>9} {'p95 ms':>7}")
    for kind, values in times.items():
        p95 = statistics.quantiles(values, n=20)[-1]
        print(f"{kind:<32} {statistics.median(values):>9.1f} {p95:>7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
