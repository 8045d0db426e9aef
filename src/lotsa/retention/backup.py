"""Copying the whole database to a file and back, with a SHA-256 checksum beside the file.

SQLite uses the online backup API, so a running instance can be copied consistently. PostgreSQL
uses pg_dump's custom format and pg_restore (`--clean --if-exists`, run by psql in one
transaction), with the connection settings Django uses. The client programs must be the
server's major version or newer.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.sqlite3._functions import register as register_django_functions
from django.utils.translation import gettext as _

from lotsa.retention.constants import PRIVATE_FILE_MODE

CHUNK_SIZE = 1024 * 1024

# libpq reads these from the environment; Django may carry them in OPTIONS.
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class BackupError(Exception):
    """A backup or restore could not be made; the message is Swedish and says what to do."""


def checksum_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.sha256")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def write_checksum(path: Path) -> str:
    """Write FILE.sha256 in `sha256sum` format, so `sha256sum -c` can check it too."""
    digest = file_sha256(path)
    checksum_path(path).write_text(f"{digest}  {path.name}\n", encoding="ascii")
    return digest


def verify_checksum(path: Path) -> str:
    """The file's checksum when it matches FILE.sha256; BackupError otherwise."""
    if not path.is_file():
        raise BackupError(_("Filen %(path)s finns inte.") % {"path": path})
    sums = checksum_path(path)
    if not sums.is_file():
        raise BackupError(
            _("Kontrollsumman %(sums)s saknas. En fil som inte kan kontrolleras återställs inte.")
            % {"sums": sums}
        )
    words = sums.read_text(encoding="ascii", errors="replace").split()
    expected = words[0].lower() if words else ""
    actual = file_sha256(path)
    if expected != actual:
        raise BackupError(
            _(
                "Kontrollsumman stämmer inte för %(path)s: filen är skadad eller ändrad. "
                "Ingenting har återställts."
            )
            % {"path": path}
        )
    return actual


def backup_database(path: Path, *, alias: str = DEFAULT_DB_ALIAS) -> None:
    """Copy the whole database to `path` (which must not exist yet)."""
    if path.exists():
        raise BackupError(_("Filen %(path)s finns redan. Välj ett nytt filnamn.") % {"path": path})
    connection = connections[alias]
    partial = path.with_name(f"{path.name}.part")
    _create_private_file(partial)
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, partial)
        elif connection.vendor == "postgresql":
            _pg_dump(connection, partial)
        else:
            raise BackupError(_unsupported(connection.vendor))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def restore_database(path: Path, *, alias: str = DEFAULT_DB_ALIAS) -> None:
    """Replace the whole database with the backup at `path`. Check its checksum first."""
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError(_("Databasen kan inte återställas inifrån en transaktion."))
    if connection.vendor == "sqlite":
        _sqlite_restore(connection, path)
    elif connection.vendor == "postgresql":
        _pg_restore(connection, path)
    else:
        raise BackupError(_unsupported(connection.vendor))


def database_label(alias: str = DEFAULT_DB_ALIAS) -> str:
    """The database's name as an operator would recognise it, for the confirmation question."""
    settings = connections[alias].settings_dict
    if settings.get("HOST"):
        return _("%(name)s på %(host)s") % {"name": settings["NAME"], "host": settings["HOST"]}
    return str(settings["NAME"])


def _unsupported(vendor: str) -> str:
    return _("Säkerhetskopiering stöds för SQLite och PostgreSQL, inte %(vendor)s.") % {
        "vendor": vendor
    }


def _create_private_file(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))


# --- SQLite -----------------------------------------------------------------------------------


def _raw_sqlite(database: str, *, uri: bool = False) -> sqlite3.Connection:
    """A plain sqlite3 connection that knows Django's SQL functions, which the schema's CHECK
    constraints call (e.g. `django_date_extract` for a month's first day): the integrity check
    evaluates them."""
    raw = sqlite3.connect(database, uri=uri)
    register_django_functions(raw)
    return raw


def _sqlite_backup(connection: Any, path: Path) -> None:
    connection.ensure_connection()
    target = _raw_sqlite(str(path))
    try:
        connection.connection.backup(target)
        # A copy of a WAL database would otherwise need -wal/-shm files beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        (result,) = target.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise BackupError(_("Kopian klarade inte SQLite:s integritetskontroll: %s") % result)
    finally:
        target.close()


def _sqlite_restore(connection: Any, path: Path) -> None:
    source = _raw_sqlite(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        (result,) = source.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise BackupError(_("Säkerhetskopian är inte en hel SQLite-databas: %s") % result)
        connection.ensure_connection()
        # One step copies every page inside one write transaction: all or nothing.
        source.backup(connection.connection)
    except sqlite3.DatabaseError as error:
        raise BackupError(_("Säkerhetskopian kunde inte läsas: %s") % error) from error
    finally:
        source.close()


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_dump(connection: Any, path: Path) -> None:
    arguments, environment = _libpq(connection)
    _run(
        "pg_dump",
        ["--format=custom", f"--file={path}", *arguments, connection.settings_dict["NAME"]],
        environment,
    )


def _pg_restore(connection: Any, path: Path) -> None:
    """pg_restore writes the restore as SQL, psql runs it in one transaction.

    `pg_restore --clean` cannot drop the audit log's monthly partitions (their keys are the
    partitioned table's, "cannot drop inherited constraint"), so the script first drops the
    partitioned table with its partitions; every later DROP is IF EXISTS. A failure anywhere
    rolls the whole restore back."""
    arguments, environment = _libpq(connection)
    connection.close()  # our own session must not hold locks on the tables being replaced
    script = path.with_name(f".{path.name}.restore.sql")
    try:
        _run(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", f"--file={script}", str(path)],
            environment,
        )
        script.chmod(0o600)
        body = script.read_text(encoding="utf-8")
        script.write_text(
            "DROP TABLE IF EXISTS public.audit_auditrecord CASCADE;\n" + body, encoding="utf-8"
        )
        _run(
            "psql",
            [
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                "--quiet",
                *arguments,
                f"--dbname={connection.settings_dict['NAME']}",
                f"--file={script}",
            ],
            environment,
        )
    finally:
        script.unlink(missing_ok=True)


def _libpq(connection: Any) -> tuple[list[str], dict[str, str]]:
    settings = connection.settings_dict
    arguments = ["--no-password"]  # never stop and ask on a terminal
    if settings.get("HOST"):
        arguments.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        arguments.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        arguments.append(f"--username={settings['USER']}")
    environment = dict(os.environ)
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings["PASSWORD"])
    for option, variable in _LIBPQ_OPTIONS.items():
        value = (settings.get("OPTIONS") or {}).get(option)
        if value:
            environment[variable] = str(value)
    return arguments, environment


def _run(program: str, arguments: list[str], environment: dict[str, str]) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            _(
                "%(program)s finns inte. Installera PostgreSQL:s klientprogram "
                "(samma version som servern)."
            )
            % {"program": program}
        )
    finished = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [executable, *arguments], env=environment, capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        raise BackupError(
            _("%(program)s misslyckades: %(error)s")
            % {"program": program, "error": finished.stderr.strip() or finished.returncode}
        )
