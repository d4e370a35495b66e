"""Kafka topic names, one per producing service and aggregate type.

Deployments and tests may put a prefix in front (``KafkaSettings.topic_prefix``);
dead letters of a topic go to ``<topic>.dlt``.
"""

INTAKE_CLIENTS = "intake.clients"

DEAD_LETTER_SUFFIX = ".dlt"


def dead_letter(topic: str) -> str:
    return topic + DEAD_LETTER_SUFFIX
