"""Per-host views of a known_hosts file: the same keys paramiko would find in the whole file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from paramiko.hostkeys import HostKeys

from netauto.knownhosts import lines_for, view_for


def _key() -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = Ed25519PrivateKey.generate().public_key()
    return public.public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH).decode()


def test_view_holds_the_same_keys_as_the_whole_file(tmp_path: Path) -> None:
    a, b, c = _key(), _key(), _key()
    hashed = HostKeys.hash_host("[127.0.0.17]:2222")
    known = tmp_path / "known_hosts"
    known.write_text(
        f"# a comment\n[127.0.0.15]:2222 {a}\n[127.0.0.16]:2222,other {b}\n"
        f"{hashed} {c}\n\n127.0.0.15 {b}\n"
    )
    whole = HostKeys(str(known))
    for server in (
        "[127.0.0.15]:2222",
        "[127.0.0.16]:2222",
        "[127.0.0.17]:2222",
        "127.0.0.15",
        "[127.0.0.18]:2222",
        "other",
    ):
        view = HostKeys(str(view_for(known, server)))
        expected = whole.lookup(server)
        found = view.lookup(server)
        assert (found is None) == (expected is None), server
        if expected is not None and found is not None:
            assert {k: v.asbytes() for k, v in found.items()} == {
                k: v.asbytes() for k, v in expected.items()
            }
    assert lines_for(known, "[127.0.0.18]:2222") == []


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    a, b = _key(), _key()
    known = tmp_path / "known_hosts"
    known.write_text(f"[127.0.0.15]:2222 {a}\n")
    assert lines_for(known, "[127.0.0.15]:2222") == [f"[127.0.0.15]:2222 {a}"]
    replacement = tmp_path / "new"
    replacement.write_text(f"[127.0.0.15]:2222 {b}\n")
    os.replace(replacement, known)
    assert view_for(known, "[127.0.0.15]:2222").read_text() == f"[127.0.0.15]:2222 {b}\n"
    known.unlink()
    assert view_for(known, "[127.0.0.15]:2222").read_text() == ""


def test_a_removed_view_folder_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from netauto import knownhosts

    # A cache of this test's own: the user's is shared with other test processes (xdist
    # workers, other checkouts), whose views would vanish under them.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(knownhosts, "_folder", None)  # found again under the new cache
    key = _key()
    known = tmp_path / "known_hosts"
    known.write_text(f"[127.0.0.15]:2222 {key}\n")
    view = view_for(known, "[127.0.0.15]:2222")
    assert view.parent == tmp_path / "cache" / "netauto" / "known-hosts"
    shutil.rmtree(view.parent)
    assert view_for(known, "[127.0.0.15]:2222").read_text() == f"[127.0.0.15]:2222 {key}\n"
