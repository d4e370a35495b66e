"""``python -m kohtaamo.<service>.keys rotate|status``: the key-encryption key, on demand.

Runs beside the service's instances (the rotation waits for the table's advisory lock); the
instances pick up the new keyring when they next meet its epoch.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import click
from pydantic import ValidationError

from .factory import build_vault
from .settings import VaultSettings
from .vault import SubjectKeyVault


def key_commands(service: str, settings: Callable[[], VaultSettings], *, table: str) -> click.Group:
    def vault() -> SubjectKeyVault:
        try:
            loaded = settings()
        except ValidationError as error:
            raise click.ClickException(str(error)) from None
        if loaded.database_url.startswith("memory:"):
            raise click.ClickException(
                "memory:// keeps the keys inside the service process: set the service's database URL"
            )
        try:
            return build_vault(loaded, table=table)
        except Exception as error:  # the message says what is wrong with the keyring or table
            raise click.ClickException(str(error)) from None

    @click.group(help=f"{service}'s subject keys: rotate the key-encryption key, show the erasure window.")
    def keys() -> None:
        pass

    @keys.command(help="Make a new KEK, re-wrap every live subject key under it, destroy the old KEKs.")
    def rotate() -> None:
        v = vault()
        try:
            result = v.rotate(wait=True)
        finally:
            v.close()
        assert result is not None
        click.echo(f"rotated to epoch {result.epoch}: {result.rewrapped} subject keys re-wrapped, "
                   f"epochs {result.destroyed_epochs or 'none'} destroyed")

    @keys.command(help="The keyring, the live keys per epoch, and erasures still awaiting a rotation.")
    def status() -> None:
        loaded = settings()
        v = vault()
        try:
            s = v.status()
            due_in = v.rotation_due_in(interval=loaded.key_rotation_interval,
                                       after_erasure=loaded.key_rotation_after_erasure)
        finally:
            v.close()
        t = s.table_state
        click.echo(f"keyring: {s.keyring} (epochs {s.keyring_epochs})")
        click.echo(f"table: {s.table} (registered epochs {t.registered})")
        if t.newest_registered_at is not None:
            click.echo(f"newest KEK made {_ago(t.now, t.newest_registered_at)} ago")
        click.echo("live subject keys: " + (", ".join(
            f"{n} under epoch {e}" for e, n in sorted(t.live_by_epoch.items())) or "none"))
        if s.erasure_window_open:
            click.echo(f"erasures awaiting a rotation: {t.pending_erasures} (oldest "
                       f"{_ago(t.now, t.oldest_pending_erasure_at)} ago): copies of their old "
                       "wrapped keys in WAL and backups still open until the next rotation")
        else:
            click.echo("erasures awaiting a rotation: none")
        click.echo("next rotation: " + ("due now" if due_in <= 0 else f"in {_duration(due_in)}")
                   + " (if an instance of the service is running)")

    return keys


def _ago(now: datetime, then: datetime | None) -> str:
    return _duration((now - then).total_seconds() if then else 0)


def _duration(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600} h {s % 3600 // 60} min {s % 60} s"
