"""Settings of a service that seals personal data: the two separate key sources and rotation.

- the event store's at-rest key (eventsourcing ``CIPHER_KEY``): ``<PREFIX>STORE_CIPHER_KEY``
  or ``<PREFIX>STORE_CIPHER_KEY_FILE``;
- the keyring of key-encryption keys (made and rotated by the service): ``<PREFIX>KEYRING_PATH``.

Development defaults work out of the box (the keyring goes under ``KOHTAAMO_RUN_DIR``, beside
the local stack's data directory, not in it); each is refused when ``KOHTAAMO_ENV=production``.
"""

from __future__ import annotations

import base64
import binascii
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator

from ..settings import ServiceSettings

# Development default only (the value intake used before the keys were separated).
DEVELOPMENT_STORE_CIPHER_KEY = "a29odGFhbW8tZGV2ZWxvcG1lbnQta2V5LTMyYnl0ZXM="


def _check_aes_key(value: str, name: str) -> str:
    try:
        size = len(base64.b64decode(value, validate=True))
    except (binascii.Error, ValueError):
        raise ValueError(f"{name} must be base64") from None
    if size not in (16, 24, 32):
        raise ValueError(f"{name} must decode to 16, 24 or 32 bytes, not {size}")
    return value


class VaultSettings(ServiceSettings):
    store_cipher_key: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_STORE_CIPHER_KEY),
        description="base64 AES key (16/24/32 bytes) encrypting the event store at rest; not the KEK",
    )
    store_cipher_key_file: Path | None = Field(
        default=None, description="a file holding the store key (wins over store_cipher_key)"
    )
    keyring_path: Path | None = Field(
        default=None,
        description="the keyring file of key-encryption keys, outside the database's data directory "
        "and its backups; default (development only): $KOHTAAMO_RUN_DIR/keys/<db>.<schema>.<table>.keyring",
    )
    key_rotation_interval: timedelta = Field(
        default=timedelta(days=1), gt=timedelta(0), description="rotate the KEK at least this often"
    )
    key_rotation_after_erasure: timedelta = Field(
        default=timedelta(minutes=1), ge=timedelta(0),
        description="rotate this long after the first erasure not yet covered by a rotation",
    )
    run_dir: Path = Field(default=Path("/tmp/kohtaamo-run"), validation_alias="KOHTAAMO_RUN_DIR")

    @field_validator("store_cipher_key")
    @classmethod
    def _store_key_is_an_aes_key(cls, value: SecretStr) -> SecretStr:
        _check_aes_key(value.get_secret_value(), "the store cipher key")
        return value

    def store_key(self) -> str:
        if self.store_cipher_key_file is not None:
            return _check_aes_key(self.store_cipher_key_file.read_text().strip(),
                                  f"the store cipher key in {self.store_cipher_key_file}")
        return self.store_cipher_key.get_secret_value()

    def keyring_file(self, table: str) -> Path:
        if self.keyring_path is not None:
            return self.keyring_path
        database = urlsplit(self.database_url).path.strip("/") or "db"
        return self.run_dir / "keys" / f"{database}.{self.database_schema or 'public'}.{table}.keyring"

    @model_validator(mode="after")
    def _no_development_keys_in_production(self) -> VaultSettings:
        if self.environment != "production":
            return self
        prefix = str(self.model_config.get("env_prefix", "")).upper()
        missing = []
        if self.store_cipher_key_file is None and (
            self.store_cipher_key.get_secret_value() == DEVELOPMENT_STORE_CIPHER_KEY
        ):
            missing.append(f"{prefix}STORE_CIPHER_KEY (or {prefix}STORE_CIPHER_KEY_FILE)")
        if self.keyring_path is None:
            missing.append(f"{prefix}KEYRING_PATH")
        if missing:
            raise ValueError(
                f"{' and '.join(missing)} must be set: the development defaults are refused "
                "when KOHTAAMO_ENV=production"
            )
        return self
