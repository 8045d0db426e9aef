"""Writing audit records. Every service that reads or changes personal data calls `audit_record`."""

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit import partitions
from lotsa.audit.chain import HASHED_FIELDS, SeriesHasher, audit_key, record_digest
from lotsa.audit.constants import AuditAction
from lotsa.audit.context import RequestOrigin, current_origin
from lotsa.audit.models import AuditChainHead, AuditRecord, VerifiedMonth
from lotsa.core.tablewriter import TableWriter


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    participant: Any = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    organisation_id: int | None = None,
) -> AuditRecord:
    """Write one audit record: `actor` did `action` on `obj` (about `participant`)."""
    record = _build_record(
        actor=actor,
        action=action,
        obj=obj,
        object_type=object_type,
        participant=participant,
        summary=summary,
        changes=changes,
        organisation_id=organisation_id,
    )
    _append_to_chain([record])
    return record


def audit_records(
    *,
    actor: Any,
    action: AuditAction,
    items: Sequence[tuple[models.Model, Any]],
    summary: str = "",
) -> list[AuditRecord]:
    """Write one record per (object, participant) in `items` in a single chain append.

    For bulk writes (imports): the same records `audit_record` would write one at a time, but
    each organisation's chain head is locked and moved once and the rows go in with one
    bulk insert, so auditing 20 000 rows costs a handful of queries instead of 100 000.
    """
    records = [
        _build_record(actor=actor, action=action, obj=obj, participant=participant, summary=summary)
        for obj, participant in items
    ]
    _append_to_chain(records)
    return records


def audit_rows(
    *,
    actor: Any,
    action: AuditAction,
    object_type: str,
    items: Sequence[tuple[Any, int | None, int | None]],
    summary: str = "",
) -> int:
    """`audit_records` for very many rows, without a model instance per record.

    `items` are (object pk, participant pk, the participant's organisation id). The records,
    their order, seq and hashes are exactly those `audit_records` would write (the same
    `values_digest` that `lotsa audit verify` recomputes); they go in through `TableWriter`, so
    by COPY on PostgreSQL and bulk_create elsewhere. Returns how many were written.
    """
    origin = current_origin.get() or RequestOrigin()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    actor_org = getattr(actor, "organisation_id", None) if is_user else None
    common: dict[str, Any] = {
        "actor_id": actor.pk if is_user else None,
        "actor_name": getattr(actor, "username", "") if is_user else "",
        "action": str(action.value),
        "object_type": object_type,
        "summary": _printable(summary)[:300],
        "changes": {},
        "ip_address": origin.ip_address,
        "path": _printable(origin.path),
    }
    by_chain: dict[int, list[tuple[str, int | None, int | None]]] = {}
    for pk, participant_id, organisation_id in items:
        organisation = actor_org if actor_org is not None else organisation_id
        by_chain.setdefault(organisation or 0, []).append(
            ("" if pk is None else str(pk), participant_id, organisation)
        )
    columns = (*HASHED_FIELDS, "record_hash")
    varying = ("seq", "object_id", "participant_id", "organisation_id", "prev_hash")
    key = audit_key()
    written = 0
    with transaction.atomic():
        for chain in sorted(by_chain):  # the same fixed order as _append_to_chain
            head = _locked_head(chain)
            now = _recorded_at.get() or timezone.now()
            fixed = {**common, "chain": chain, "at": now}
            # Hashed as `values_digest` would hash each record's values (SeriesHasher writes
            # the shared part of the canonical text once); the row in the order of `columns`.
            hasher = SeriesHasher(fixed, varying, key=key)
            row_of = _row_builder(columns, fixed, varying)
            seq, last_hash = head.last_seq, head.last_hash
            rows = []
            for object_id, participant_id, organisation in by_chain[chain]:
                seq += 1
                own = (seq, object_id, participant_id, organisation, last_hash)
                last_hash = hasher.digest(own)
                rows.append(row_of(own, last_hash))
            written += TableWriter(AuditRecord, columns).write(rows)
            head.last_seq, head.last_hash = seq, last_hash
            head.save(update_fields=["last_seq", "last_hash"])
    return written


def _row_builder(
    columns: Sequence[str], fixed: dict[str, Any], varying: Sequence[str]
) -> Callable[[tuple[Any, ...], str], tuple[Any, ...]]:
    """A function (varying values, record hash) → the row's values in the order of `columns`
    (the last column being the hash), the fixed values filled in."""
    template = [fixed.get(name) for name in columns[:-1]]
    slots = [(columns.index(name), position) for position, name in enumerate(varying)]

    def row_of(own: tuple[Any, ...], record_hash: str) -> tuple[Any, ...]:
        row = template.copy()
        for column, position in slots:
            row[column] = own[position]
        row.append(record_hash)
        return tuple(row)

    return row_of


def _locked_head(chain: int) -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:  # the organisation's first record
        AuditChainHead.objects.get_or_create(chain=chain)
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
    return head


