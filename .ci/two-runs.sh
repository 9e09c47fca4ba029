#!/usr/bin/env bash
# Two jest runs at once on one machine, with the same TMPDIR (two worktrees, or an editor's runner and a
# terminal): both must pass, and neither may leave a folder, a PostgreSQL process or a database behind.
set -euo pipefail
cd "$(dirname "$0")/.."

SHARED=$(mktemp -d "${TMPDIR:-/tmp}/warden-two-runs-XXXXXX")
chmod 755 "$SHARED" # as root, the embedded PostgreSQL runs as "postgres" and must reach its folder
LOGS=$(mktemp -d)
trap 'rm -rf "$SHARED" "$LOGS"' EXIT
# Both runs use worker 1, the same short database names and the same files: any sharing shows up here.
SUBSET=(
  test/integration/controllers/transactions.test.ts
  test/integration/database/migrations.test.ts
  test/e2e/start.test.ts
)
run_databases() {
  [ -n "${TEST_DATABASE_URL:-}" ] || return 0
  node -e '
    const { Client } = require("pg");
    const client = new Client({ connectionString: process.argv[1] });
    client.connect()
      .then(() => client.query("SELECT datname FROM pg_database WHERE datname ~ $1 ORDER BY 1", ["^wt_"]))
      .then((result) => { for (const row of result.rows) console.log(row.datname); return client.end(); });
  ' "$TEST_DATABASE_URL"
}
before=$(run_databases)

for run in a b; do
  TMPDIR=$SHARED npx jest "${SUBSET[@]}" --maxWorkers=1 --cacheDirectory="$LOGS/cache-$run" \
    >"$LOGS/$run.log" 2>&1 &
  eval "pid_$run=$!"
done
status=0
for run in a b; do
  pid_var="pid_$run"
  if wait "${!pid_var}"; then
    echo "run $run: $(grep '^Tests:' "$LOGS/$run.log")"
  else
    echo "run $run FAILED:" && cat "$LOGS/$run.log" && status=1
  fi
done

left=$(ls -A "$SHARED")
if [ -n "$left" ]; then echo "left behind in TMPDIR: $left" && status=1; fi
if pgrep -f -- "-D $SHARED/" >/dev/null; then echo "a PostgreSQL from $SHARED is still running" && status=1; fi
after=$(run_databases)
if [ "$before" != "$after" ]; then echo "databases left behind: $(comm -13 <(echo "$before") <(echo "$after"))" && status=1; fi
[ "$status" = 0 ] && echo "two concurrent runs: both passed, nothing left behind"
exit "$status"
