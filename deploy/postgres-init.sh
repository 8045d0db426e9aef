#!/bin/sh
# Run once by the postgres image when the database is created: the application's own role
# (the owner runs migrations; `lotsa audit restrict-role` then limits lotsa_app), and
# replication access for the optional read replica.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE lotsa_app LOGIN PASSWORD '${LOTSA_APP_PASSWORD}';
ALTER ROLE ${POSTGRES_USER} REPLICATION;
SQL
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
