import pytest

from kohtaamo.servicekit.eventstore import eventsourcing_env


def test_a_postgres_url_becomes_the_library_settings():
    env = eventsourcing_env("postgresql://kohtaamo:s%40cret@db.local:6543/intake", schema="s1")

    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == ("db.local", "6543", "intake")
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_SCHEMA"]) == ("kohtaamo", "s@cret", "s1")


def test_memory_and_sqlite_urls_select_those_stores():
    assert eventsourcing_env("memory://")["PERSISTENCE_MODULE"] == "eventsourcing.popo"
    assert eventsourcing_env("sqlite:///tmp/x.db")["SQLITE_DBNAME"] == "/tmp/x.db"


def test_a_cipher_key_turns_on_encryption_at_rest():
    env = eventsourcing_env("memory://", cipher_key="a2V5")

    assert env["CIPHER_TOPIC"] == "eventsourcing.cryptography:AESCipher"


@pytest.mark.parametrize("url", ["mysql://x/y", "postgresql:///nodb", "postgresql://host/db"])
def test_unusable_urls_are_refused(url):
    with pytest.raises(ValueError):
        eventsourcing_env(url)
