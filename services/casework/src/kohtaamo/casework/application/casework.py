"""Casework's use cases over one store and one vault: what the adapters call."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from .client_work import ClientWork, FileChanges
from .intake_events import IntakeFacts
from .plans import Plans
from .ports import PersonalDataVault
from .reads import FileReads
from .staff import WorkerIds
from .store import CaseworkStore
from .work_activities import WorkActivities
from .workers import Workers


@dataclass(frozen=True)
class Casework:
    store: CaseworkStore
    vault: PersonalDataVault
    worker_ids: WorkerIds
    intake_facts: IntakeFacts
    workers: Workers
    client_work: ClientWork
    plans: Plans
    work_activities: WorkActivities
    reads: FileReads

    @classmethod
    def create(
        cls, env: Mapping[str, str], *, vault: PersonalDataVault, worker_pepper: str,
        today: Callable[[], date] = date.today,
    ) -> Casework:
        store = CaseworkStore(env)
        changes = FileChanges(store, vault, today)
        return cls(
            store=store, vault=vault, worker_ids=WorkerIds(worker_pepper),
            intake_facts=IntakeFacts(store, vault), workers=Workers(store, today),
            client_work=ClientWork(changes), plans=Plans(changes),
            work_activities=WorkActivities(changes), reads=FileReads(store, vault),
        )

    def close(self) -> None:
        self.store.close()
        self.vault.close()
