"""Tokens: `lotsa_<key id>_<secret>`. The key id finds the account, the digest proves the secret.

Tokens are 256-bit random values, so a single SHA-256 is enough to store them (a slow password
hash protects guessable secrets; nobody guesses 256 random bits).
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from lotsa.api.constants import TOKEN_PREFIX


@dataclass(frozen=True)
class NewToken:
    key_id: str
    secret: str

    @property
    def value(self) -> str:
        return f"{TOKEN_PREFIX}_{self.key_id}_{self.secret}"

    @property
    def digest(self) -> str:
        return token_digest(self.value)


def token_new() -> NewToken:
    return NewToken(key_id=secrets.token_hex(8), secret=secrets.token_urlsafe(32))


def token_digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def token_key_id(value: str) -> str | None:
    """The key id of a well-formed token, else None."""
    parts = value.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(parts[1]) != 16 or not parts[2]:
        return None
    return parts[1]


def token_matches(value: str, digest: str) -> bool:
    return hmac.compare_digest(token_digest(value), digest)
