#!/bin/sh
# Runs once, from the postgres image's /docker-entrypoint-initdb.d, when the data volume is
# empty. The cluster's superuser (POSTGRES_USER, here `temporal`) owns Temporal's databases;
# this script adds the application's own least-privileged role and database:
#
#   role     DISPATCH_DB_USER      (default dispatch), password DISPATCH_DB_PASSWORD (required)
#   database DISPATCH_DB_NAME      (default dispatch), owned by that role
#
# Changing DISPATCH_DB_PASSWORD later does not reach an existing volume: run
#   docker compose exec postgresql psql -U temporal -c "ALTER ROLE dispatch PASSWORD '...'"
# or start from an empty volume (docker compose down -v).
set -e

: "${DISPATCH_DB_PASSWORD:?DISPATCH_DB_PASSWORD must be set for the app database role}"
DISPATCH_DB_USER="${DISPATCH_DB_USER:-dispatch}"
DISPATCH_DB_NAME="${DISPATCH_DB_NAME:-dispatch}"

# psql variables (:'x' literal, :"x" identifier) do the quoting, so any password is safe here.
psql -v ON_ERROR_STOP=1 --no-psqlrc \
  --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
  -v app_user="$DISPATCH_DB_USER" \
  -v app_password="$DISPATCH_DB_PASSWORD" \
  -v app_db="$DISPATCH_DB_NAME" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'app_user', :'app_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_user')
\gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'app_db', :'app_user', 'UTF8')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'app_db')
\gexec
REVOKE ALL ON DATABASE :"app_db" FROM PUBLIC;
GRANT ALL ON DATABASE :"app_db" TO :"app_user";
SQL

echo "dispatch init: role '$DISPATCH_DB_USER' and database '$DISPATCH_DB_NAME' are ready"
