#!/usr/bin/env bash
# Builds once and runs every test project exactly as CI does. Ends with "N passed, N failed".
# Optional: SERVICECOACH_TEST_POSTGRES (a connection string) runs the database tests on PostgreSQL too.
set -uo pipefail
cd "$(dirname "$0")"

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== build"
if ! dotnet build ServiceCoach.slnx -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== test"
log="$results/test-output.log"
dotnet test --solution ServiceCoach.slnx -c Release --no-build \
  --report-trx --results-directory "$results" --max-parallel-test-modules 1 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The test platform's own summary counts every test case of every module, including failures
# outside a test (a class fixture that throws on cleanup), which a crashed module's .trx may lack.
summary() { grep -E "^  $1: [0-9]+" "$log" | tail -1 | grep -oE '[0-9]+'; }
passed=$(summary succeeded); failed=$(summary failed); skipped=$(summary skipped)

if [ -z "$passed" ]; then
  # No summary (the platform itself stopped early): add up the .trx files instead.
  passed=0; failed=0; skipped=0
  for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
    f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
    t=$(echo "$counters" | sed -n 's/.* total="\([0-9]*\)".*/\1/p')
    e=$(echo "$counters" | sed -n 's/.* executed="\([0-9]*\)".*/\1/p')
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
    skipped=$((skipped + ${t:-0} - ${e:-0}))
  done
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The run failed without a failed test (a crashed test host, a missing module): count it.
  failed=1
fi

echo "skipped: $skipped (each skip prints its reason above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