def _build_record(
    *,
    actor: Any,
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    participant: Any = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    organisation_id: int | None = None,
) -> AuditRecord:
    origin = current_origin.get() or RequestOrigin()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if organisation_id is None and is_user:
        organisation_id = getattr(actor, "organisation_id", None)
    if organisation_id is None and participant is not None:
        organisation_id = participant.organisation_id
    return AuditRecord(
        actor=actor if is_user else None,
        actor_name=getattr(actor, "username", "") if is_user else "",
        organisation_id=organisation_id,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        participant_id=getattr(participant, "pk", None),
        summary=_printable(summary)[:300],
        changes=json.loads(json.dumps(changes or {}, default=str)),
        ip_address=origin.ip_address,
        path=_printable(origin.path),
    )


_recorded_at: ContextVar[datetime | None] = ContextVar("audit_recorded_at", default=None)


@contextmanager
def recorded_at(moment: datetime) -> Iterator[None]:
    """Date the records appended inside at `moment` instead of now.

    For the synthetic-data tool only (`lotsa generate`), which sets up an organisation through
    the services and then writes years of history before today: its set-up records must come
    before that history in time as they do in sequence, or the chain's months would not join.
    Use it only on a chain that has nothing newer than `moment`.
    """
    token = _recorded_at.set(moment)
    try:
        yield
    finally:
        _recorded_at.reset(token)


def _append_to_chain(records: Sequence[AuditRecord]) -> None:
    """Link the records, in order, to the end of their organisations' chains and save them.

    Each chain head row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises
    writers) so concurrent writers of one organisation take turns; organisations never wait on
    each other.
    """
    if len(records) == 1 and _append_one(records[0]):
        return
    by_chain: dict[int, list[AuditRecord]] = {}
    for record in records:
        by_chain.setdefault(record.organisation_id or 0, []).append(record)
    with transaction.atomic():
        for chain in sorted(by_chain):  # a fixed order, so two writers cannot deadlock
            head = _locked_head(chain)
            now = _recorded_at.get() or timezone.now()
            for record in by_chain[chain]:
                record.chain = chain
                record.seq = head.last_seq + 1
                record.prev_hash = head.last_hash
                record.at = now
                record.record_hash = record_digest(record)
                head.last_seq = record.seq
                head.last_hash = record.record_hash
            if len(by_chain[chain]) == 1:
                by_chain[chain][0].save()
            else:
                AuditRecord.objects.bulk_create(by_chain[chain], batch_size=1000)
            head.save(update_fields=["last_seq", "last_hash"])


# Every hashed column and the hash, in the order of _APPEND_SQL's values.
_APPENDED_FIELDS = (*HASHED_FIELDS, "record_hash")
# Move the head and insert the record only if the head is still at what the hash was built on
# (compare and swap); the statement also answers with the head as it found it, so a miss
# needs no read of its own before the next try.
_APPEND_SQL = (  # noqa: S608 - column names from the model, every value a parameter
    "WITH moved AS ("
    " UPDATE audit_auditchainhead SET last_seq = %s, last_hash = %s"
    " WHERE id = %s AND last_seq = %s AND last_hash = %s RETURNING id"
    "), inserted AS ("
    " INSERT INTO audit_auditrecord ({columns}) SELECT {values} FROM moved RETURNING id"
    ") SELECT (SELECT id FROM inserted), head.id, head.last_seq, head.last_hash"
    " FROM audit_auditchainhead head WHERE head.chain = %s"
).format(
    columns=", ".join(AuditRecord._meta.get_field(name).column for name in _APPENDED_FIELDS),  # type: ignore[union-attr]
    values=", ".join(["%s"] * len(_APPENDED_FIELDS)),
)
APPEND_ATTEMPTS = 5
# (database alias, chain) → (head id, last seq, last hash) as this process last wrote or saw
# it. Only a guess: the compare and swap refuses a stale one, whose miss answers with the head.
_known_heads: dict[tuple[str, int], tuple[int, int, str]] = {}


