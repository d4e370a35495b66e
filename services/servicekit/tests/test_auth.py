import time
from datetime import datetime, timedelta

import jwt
import pytest

from kohtaamo.servicekit.auth import TokenVerifier, issue_token
from kohtaamo.servicekit.errors import ApiError
from kohtaamo.servicekit.settings import DEVELOPMENT_JWT_SECRET, AuthSettings, ServiceSettings


def test_an_issued_token_verifies_to_its_principal():
    settings = AuthSettings()
    token = issue_token(settings, sub="w1", roles=["caseworker", "manager"], org="837")

    principal = TokenVerifier(settings).verify(token)

    assert (principal.sub, principal.org) == ("w1", "837")
    assert principal.roles == {"caseworker", "manager"}


def test_a_team_claim_is_carried_when_the_issuer_gives_one():
    settings = AuthSettings()
    with_team = issue_token(settings, sub="w1", roles=["team_lead"], org="837", team="aikuissosiaalityo-1")
    without = issue_token(settings, sub="w2", roles=["caseworker"], org="837")

    assert TokenVerifier(settings).verify(with_team).team == "aikuissosiaalityo-1"
    assert TokenVerifier(settings).verify(without).team is None


@pytest.mark.parametrize(
    "claims_change",
    [
        {"aud": "someone-else"},
        {"sub": ""},
        {"sub": "  "},
        {"org": " "},
        {"iss": "someone-else"},
        {"roles": "caseworker"},
        {"org": ""},
        {"projects": "S20397"},
        {"team": ""},
        {"team": ["team-a"]},
    ],
)
def test_tokens_with_wrong_claims_are_refused_as_401(claims_change):
    settings = AuthSettings()
    claims = jwt.decode(
        issue_token(settings, sub="w1", roles=["caseworker"], org="837"),
        options={"verify_signature": False},
    )
    forged = jwt.encode(claims | claims_change, settings.secret, algorithm="HS256")

    with pytest.raises(ApiError) as refused:
        TokenVerifier(settings).verify(forged)

    assert refused.value.status == 401


def test_an_expired_token_is_refused():
    settings = AuthSettings()
    token = issue_token(settings, sub="w1", roles=["x"], org="837", ttl=timedelta(seconds=-1))

    with pytest.raises(ApiError, match="expired"):
        TokenVerifier(settings).verify(token)


def test_a_token_signed_with_another_secret_is_refused():
    token = issue_token(AuthSettings(secret="x" * 40), sub="w1", roles=["x"], org="837")

    with pytest.raises(ApiError, match="Signature"):
        TokenVerifier(AuthSettings()).verify(token)


def test_production_refuses_the_development_secret():
    with pytest.raises(ValueError, match="KOHTAAMO_AUTH_SECRET"):
        ServiceSettings(environment="production", database_url="postgresql://u:p@h/db")


def test_production_accepts_a_real_secret():
    settings = ServiceSettings(
        environment="production",
        database_url="postgresql://u:p@h/db",
        auth=AuthSettings(secret="s" * 48),
        kafka_username="intake",
        kafka_password="k" * 32,
    )

    assert settings.auth.secret != DEVELOPMENT_JWT_SECRET


def test_the_environment_comes_from_kohtaamo_env(monkeypatch):
    monkeypatch.setenv("KOHTAAMO_ENV", "production")

    with pytest.raises(ValueError, match="development default is refused"):
        ServiceSettings(database_url="postgresql://u:p@h/db")


def test_a_project_wide_token_names_its_projects_and_others_name_none():
    settings = AuthSettings()
    wide = issue_token(settings, sub="pm", roles=["project_manager"], org="908", projects=["S20397"])
    plain = issue_token(settings, sub="m", roles=["manager"], org="908")

    assert TokenVerifier(settings).verify(wide).projects == {"S20397"}
    assert TokenVerifier(settings).verify(plain).projects == frozenset()


def test_a_remembered_token_is_refused_once_it_expires(monkeypatch):
    # given a token verified once, with a minute to live
    settings = AuthSettings()
    verifier = TokenVerifier(settings)
    token = issue_token(settings, sub="w1", roles=["caseworker"], org="837", ttl=timedelta(minutes=1))
    assert verifier.verify(token).sub == "w1"

    # when the clock passes its expiry
    later = time.time() + 61
    monkeypatch.setattr("kohtaamo.servicekit.auth.time.time", lambda: later)
    monkeypatch.setattr("jwt.api_jwt.datetime", _FrozenAt(later))

    # then the remembered principal is not handed out: the token is refused as expired
    with pytest.raises(ApiError, match="expired"):
        verifier.verify(token)


def test_only_the_exact_token_string_is_remembered():
    # given a verified token
    settings = AuthSettings()
    verifier = TokenVerifier(settings)
    token = issue_token(settings, sub="w1", roles=["caseworker"], org="837")
    verifier.verify(token)

    # when its signature is altered by one character, then it is checked again and refused
    header, claims, signature = token.split(".")
    tampered = ".".join([header, claims, ("A" if signature[0] != "A" else "B") + signature[1:]])
    with pytest.raises(ApiError):
        verifier.verify(tampered)


def test_the_verifier_remembers_a_bounded_number_of_tokens():
    settings = AuthSettings()
    verifier = TokenVerifier(settings, remember=3)
    tokens = [issue_token(settings, sub=f"w{i}", roles=["caseworker"], org="837") for i in range(5)]

    principals = [verifier.verify(t) for t in tokens]

    assert [p.sub for p in principals] == ["w0", "w1", "w2", "w3", "w4"]
    assert len(verifier._known) == 3


class _FrozenAt:
    """Stands in for PyJWT's datetime module so its expiry check sees the same clock."""

    def __init__(self, at: float) -> None:
        self._at = at

    def now(self, tz=None):
        return datetime.fromtimestamp(self._at, tz)

    def __getattr__(self, name):
        return getattr(datetime, name)
