#!/usr/bin/env bash
# Runs every test: installs Azurite (npm ci), starts it, builds with warnings as errors, checks the Bicep,
# runs the unit and integration tests, and ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
ports_given="${AZURITE_BLOB_PORT:-}${AZURITE_QUEUE_PORT:-}${AZURITE_TABLE_PORT:-}"
source scripts/azurite.sh

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
# The browser tests drive the Debian Chromium (Playwright never downloads a browser here).
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing chromium for the browser tests (apt-get)…"
  if [ "$(id -u)" -eq 0 ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  $apt_get update -qq && DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq chromium >/dev/null
fi
results=$(mktemp -d)
# Screenshots of every page the browser tests visit, at each viewport.
export BROWSER_ARTIFACTS="${BROWSER_ARTIFACTS:-$PWD/TestResults/browser}"
rm -rf "$BROWSER_ARTIFACTS"; mkdir -p "$BROWSER_ARTIFACTS"
# The tests get a throw-away Azurite of their own: on the AZURITE_*_PORT settings when given, otherwise on
# 10000-10002 or, when something else listens there (another project's emulator), on the next free ports.
if [ -z "$ports_given" ]; then azurite_pick_free_ports; fi
azurite_start "$results/azurite"
trap azurite_stop EXIT

dotnet build Monitors.sln -warnaserror -warnnotaserror:NU1603 -nologo -v quiet
if [ -f infra/check.sh ]; then bash infra/check.sh; fi

status=0
# One test project at a time: run side by side (as `dotnet test Monitors.sln` does), the browser tests' Chromium and
# the integration tests' Azurite share two cores, and timing-sensitive tests become a matter of luck.
for project in tests/*/*Tests.csproj; do
  dotnet test "$project" --no-build --nologo --logger "trx" --results-directory "$results/trx" || status=$?
done

passed=0; failed=0; skipped=0
for trx in "$results"/trx/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "Browser test screenshots: $BROWSER_ARTIFACTS ($(find "$BROWSER_ARTIFACTS" -name '*.png' | wc -l) files)"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
