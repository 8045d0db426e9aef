"""Re-seal the audit chains with the HMAC key (issue 14).

Until now a record's hash was plain SHA-256, which anyone with write access to the database
could recompute. Each chain is first verified as it stands (a broken chain stops the migration,
so tampering is not sealed in); then every record's hash is recomputed, in order, as
HMAC-SHA-256 with LOTSA_AUDIT_KEY (lotsa.audit.chain). The hashing here is a frozen copy of
the one in chain.py, so this migration keeps meaning what it did when it was written.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations

GENESIS = "0" * 64
FIELDS = (
    "chain", "seq", "at", "actor_id", "actor_name", "organisation_id", "action", "object_type",
    "object_id", "participant_id", "summary", "changes", "ip_address", "path", "prev_hash",
)


def _content(record) -> bytes:
    content = {}
    for name in FIELDS:
        value = getattr(record, name)
        if name == "at":
            value = value.isoformat(timespec="microseconds")
        content[name] = value
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _key() -> bytes:
    if settings.LOTSA_AUDIT_KEY:
        return settings.LOTSA_AUDIT_KEY.encode("utf-8")
    return hashlib.sha256(b"lotsa-audit-chain:" + settings.SECRET_KEY.encode("utf-8")).digest()


def reseal(apps, schema_editor):
    AuditRecord = apps.get_model("audit", "AuditRecord")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    if not AuditRecord.objects.exists():
        return
    key = _key()
    chains = sorted(set(AuditRecord.objects.values_list("chain", flat=True).distinct()))
    for chain in chains:
        prev_old, prev_new, seq, batch = GENESIS, GENESIS, 0, []
        for record in AuditRecord.objects.filter(chain=chain).order_by("seq").iterator(2000):
            seq += 1
            old_hash = hashlib.sha256(_content(record)).hexdigest()
            if record.seq != seq or record.prev_hash != prev_old or old_hash != record.record_hash:
                raise RuntimeError(
                    f"Audit chain {chain} is broken at number {seq} (record {record.pk}); run "
                    "`lotsa audit verify` on the previous release and investigate before "
                    "migrating: a broken chain is not re-sealed."
                )
            prev_old = record.record_hash
            record.prev_hash = prev_new
            record.record_hash = hmac.new(key, _content(record), hashlib.sha256).hexdigest()
            prev_new = record.record_hash
            batch.append(record)
            if len(batch) >= 2000:
                AuditRecord.objects.bulk_update(batch, ["prev_hash", "record_hash"])
                batch = []
        if batch:
            AuditRecord.objects.bulk_update(batch, ["prev_hash", "record_hash"])
        AuditChainHead.objects.filter(chain=chain).update(last_hash=prev_new)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_security_action")]

    operations = [migrations.RunPython(reseal, migrations.RunPython.noop, elidable=False)]
