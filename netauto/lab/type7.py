"""Cisco type-7 password encoding (``service password-encryption``): reversible, as on IOS.

Each character is XORed with a fixed key string starting at an offset; the offset is written
first, as two decimal digits, then each byte as two hexadecimal digits.
"""

from __future__ import annotations

import re
import zlib

KEY = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"
ENCODED = re.compile(r"^(0\d|1[0-5])([0-9A-Fa-f]{2})*$")


def encode(clear: str, seed: int | None = None) -> str:
    """The type-7 form of ``clear``; the offset derives from the text unless given."""
    offset = zlib.crc32(clear.encode()) % 16 if seed is None else seed
    body = "".join(f"{ord(c) ^ ord(KEY[(offset + i) % len(KEY)]):02X}" for i, c in enumerate(clear))
    return f"{offset:02d}{body}"


def decode(encoded: str) -> str:
    """The clear text of a type-7 string; ValueError if it is not one."""
    if not ENCODED.match(encoded):
        raise ValueError(f"not a type-7 string: {encoded!r}")
    offset = int(encoded[:2])
    pairs = [encoded[i : i + 2] for i in range(2, len(encoded), 2)]
    return "".join(chr(int(p, 16) ^ ord(KEY[(offset + i) % len(KEY)])) for i, p in enumerate(pairs))
