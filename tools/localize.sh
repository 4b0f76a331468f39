#!/usr/bin/env bash
# Moves the web project's T("中文", "English") pairs into its resource files and writes missing 繁體中文
# entries (docs/localization.md). Re-runnable; --check changes nothing and fails when work is left.
# Needs Node.js with npm; opencc-js is pinned in tools/localization.
set -euo pipefail
cd "$(dirname "$0")/localization"
npm ci --no-audit --no-fund --silent
node convert.mjs "$@"
