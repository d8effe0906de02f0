"""Public references: short, readable over the phone, not guessable, not sequential.

``BZW-2026-7KX9QD``: the form's prefix, the year of receipt, and six characters
drawn with ``secrets`` from an alphabet without look-alikes (no 0/O, 1/I/L, U/V).
That is 29**6 (about 595 million) possibilities per prefix per year.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # 29 characters, no 0 O 1 I L U V
LENGTH = 6


def new_reference(prefix: str, year: int) -> str:
    suffix = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{prefix}-{year}-{suffix}"
