"""Build a service's vault from its settings: PostgreSQL + keyring file, or memory for tests."""

from __future__ import annotations

from urllib.parse import urlsplit

from .keyring import Keyring, KeyringFile, MemoryKeyringStore
from .settings import VaultSettings
from .table import MemoryKeyTable
from .vault import SubjectKeyVault


def build_vault(settings: VaultSettings, *, table: str) -> SubjectKeyVault:
    """The vault, opened: the keyring checked against the table (first start creates both)."""
    scheme = urlsplit(settings.database_url).scheme
    if scheme == "memory":
        return memory_vault()
    if scheme not in ("postgresql", "postgres"):
        raise ValueError(
            f"the subject key table needs PostgreSQL (or memory:// for tests), not {scheme}://"
        )
    from .postgres import PostgresKeyTable  # psycopg only where PostgreSQL is used

    vault = SubjectKeyVault(
        PostgresKeyTable(settings.database_url, schema=settings.database_schema, table=table),
        Keyring(KeyringFile(settings.keyring_file(table))),
    )
    try:
        vault.open()
    except BaseException:
        vault.close()
        raise
    return vault


def memory_vault() -> SubjectKeyVault:
    """Keys and keyring in memory, for as long as the process lives (unit tests)."""
    vault = SubjectKeyVault(MemoryKeyTable(), Keyring(MemoryKeyringStore()))
    vault.open()
    return vault
