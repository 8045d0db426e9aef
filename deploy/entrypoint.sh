#!/bin/sh
# The container's entry point: the commands of docs/deployment.md, one per service.
#
#   migrate      as the schema owner: migrations, the audit log's months ahead (PostgreSQL),
#                and the application role's restriction when LOTSA_APP_ROLE is set
#   web          gunicorn (WEB_CONCURRENCY workers, metrics summed across them)
#   worker       a task worker (e-mail, SMS, scheduled jobs); any number of them
#   scheduler    the one scheduler
#   check        `lotsa check --deploy`, failing on warnings
#   anything else is run as given (e.g. `lotsa audit verify`)
#
# CI runs these same commands without a container runtime (tests/test_deployment.py).
set -eu

LOTSA="${LOTSA:-lotsa}"
command="${1:-web}"
[ "$#" -gt 0 ] && shift

case "$command" in
  migrate)
    $LOTSA migrate --no-input
    case "${DATABASE_URL:-}" in
      postgres*)
        $LOTSA audit partitions --months-ahead "${LOTSA_AUDIT_MONTHS_AHEAD:-12}"
        if [ -n "${LOTSA_APP_ROLE:-}" ]; then
          $LOTSA audit restrict-role --role "$LOTSA_APP_ROLE"
        fi
        ;;
    esac
    ;;
  web)
    # Several gunicorn workers: each writes its metrics here and /metrics/ adds them up.
    export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-/tmp/lotsa-metrics}"
    rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    exec gunicorn lotsa.config.wsgi:application \
      --bind "${BIND:-0.0.0.0:8000}" --workers "${WEB_CONCURRENCY:-3}" \
      --access-logfile - --access-logformat '{"request_id": "%({x-request-id}o)s", "status": %(s)s, "method": "%(m)s", "path": "%(U)s", "ms": %(M)s}' \
      "$@"
    ;;
  worker)
    exec $LOTSA worker "$@"
    ;;
  scheduler)
    exec $LOTSA scheduler "$@"
    ;;
  check)
    exec $LOTSA check --deploy --fail-level WARNING "$@"
    ;;
  *)
    exec "$command" "$@"
    ;;
esac
