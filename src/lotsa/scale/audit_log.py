"""A synthetic organisation's audit log: each story's own events, filled up with the looks and
searches of the people who work with the person, then linked in time order into the chain."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

from lotsa.audit.chain import record_digest
from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.organisations.models import User
from lotsa.scale.timeline import _address, _aware_on
from lotsa.scale.world import World


@dataclass
class AuditEvent:
    at: datetime
    actor: User
    action: str
    object_type: str
    object_id: int
    participant_id: int | None
    summary: str
    path: str
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Lookers:
    """Who looks at a person's records between `begin` and `end`."""

    begin: date
    end: date
    referrer: User
    coach: User | None
    manager: User
    case_id: int | None


class AuditLog:
    def __init__(self, world: World, *, per_participant: int) -> None:
        self.world = world
        self.per_participant = per_participant
        self.events: list[AuditEvent] = []

    def add(
        self,
        at: datetime,
        actor: User,
        action: str,
        object_type: str,
        object_id: int,
        participant_id: int | None,
        summary: str,
        path: str,
        changes: dict[str, Any] | None = None,
    ) -> None:
        self.events.append(
            AuditEvent(
                at, actor, action, object_type, object_id, participant_id, summary, path,
                changes or {},
            )
        )  # fmt: skip

    def fill(self, first: int, participant_id: int, last_name: str, lookers: Lookers) -> None:
        """Exactly `per_participant` records for the person whose story began at `first`: the
        story's own events first, then looks and searches by the people who work with them."""
        rng = self.world.rng
        story = self.events[first:]
        if len(story) >= self.per_participant:
            del self.events[first + self.per_participant :]
            return
        coach, case_id, referrer = lookers.coach, lookers.case_id, lookers.referrer
        span = max((lookers.end - lookers.begin).days, 0)
        for _ in range(self.per_participant - len(story)):
            at = _aware_on(rng, lookers.begin + timedelta(days=rng.randint(0, span)))
            draw = rng.random()
            if case_id is not None and coach is not None and draw < 0.7:
                actor = coach if draw < 0.62 else lookers.manager
                self.add(
                    at, actor, AuditAction.VIEW, "cases.case", case_id, participant_id, "",
                    f"/arenden/{case_id}/",
                )  # fmt: skip
            elif draw < 0.85:
                actor = coach if coach is not None and draw < 0.78 else referrer
                self.add(
                    at, actor, AuditAction.SEARCH, "people.participant", 0, None,
                    f"Sökning: {last_name}", f"/deltagare/?q={last_name}",
                )  # fmt: skip
            else:
                self.add(
                    at, referrer, AuditAction.VIEW, "people.participant", participant_id,
                    participant_id, "", f"/deltagare/{participant_id}/",
                )  # fmt: skip

    def chain(self, chain: int, start: tuple[int, str]) -> tuple[int, str]:
        """Order the events in time and link them into the organisation's hash chain; returns
        the chain's new head (sequence number and hash)."""
        seq, previous = start
        self.events.sort(key=lambda event: event.at)
        rows = self.world.rows[AuditRecord]
        for event in self.events:
            seq += 1
            actor = event.actor
            content = SimpleNamespace(
                chain=chain,
                seq=seq,
                at=event.at,
                actor_id=actor.pk,
                actor_name=actor.username,
                organisation_id=chain,
                action=event.action,
                object_type=event.object_type,
                object_id=str(event.object_id) if event.object_id else "",
                participant_id=event.participant_id,
                summary=event.summary[:300],
                changes=event.changes,
                ip_address=_address(actor.username),
                path=event.path,
                prev_hash=previous,
            )
            # record_digest reads attributes only; a namespace avoids building model instances.
            digest = record_digest(cast(AuditRecord, content))
            rows.append(
                (
                    content.at,
                    content.actor_id,
                    content.actor_name,
                    chain,
                    content.action,
                    content.object_type,
                    content.object_id,
                    content.participant_id,
                    content.summary,
                    content.changes,
                    content.ip_address,
                    content.path,
                    chain,
                    seq,
                    previous,
                    digest,
                )
            )
            previous = digest
        return seq, previous
