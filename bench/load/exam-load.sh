#!/usr/bin/env bash
# The exam load benchmark (docs/PERFORMANCE.md): 2,000 learners against the built server on
# PostgreSQL, driven by wrk with bench/load/exam-start.lua and exam-save.lua.
# Needs: wrk (apt-get install wrk), PostgreSQL with a role that may create databases
# (SERVICECOACH_BENCH_POSTGRES, default the local test server). Not part of CI.
# Usage: bench/load/exam-load.sh [learners=2000] [save-seconds=60] [sweep-seconds=20]
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
dotnet build bench/ServiceCoach.Benchmarks.Server -c Release -v quiet -nologo >/dev/null
exec dotnet bench/ServiceCoach.Benchmarks.Server/bin/Release/net10.0/ServiceCoach.Benchmarks.Server.dll exam-load "${1:-2000}" "${2:-60}" "${3:-20}"
