"""Benchmark: how long a KEK rotation takes, i.e. how much it adds to the erasure window.

Runs on the real PostgreSQL (deploy/local-stack, or DATABASE_URL) in a fresh schema with a
keyring in a temporary directory, and writes its figures to bench/results/key_rotation.json.

    uv run python bench/key_rotation.py [--keys 20000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from kohtaamo.servicekit.vault.keyring import Keyring, KeyringFile
from kohtaamo.servicekit.vault.postgres import PostgresKeyTable
from kohtaamo.servicekit.vault.vault import SubjectKeyVault

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "key_rotation.json"


def database() -> str:
    if url := os.environ.get("DATABASE_URL"):
        return url
    out = subprocess.run([str(ROOT / "deploy" / "local-stack"), "up"], capture_output=True, text=True, check=True)
    env = dict(line.removeprefix("export ").split("=", 1) for line in out.stdout.splitlines())
    return env["DATABASE_URL"]


def run(n: int) -> dict:
    url, schema = database(), f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        with tempfile.TemporaryDirectory() as keys_dir:
            vault = SubjectKeyVault(PostgresKeyTable(url, schema=schema, table="bench_subject_keys"),
                                    Keyring(KeyringFile(Path(keys_dir) / "bench.keyring")))
            vault.open()
            started = time.perf_counter()
            for _ in range(n):
                vault.create_key(uuid.uuid4())
            created = time.perf_counter() - started
            started = time.perf_counter()
            result = vault.rotate()
            rotated = time.perf_counter() - started
            vault.close()
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    assert result is not None and result.rewrapped == n
    return {
        "create_key_per_s": round(n / created, 1),
        "rotation_s": round(rotated, 2),
        "rotation_keys_per_s": round(n / rotated, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=20000)
    args = parser.parse_args()
    report = {
        "benchmark": "key_rotation",
        "keys": args.keys,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "figures": run(args.keys),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
