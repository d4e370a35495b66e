"""A seeded, realistic SoKu-like programme, loaded through the four services' HTTP APIs.

``await load(Targets(intake=..., casework=..., meetingplace=..., reporting=...), clients=350,
seed=2016)`` sends what staff would record over the project's window and answers a
``LoadSummary``; ``Programme(clients, seed)`` is the same programme as data, without I/O.
"""

from .journal import Journal, JournalError
from .load import LoadStopped, LoadSummary, Progress, load
from .programme import MAX_CLIENTS, MIN_CLIENTS, Programme
from .progress import PhaseBars
from .sender import LoadError, Targets, asgi_client, url_client

__all__ = ["MAX_CLIENTS", "MIN_CLIENTS", "Journal", "JournalError", "LoadError", "LoadStopped", "LoadSummary",
           "PhaseBars", "Programme", "Progress", "Targets", "asgi_client", "load", "url_client"]
