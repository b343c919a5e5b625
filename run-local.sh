#!/usr/bin/env bash
# One command on a fresh machine: installs Azurite, starts it (it keeps running; data in .azurite/), builds the CLI,
# validates the catalog, then runs the main job — check every catalog document — and prints the summary.
# `./run-local.sh demo` runs the offline demo instead; any other arguments are passed to `monitors`.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/azurite.sh

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
azurite_start .azurite
dotnet build src/Monitors.Cli -c Release -warnaserror -warnnotaserror:NU1603 -nologo -v quiet
monitors() { dotnet src/Monitors.Cli/bin/Release/net10.0/monitors.dll "$@"; }

if [ "$#" -gt 0 ]; then
  monitors "$@"
  exit $?
fi
# Totals only: `monitors catalog validate` lists every platform, `monitors check --json` every document.
monitors catalog validate --summary
monitors check