def _append_one(record: AuditRecord) -> bool:
    """Append one record without a transaction of its own (PostgreSQL), in one statement when
    this process wrote the chain's last record, else two.

    Hash the record on the head as last known here (read it if nothing is known), then move
    the head and insert the record in one statement that only moves a head still at what the
    hash was built on (compare and swap). A writer that came first makes the swap miss; the
    statement then answers with the head it found, and the record is hashed again on that,
    with a fresh `at`, so seq and time still go up together. The statement is atomic by itself,
    and inside a caller's transaction the head's row stays locked until that commits, as with
    the locking path; a head moved by a transaction that was rolled back is only a miss. False
    (nothing written) for an organisation's first record or after repeated misses: the caller
    takes the locking path.
    """
    alias = router.db_for_write(AuditRecord)
    connection = connections[alias]
    if connection.vendor != "postgresql":  # SQLite serialises writers; the locking path
        return False
    chain = record.organisation_id or 0
    key = (alias, chain)
    fields = [cast(models.Field, AuditRecord._meta.get_field(name)) for name in _APPENDED_FIELDS]
    known = _known_heads.get(key)
    for _attempt in range(APPEND_ATTEMPTS):
        if known is None:
            known = (
                AuditChainHead.objects.using(alias)
                .filter(chain=chain)
                .values_list("pk", "last_seq", "last_hash")
                .first()
            )
            if known is None:
                return False
        head_id, last_seq, last_hash = known
        record.chain = chain
        record.seq = last_seq + 1
        record.prev_hash = last_hash
        record.at = _recorded_at.get() or timezone.now()
        record.record_hash = record_digest(record)
        values = [
            field.get_db_prep_save(getattr(record, field.attname), connection) for field in fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                _APPEND_SQL,
                [record.seq, record.record_hash, head_id, last_seq, last_hash, *values, chain],
            )
            answer = cursor.fetchone()
        if answer is None:  # no head for this chain (any more): the locking path makes one
            break
        inserted, *found = answer
        if inserted is not None:
            _known_heads[key] = (head_id, record.seq, record.record_hash)
            record.pk = inserted
            record._state.adding = False
            record._state.db = alias
            return True
        known = (found[0], found[1], found[2])
    _known_heads.pop(key, None)
    return False


def audit_months_detach(*, before: date, drop: bool, now: datetime | None = None) -> list[str]:
    """Detach (and with `drop`, drop) the audit log's monthly partitions before `before`.

    Run by the schema owner from the command line (`lotsa audit detach`; the application role
    may not). Refuses months younger than LOTSA_AUDIT_KEEP_MONTHS and months with a chain not
    yet verified: each detached month keeps its `VerifiedMonth`, so `lotsa audit verify` still
    joins the chains across the gap. Writes one audit record per month.
    """
    if not partitions.is_partitioned():
        raise ValidationError(_("Loggen är inte uppdelad per månad här (det görs på PostgreSQL)."))
    now = now or timezone.now()
    youngest = partitions.add_months(partitions.month_of(now), -settings.LOTSA_AUDIT_KEEP_MONTHS)
    if partitions.month_of(before) > youngest:
        raise ValidationError(
            _(
                "Loggposter sparas i %(months)d månader: första månaden att behålla är "
                "senast %(month)s."
            )
            % {"months": settings.LOTSA_AUDIT_KEEP_MONTHS, "month": f"{youngest:%Y-%m}"}
        )
    detached = []
    for partition in partitions.partitions():
        if partition.month is None or partition.month >= partitions.month_of(before):
            continue
        start, end = partitions.month_bounds(partition.month)
        in_month = AuditRecord.objects.filter(at__gte=start, at__lt=end)
        chains = set(in_month.values_list("chain", flat=True).distinct())
        verified = VerifiedMonth.objects.filter(month=partition.month, chain__in=chains)
        if verified.count() != len(chains):
            raise ValidationError(
                _(
                    "Månaden %(month)s är inte granskad för alla kedjor; "
                    "kör `lotsa audit verify` först."
                )
                % {"month": f"{partition.month:%Y-%m}"}
            )
        records = in_month.count()
        with transaction.atomic():
            verified.update(detached_at=now)
            partitions.detach_partition(partition.month, drop=drop)
            audit_record(
                actor=None,
                action=AuditAction.DELETE if drop else AuditAction.EXPORT,
                object_type="audit.partition",
                summary=_("Loggmånaden %(month)s (%(records)d poster, %(table)s) %(what)s")
                % {
                    "month": f"{partition.month:%Y-%m}",
                    "records": records,
                    "table": partition.name,
                    "what": _("togs bort") if drop else _("kopplades bort för arkivering"),
                },
            )
        detached.append(partition.name)
    return detached


def _printable(text: str) -> str:
    """Text as the database can store it: PostgreSQL refuses NUL characters."""
    return text.replace("\x00", "")


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields whose value changed, as JSON-safe strings."""
    return {
        name: [_plain(before.get(name)), _plain(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_view(
    *, actor: Any, obj: models.Model, participant: Any, summary: str = ""
) -> AuditRecord:
    """A page showed `participant`'s data from `obj`: one view record naming the person."""
    return audit_record(
        actor=actor, action=AuditAction.VIEW, obj=obj, participant=participant, summary=summary
    )


def audit_list(*, actor: Any, object_type: str, summary: str) -> AuditRecord:
    """A page listed people (a work list, a queue, a register): one search record naming the
    list, whatever its length, so that a list costs the same few queries however long it is."""
    return audit_record(
        actor=actor, action=AuditAction.SEARCH, object_type=object_type, summary=summary
    )


def audit_export(
    *,
    actor: Any,
    object_type: str,
    summary: str,
    obj: models.Model | None = None,
    participant: Any = None,
) -> AuditRecord:
    """A download (CSV, XLSX, PDF …) left the system: an export record, never a view."""
    return audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=obj,
        object_type=object_type,
        participant=participant,
        summary=summary,
    )
