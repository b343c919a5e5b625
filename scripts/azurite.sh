#!/usr/bin/env bash
# Starts the project's Azurite (pinned in package.json) in the background. Sourced by run-local.sh and test.sh.
#
# Ports are settings: AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT (defaults 10000-10002). After
# azurite_start, AzureWebJobsStorage holds the matching connection string (exported for the CLI and the tests).
#
# An Azurite already listening on those ports is used only when it is this project's own: azurite_start writes
# LOCATION/azurite.pid, and a listener counts as ours when that pid is alive and its command line is this
# repository's node_modules Azurite with that same --location. Anything else on the ports stops the script with a
# message (set other ports, or stop the other emulator); it is never used silently.
# Sets AZURITE_PID when it started one (stop it with azurite_stop).

AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-10001}"
AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"
AZURITE_ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

port_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

azurite_any_listening() {
  port_listening "$AZURITE_BLOB_PORT" || port_listening "$AZURITE_QUEUE_PORT" || port_listening "$AZURITE_TABLE_PORT"
}

azurite_all_listening() {
  port_listening "$AZURITE_BLOB_PORT" && port_listening "$AZURITE_QUEUE_PORT" && port_listening "$AZURITE_TABLE_PORT"
}

# True when LOCATION/azurite.pid names a live process that is this repository's Azurite serving LOCATION on our ports.
azurite_is_ours() {
  local location="$1" pid cmdline
  [ -f "$location/azurite.pid" ] || return 1
  pid=$(cat "$location/azurite.pid")
  [ -r "/proc/$pid/cmdline" ] || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline")
  [[ "$cmdline" == *azurite* && "$cmdline" == *"--location $(cd "$location" && pwd)"* && "$cmdline" == *"--blobPort $AZURITE_BLOB_PORT "* ]]
}

azurite_export_connection_string() {
  export AZURITE_BLOB_PORT AZURITE_QUEUE_PORT AZURITE_TABLE_PORT
  export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${AZURITE_BLOB_PORT}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${AZURITE_QUEUE_PORT}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${AZURITE_TABLE_PORT}/devstoreaccount1;"
}

azurite_start() {
  local location="$1"
  AZURITE_PID=""
  mkdir -p "$location"
  location=$(cd "$location" && pwd)
  if azurite_any_listening; then
    if azurite_all_listening && azurite_is_ours "$location"; then
      echo "Azurite already running for this project (pid $(cat "$location/azurite.pid"), ports $AZURITE_BLOB_PORT-$AZURITE_TABLE_PORT); using it." >&2
      azurite_export_connection_string
      return 0
    fi
    echo "Something that is not this project's Azurite listens on 127.0.0.1 port $AZURITE_BLOB_PORT, $AZURITE_QUEUE_PORT or $AZURITE_TABLE_PORT." >&2
    echo "Stop it, or choose free ports: AZURITE_BLOB_PORT=11000 AZURITE_QUEUE_PORT=11001 AZURITE_TABLE_PORT=11002 $0" >&2
    return 1
  fi
  node_modules/.bin/azurite --silent --location "$location" \
    --blobHost 127.0.0.1 --blobPort "$AZURITE_BLOB_PORT" --queueHost 127.0.0.1 --queuePort "$AZURITE_QUEUE_PORT" \
    --tableHost 127.0.0.1 --tablePort "$AZURITE_TABLE_PORT" \
    --skipApiVersionCheck --disableTelemetry >"$location/azurite.log" 2>&1 &
  AZURITE_PID=$!
  echo "$AZURITE_PID" >"$location/azurite.pid"
  for _ in $(seq 1 600); do  # usually up in 1.5 s; a loaded machine takes longer
    if azurite_all_listening; then
      echo "Azurite started (pid $AZURITE_PID, ports $AZURITE_BLOB_PORT-$AZURITE_TABLE_PORT, data in $location)." >&2
      azurite_export_connection_string
      return 0
    fi
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "Azurite did not start; its log:" >&2
  cat "$location/azurite.log" >&2
  return 1
}

# Three free consecutive-ish ports for a throw-away Azurite (test.sh when no ports were set and the defaults are taken).
azurite_pick_free_ports() {
  local base
  for base in 10000 20000 20100 20200 20300 20400 20500 20600 20700 20800 20900; do
    if ! port_listening "$base" && ! port_listening $((base + 1)) && ! port_listening $((base + 2)); then
      AZURITE_BLOB_PORT=$base; AZURITE_QUEUE_PORT=$((base + 1)); AZURITE_TABLE_PORT=$((base + 2))
      return 0
    fi
  done
  echo "No three free ports found for Azurite; set AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT and AZURITE_TABLE_PORT." >&2
  return 1
}

azurite_stop() {
  if [ -n "${AZURITE_PID:-}" ]; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
}
