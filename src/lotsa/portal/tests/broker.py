"""A fake e-ID broker at the HTTP boundary: the token, JWKS and user-info endpoints answer
through `requests`, with an id token signed by a key made for the test, so mozilla-django-oidc
checks the signature, the nonce and the state as it would against a real broker."""

import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

BROKER = {
    "LOTSA_PORTAL_OIDC_RP_CLIENT_ID": "lotsa-portal",
    "LOTSA_PORTAL_OIDC_RP_CLIENT_SECRET": "secret",
    "LOTSA_PORTAL_OIDC_OP_AUTHORIZATION_ENDPOINT": "https://eid.invalid/authorize",
    "LOTSA_PORTAL_OIDC_OP_TOKEN_ENDPOINT": "https://eid.invalid/token",
    "LOTSA_PORTAL_OIDC_OP_USER_ENDPOINT": "https://eid.invalid/userinfo",
    "LOTSA_PORTAL_OIDC_OP_JWKS_ENDPOINT": "https://eid.invalid/jwks",
}
KEY_ID = "test-key"


@dataclass
class Answer:
    """What `requests` returns, as far as mozilla-django-oidc reads it."""

    payload: Any
    url: str
    status_code: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"content-type": "application/json"})

    @property
    def text(self) -> str:
        return json.dumps(self.payload)

    def json(self) -> Any:
        return self.payload

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise RuntimeError(f"{self.url}: {self.status_code}")


class FakeBroker:
    """Answers the three endpoints; `claims` is what the user-info endpoint vouches for."""

    def __init__(self, monkeypatch: Any) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claims: dict[str, Any] = {}
        self.nonce = ""
        self.calls: list[str] = []
        monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", self._post)
        monkeypatch.setattr("mozilla_django_oidc.auth.requests.get", self._get)

    def authorize(self, location: str) -> dict[str, str]:
        """The broker's redirect back: the query the callback gets for the start's Location."""
        query = parse_qs(urlparse(location).query)
        assert urlparse(location).netloc == "eid.invalid"
        self.nonce = query["nonce"][0]
        return {"code": "the-code", "state": query["state"][0]}

    def _post(self, url: str, **kwargs: Any) -> Answer:
        self.calls.append(url)
        assert url == BROKER["LOTSA_PORTAL_OIDC_OP_TOKEN_ENDPOINT"]
        assert kwargs["data"]["code"] == "the-code" and kwargs["data"]["code_verifier"]
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": "https://eid.invalid",
                "sub": "person",
                "aud": "lotsa-portal",
                "iat": now,
                "exp": now + 300,
                "nonce": self.nonce,
            },
            self.key,
            algorithm="RS256",
            headers={"kid": KEY_ID},
        )
        return Answer({"id_token": id_token, "access_token": "access-token"}, url)

    def _get(self, url: str, **kwargs: Any) -> Answer:
        self.calls.append(url)
        if url == BROKER["LOTSA_PORTAL_OIDC_OP_JWKS_ENDPOINT"]:
            jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
            return Answer({"keys": [{**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}, url)
        assert url == BROKER["LOTSA_PORTAL_OIDC_OP_USER_ENDPOINT"]
        assert kwargs["headers"]["Authorization"] == "Bearer access-token"
        return Answer(self.claims, url)
