"""One timeline per person, from pupil to young specialist, assembled from every app that knows something.

Each app registers a provider: `provider(user, subject) -> iterable of Event`. The subject names the person
as far as the caller knows them: a pupil, the target contracts of that person, or both. Providers return
only what the user may see (they use accounts.access) and nothing when the subject gives them no handle.
The registry keeps apps independent: pupils does not import contracts, contracts does not import careers.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Event:
    on: datetime.date
    kind: str  # section a person recognises: «Профильный класс», «Договор», «Практика», …
    title: str
    detail: str = ""
    url: str = ""
    icon: str = "dot"


@dataclass
class Subject:
    """Who the timeline is about: a pupil record and/or the target contracts of the same person."""

    pupil: object | None = None
    contracts: list = field(default_factory=list)


Provider = Callable[[object, Subject], Iterable[Event]]
PROVIDERS: list[tuple[int, Provider]] = []


def timeline_provider(order: int):
    """Register a provider; `order` only breaks ties between events of the same day."""

    def wrap(func: Provider) -> Provider:
        if all(f is not func for _, f in PROVIDERS):
            PROVIDERS.append((order, func))
        return func

    return wrap


def build(user, subject: Subject) -> list[Event]:
    """Every event of the person the user may see, newest first."""
    events: list[tuple[datetime.date, int, int, Event]] = []
    for order, provider in sorted(PROVIDERS, key=lambda p: p[0]):
        for i, event in enumerate(provider(user, subject) or ()):
            events.append((event.on, order, i, event))
    events.sort(key=lambda e: (e[0], -e[1], -e[2]), reverse=True)
    return [e[3] for e in events]


# The parts of a person each app finds from their pupil id, within the user's scope: the pupils app the pupil record
# (if the user may open the card), the contracts app every contract of theirs the user may see. Core asks no app.
SubjectPart = Callable[[object, int], object]
SUBJECT_PARTS: dict[str, SubjectPart] = {}


def subject_part(name: str):
    """Register how an app fills `Subject.<name>` from a person's pupil id: `part(user, pupil_id)`."""
    if name not in {f.name for f in fields(Subject)}:
        raise ValueError(f"Subject has no part {name!r}")

    def wrap(func: SubjectPart) -> SubjectPart:
        SUBJECT_PARTS[name] = func
        return func

    return wrap


def person_subject(user, *, pupil=None, contract=None) -> Subject:
    """The whole person as far as the user may see them: the pupil (if the user may open the card) and every
    contract of theirs in the user's scope — from either a pupil or one of their contracts."""
    pupil_id = pupil.pk if pupil is not None else getattr(contract, "pupil_id", None)
    subject = Subject(**{name: part(user, pupil_id) for name, part in SUBJECT_PARTS.items()}) if pupil_id else Subject()
    if contract is not None and all(c.pk != contract.pk for c in subject.contracts):
        subject.contracts.append(contract)
    return subject
