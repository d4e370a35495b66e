"""Forged and broken bearer tokens, for tests that every authenticated route refuses them.

Each attack is a token an attacker (or a broken issuer) could present; ``attacks(settings)``
names them all, so one test can send every one of them to every route. All but the last
few are refused as 401; ``refused_roles`` are valid tokens whose roles no route lets in
(403).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import warnings
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ..auth import issue_token
from ..settings import AuthSettings


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: dict[str, Any], claims: dict[str, Any], signature: str = "") -> str:
    """A JWT assembled by hand: what PyJWT would refuse to write (``alg: none``)."""
    parts = [_b64(json.dumps(header).encode()), _b64(json.dumps(claims, default=str).encode())]
    return ".".join([*parts, signature])


def _hmac_signed(claims: dict[str, Any], key: bytes) -> str:
    """HS256 by hand: PyJWT rightly refuses a PEM key as an HMAC secret."""
    unsigned = _unsigned({"alg": "HS256", "typ": "JWT"}, claims)[:-1]
    digest = hmac.new(key, unsigned.encode(), hashlib.sha256).digest()
    return f"{unsigned}.{_b64(digest)}"


def valid_claims(settings: AuthSettings, *, roles: list[str], org: str) -> dict[str, Any]:
    now = int(datetime.now(UTC).timestamp())
    return {"sub": "attacker", "roles": roles, "org": org, "projects": [],
            "iss": settings.issuer, "aud": settings.audience, "iat": now, "exp": now + 3600}


def _rsa_keys() -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


def attacks(settings: AuthSettings, *, roles: list[str], org: str) -> dict[str, str]:
    """Name -> token: each refused as 401 by a service trusting ``settings``, even though
    ``roles`` and ``org`` would let a genuine token in."""
    claims = valid_claims(settings, roles=roles, org=org)
    now = claims["iat"]
    secret = settings.secret

    def signed(changes: dict[str, Any], *, drop: tuple[str, ...] = (), key: str | bytes = secret,
               algorithm: str = "HS256", headers: dict[str, Any] | None = None) -> str:
        body = {k: v for k, v in (claims | changes).items() if k not in drop}
        with warnings.catch_warnings():  # the HS512 forgery's key is short for SHA-512: so be it
            warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
            return jwt.encode(body, key, algorithm=algorithm, headers=headers)

    private, public = _rsa_keys()
    forged = {
        "alg none": _unsigned({"alg": "none", "typ": "JWT"}, claims),
        "alg None, signature kept": _unsigned(
            {"alg": "None", "typ": "JWT"}, claims, signed({}).rsplit(".", 1)[1]),
        "HS256 with another secret": signed({}, key="another-secret-of-at-least-32-bytes!"),
        "HS512 with the right secret": signed({}, algorithm="HS512"),
        "RS256 with an attacker's key": signed({}, key=private, algorithm="RS256"),
        # Algorithm confusion: an RS public key used as the HMAC secret.
        "HS256 keyed with an RSA public key": _hmac_signed(claims, public),
        "signature of another token": ".".join(
            signed({}).split(".")[:2] + [signed({"sub": "someone"}).rsplit(".", 1)[1]]),
        "claims changed after signing": _unsigned(
            {"alg": "HS256", "typ": "JWT"}, claims | {"roles": [*roles, "data_protection_officer"]},
            signed({}).rsplit(".", 1)[1]),
        "wrong issuer": signed({"iss": "someone-else"}),
        "wrong audience": signed({"aud": "someone-else"}),
        "expired": signed({"iat": now - 7200, "exp": now - 3600}),
        "not yet valid (nbf)": signed({"nbf": now + 3600}),
        "issued in the future (iat)": signed({"iat": now + 3600}),
        "unknown critical header": signed({}, headers={"crit": ["kohtaamo-unknown"]}),
        "not a JWT": "not-a-token",
        "empty parts": "..",
        "garbage base64": "eyJhbGciOi.bad.sig",
    }
    for claim in ("sub", "exp", "iss", "aud", "roles", "org"):
        forged[f"no {claim}"] = signed({}, drop=(claim,))
    malformed: dict[str, Any] = {
        "sub": "", "exp": "tomorrow", "roles": "caseworker", "org": "", "projects": "S20397",
        "team": ["a"],
    }
    for claim, value in malformed.items():
        forged[f"malformed {claim} {value!r}"] = signed({claim: value})
    forged["org not a string"] = signed({"org": 91})
    forged["roles not strings"] = signed({"roles": [1, 2]})
    return forged


def refused_roles(settings: AuthSettings, *, org: str) -> dict[str, str]:
    """Name -> a genuine token whose roles no route lets in (403)."""
    return {
        "an unknown role": issue_token(settings, sub="attacker", roles=["superuser"], org=org),
        "no roles": issue_token(settings, sub="attacker", roles=[], org=org),
    }


def with_role(settings: AuthSettings, role: str, *, org: str, ttl: timedelta = timedelta(hours=1),
              projects: tuple[str, ...] = ()) -> str:
    return issue_token(settings, sub=f"{role}-{org}", roles=[role], org=org, ttl=ttl,
                       projects=projects)
