#!/usr/bin/env bash
# npm test — every test: types, unit, integration on PGlite and (with TEST_DATABASE_URL) PostgreSQL, end-to-end.
# Under CI=true nothing may be skipped: a missing PostgreSQL or Chromium is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n=== %s ===\n' "$1"; }

step "types"
npx tsc --noEmit -p .

step "unit and integration (PGlite)"
projects=(--project unit --project integration-pglite)
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  projects+=(--project integration-postgres)
  echo "integration tests also run on PostgreSQL at ${TEST_DATABASE_URL%%@*}@…"
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true but TEST_DATABASE_URL is not set: the PostgreSQL integration run cannot be skipped in CI" >&2
  exit 1
else
  echo "TEST_DATABASE_URL is not set: skipping the PostgreSQL integration run (CI runs it)"
fi
npx vitest run "${projects[@]}"

step "end-to-end (Chromium)"
npx tsx scripts/run-e2e.ts
