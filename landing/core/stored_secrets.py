"""Secrets shown once and kept only as their digest: session tokens, invite and reset
links, API tokens. A stolen database then opens nothing."""

from __future__ import annotations

import hashlib
import secrets


def new_secret(prefix: str = "") -> tuple[str, str]:
    """(the secret to hand out, the digest to store)."""
    secret = prefix + secrets.token_urlsafe(32)
    return secret, digest(secret)


def digest(secret: str) -> str:
    """Hex SHA-256: the secrets are 256 random bits, so no salt or slow hash is needed.
    surrogatepass: a mangled link must find nothing, not raise."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
