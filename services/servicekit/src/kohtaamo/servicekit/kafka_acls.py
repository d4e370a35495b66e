"""Sending ACL bindings to the broker (CreateAcls, DeleteAcls, DescribeAcls).

aiokafka's admin client has no ACL methods, but its protocol module has the requests and
its client does the SASL handshake and version negotiation; this module only batches
bindings into one request each (aiokafka's own wrappers carry a single binding) and
turns the broker's per-binding error codes into exceptions. Version 1 of each request is
the lowest Kafka 4 still serves and the highest aiokafka 0.14 knows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aiokafka.client import AIOKafkaClient
from aiokafka.errors import for_code
from aiokafka.protocol.admin import (
    CreateAclsRequest_v1,
    DeleteAclsRequest_v1,
    DescribeAclsRequest_v1,
)
from aiokafka.protocol.api import Request

from .acls import AclBinding, Operation, PatternType, ResourceType
from .kafka import client_options
from .settings import KafkaSettings

_ANY = 1  # Kafka's "any" for resource type, pattern type, operation and permission


def _fields(b: AclBinding) -> tuple[Any, ...]:
    return (int(b.resource_type), b.resource_name, int(b.pattern_type), b.principal, b.host,
            int(b.operation), b.permission)


class _CreateAcls(Request[CreateAclsRequest_v1]):
    API_KEY = 30

    def __init__(self, bindings: list[AclBinding]) -> None:
        self._bindings = bindings

    def build(self, request_struct_class: type[CreateAclsRequest_v1]) -> CreateAclsRequest_v1:
        return request_struct_class([_fields(b) for b in self._bindings])


class _DeleteAcls(Request[DeleteAclsRequest_v1]):
    API_KEY = 31

    def __init__(self, bindings: list[AclBinding]) -> None:
        self._bindings = bindings

    def build(self, request_struct_class: type[DeleteAclsRequest_v1]) -> DeleteAclsRequest_v1:
        return request_struct_class([_fields(b) for b in self._bindings])


class _DescribeAcls(Request[DescribeAclsRequest_v1]):
    API_KEY = 29

    def __init__(self, principal: str | None) -> None:
        self._principal = principal

    def build(self, request_struct_class: type[DescribeAclsRequest_v1]) -> DescribeAclsRequest_v1:
        return request_struct_class(_ANY, None, _ANY, self._principal, None, _ANY, _ANY)


class AclAdmin:
    """One authenticated connection for ACL requests: ``async with AclAdmin(settings) as acls``."""

    def __init__(self, settings: KafkaSettings) -> None:
        self._client = AIOKafkaClient(client_id="kohtaamo-provision", **client_options(settings))

    async def __aenter__(self) -> AclAdmin:
        await self._client.bootstrap()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.close()

    async def _send(self, request: Request[Any]) -> Any:
        return await self._client.send(self._client.get_random_node(), request)

    async def create(self, bindings: Iterable[AclBinding]) -> None:
        """Add the bindings; adding one that exists already changes nothing."""
        wanted = list(bindings)
        if wanted:
            response = await self._send(_CreateAcls(wanted))
            _raise_first(response.creation_responses, "CreateAcls")

    async def delete(self, bindings: Iterable[AclBinding]) -> None:
        """Remove exactly these bindings (each is matched literally, never as a pattern)."""
        doomed = list(bindings)
        if doomed:
            response = await self._send(_DeleteAcls(doomed))
            _raise_first(((code, message) for code, message, _ in response.filter_responses),
                         "DeleteAcls")

    async def describe(self, principal: str | None = None) -> set[AclBinding]:
        """Every binding the broker enforces for ``principal`` ("User:reporting"), or all."""
        response = await self._send(_DescribeAcls(principal))
        _raise_first([(response.error_code, response.error_message)], "DescribeAcls")
        return {
            AclBinding(p, _known(ResourceType, kind), name, _known(PatternType, pattern),
                       _known(Operation, op), host, perm)
            for kind, name, pattern, acls in response.resources
            for p, host, op, perm in acls
        }


def _raise_first(errors: Iterable[tuple[int, str | None]], what: str) -> None:
    for code, message in errors:
        if code:
            raise for_code(code)(f"{what}: {message or for_code(code).__name__}")


def _known(enum: Any, code: int) -> Any:
    # A binding somebody else made may use codes this project never does (ALL, CLUSTER…).
    try:
        return enum(code)
    except ValueError:
        return code
