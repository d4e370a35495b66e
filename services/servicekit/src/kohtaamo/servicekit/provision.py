"""Provision a cluster for Kohtaamo: the contracts' topics and the ACLs of every service.

Run as the ``admin`` super user, idempotently (again after every change of the routing
table, or on every start as deploy/local-stack does)::

    KAFKA_USERNAME=admin KAFKA_PASSWORD=… python -m kohtaamo.servicekit.provision

The connection comes from KAFKA_* (``KafkaSettings``): bootstrap servers, security
protocol, SASL mechanism, CA file, and KAFKA_TOPIC_PREFIX for a prefixed deployment.
Bindings that the routing table no longer implies are not removed: reset the cluster, or
delete them with Kafka's own ``kafka-acls --remove``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from .acls import acl_bindings, provisioned_topics
from .kafka import ensure_topics
from .kafka_acls import AclAdmin
from .settings import KafkaSettings



async def provision(kafka: KafkaSettings, *, partitions: int = 3, timeout: float = 30.0) -> None:
    """Create the topics (before anyone subscribes: a consumer may not create them) and
    allow each service what the routing table says, for ``kafka.topic_prefix``.

    Returns once the broker enforces every binding: the controller acknowledges them
    before the broker's authorizer has loaded them, and a service started in between
    would be refused. The topics are created first, so that by then the broker also leads
    their partitions (the metadata log is applied in order).
    """
    wanted = set(acl_bindings(kafka.topic_prefix))
    await ensure_topics(kafka, list(provisioned_topics()), partitions=partitions)
    async with AclAdmin(kafka) as acls:
        await acls.create(wanted)
        deadline = asyncio.get_running_loop().time() + timeout
        while not wanted <= await acls.describe():
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"the broker did not enforce the new ACLs within {timeout} s")
            await asyncio.sleep(0.02)


async def revoke(kafka: KafkaSettings) -> None:
    """Remove the bindings ``provision`` made for ``kafka.topic_prefix`` (topics stay)."""
    async with AclAdmin(kafka) as acls:
        await acls.delete(acl_bindings(kafka.topic_prefix))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kohtaamo.servicekit.provision",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--partitions", type=int, default=3, help="for topics it creates")
    args = parser.parse_args(argv)
    kafka = KafkaSettings()
    try:
        asyncio.run(provision(kafka, partitions=args.partitions))
    except Exception as exc:  # one line for the operator, not a traceback
        print(f"provision: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(
        f"provision: {len(provisioned_topics())} topics and "
        f"{len(acl_bindings(kafka.topic_prefix))} ACL bindings on {kafka.bootstrap_servers}"
        + (f" (prefix {kafka.topic_prefix!r})" if kafka.topic_prefix else ""),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
