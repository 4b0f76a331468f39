#!/usr/bin/env bash
# Regenerates the engine's traditional→simplified folding tables and the script-parity tests' OpenCC
# dictionaries (tools/script-tables/generate.mjs says what each file is).
# Needs uconv (Debian: icu-devtools) and Node.js with npm; opencc-js is pinned in tools/script-tables.
# Why committed tables rather than ICU or OpenCC at run time: scores must be identical on every host,
# whatever ICU version (or none) it has, and the engine stays free of native interop and of Node.
set -euo pipefail
cd "$(dirname "$0")/script-tables"
npm ci --no-audit --no-fund --silent
node generate.mjs
