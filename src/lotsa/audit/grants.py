"""The PostgreSQL privileges that keep the application from rewriting the audit log.

The schema is owned by a migration role; the running application connects as another role
that may read and write every table except the audit records, which it may only read and
insert into. `lotsa audit restrict-role --role <app role>` runs these statements as the owner
(docs/deployment.md).
"""

from collections.abc import Sequence

from psycopg import sql

from lotsa.audit.models import AuditChainHead, AuditRecord


def restrict_role_sql(role: str, *, partitions: Sequence[str] = ()) -> list[str]:
    """Statements that grant `role` normal use of the schema and only SELECT, INSERT on the
    audit records, on the table and on each of its monthly `partitions` (PostgreSQL lets a
    role with the privilege write a partition directly). Identifiers are quoted, so a role
    name cannot inject SQL."""
    name = sql.Identifier(role)
    records = sql.Identifier(AuditRecord._meta.db_table)
    heads = sql.Identifier(AuditChainHead._meta.db_table)
    statements = [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            name
        ),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(name),
        sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(records, name),
        *(
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(
                sql.Identifier(partition), name
            )
            for partition in partitions
        ),
        sql.SQL("REVOKE TRUNCATE, DELETE ON {} FROM {}").format(heads, name),
        # Tables that later migrations create get the normal grants too; the audit table
        # stays restricted because REVOKE above is on the table itself, and a new partition
        # has them taken away when it is created (lotsa.audit.partitions.keep_insert_only).
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(name),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {}"
        ).format(name),
    ]
    return [statement.as_string() for statement in statements]
