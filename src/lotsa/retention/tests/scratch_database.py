"""Helpers the backup tests run in a separate process against a scratch database.

    python -m lotsa.retention.tests.scratch_database seed     # rows in every app, then digests
    python -m lotsa.retention.tests.scratch_database wipe     # `lotsa flush`, then digests
    python -m lotsa.retention.tests.scratch_database digests  # `lotsa audit verify`, then digests

Digests are JSON: rows and SHA-256 per table. One process does two steps to keep the tests fast.

The scratch database is named by DATABASE_URL, so the test suite's own database is never touched.
"""

import datetime
import hashlib
import json
import os
import sys
from typing import Any

RESTORE_RECORD_TYPE = "retention.restore"


def seed() -> None:
    from django.conf import settings

    from lotsa.retention.tests.factories import full_case, looked_at

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    old = full_case(start=datetime.date(2018, 2, 5), closed=datetime.date(2018, 9, 3))
    looked_at(old.coach, old.participant, times=2)
    current = full_case(start=datetime.date(2025, 3, 3), closed=None, unit=old.unit)
    looked_at(current.coach, current.participant)


def digests() -> dict[str, Any]:
    """Row count and SHA-256 over all rows of every table, plus the restore's own audit trail.

    A restore appends one audit record (chain 0) saying it happened; it is reported apart so the
    tables can be compared with the state before the backup. The verification's own bookkeeping
    (the run just made and the months it checked) is left out: the digest is taken after it.
    """
    from django.db import connection

    from lotsa.audit.models import AuditChainHead, AuditRecord, VerificationRun, VerifiedMonth

    verification = {VerificationRun._meta.db_table, VerifiedMonth._meta.db_table}

    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in verification:
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from introspection
            columns = [column[0] for column in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            if table == AuditRecord._meta.db_table:
                rows = [row for row in rows if row["object_type"] != RESTORE_RECORD_TYPE]
            if table == AuditChainHead._meta.db_table:
                rows = [row for row in rows if row["chain"] != 0]
            lines = sorted(json.dumps(row, default=str, sort_keys=True) for row in rows)
            digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
            tables[table] = {"rows": len(rows), "sha256": digest}
    return {
        "tables": tables,
        "restore_records": AuditRecord.objects.filter(object_type=RESTORE_RECORD_TYPE).count(),
    }


def main(action: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotsa.config.settings_test")
    import django

    django.setup()
    from django.core.management import call_command

    if action == "seed":
        seed()
    elif action == "wipe":
        call_command("flush", interactive=False, verbosity=0)
    elif action == "digests":
        call_command("audit", "verify", stdout=sys.stderr)  # raises on a broken chain
    else:
        raise SystemExit(f"unknown action {action!r}")
    sys.stdout.write(json.dumps(digests()))


if __name__ == "__main__":
    main(sys.argv[1])
