"""Put a synthetic programme on Kafka as the producing services' relays would: each event
on its routed topic with its key, sent as the service that produces it (its own SCRAM
principal under the ACLs). Events are built in worker processes while this one sends."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Iterator
from aiokafka import AIOKafkaProducer

from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.contracts import route_for
from kohtaamo.contracts.routing import producer_of
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.servicekit.kafka import client_options
from kohtaamo.servicekit.settings import KafkaSettings

from .programme import Programme

PRODUCERS = {"intake": IntakeSettings, "casework": CaseworkSettings,
             "meetingplace": MeetingplaceSettings}
CHUNK = 100  # clients per piece of work

Record = tuple[str, str, bytes, bytes]  # producer, topic (unprefixed), key, value


def _chunk(job: tuple[int, int, int]) -> list[Record]:
    seed, first, count = job
    out = []
    for event in Programme(seed).events(first, count):
        route = route_for(event.payload)
        out.append((producer_of(event.event_type), route.topic,
                    route.key(event.payload).encode(), event.to_bytes()))
    return out


def _jobs(first_client: int, clients: int, seed: int) -> list[tuple[int, int, int]]:
    return [(seed, n, min(CHUNK, first_client + clients - n))
            for n in range(first_client, first_client + clients, CHUNK)]


def producer(kafka: KafkaSettings, service: str) -> AIOKafkaProducer:
    """A producer as ``service``'s principal, configured as the services' broker is."""
    settings = PRODUCERS[service](kafka=kafka).kafka
    return AIOKafkaProducer(**client_options(settings), enable_idempotence=True, acks="all",
                            linger_ms=5)


async def produce(kafka: KafkaSettings, first_client: int, clients: int) -> int:
    """Send the programme's clients ``first_client …``; returns the number of events."""
    producers = {s: producer(kafka, s) for s in PRODUCERS}
    await asyncio.gather(*(p.start() for p in producers.values()))
    sent = 0
    loop = asyncio.get_running_loop()
    # Forked before any thread of ours exists; results come back in order.
    pool = multiprocessing.get_context("fork").Pool(2)
    try:
        pieces: Iterator[list[Record]] = pool.imap(_chunk, _jobs(first_client, clients, seed=2016))
        while (piece := await loop.run_in_executor(None, next, pieces, None)) is not None:
            for service, topic, key, value in piece:
                await producers[service].send(kafka.topic(topic), value, key=key)
            sent += len(piece)
        await asyncio.gather(*(p.flush() for p in producers.values()))
    finally:
        pool.terminate()
        await asyncio.gather(*(p.stop() for p in producers.values()))
    return sent


def typical_size(sample_clients: int = 20) -> int:
    """The median size in bytes of the programme's messages."""
    sizes = sorted(len(value) for piece in [_chunk((1, 0, sample_clients))] for *_, value in piece)
    return sizes[len(sizes) // 2]

