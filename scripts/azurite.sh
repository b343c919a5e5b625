#!/usr/bin/env bash
# Starts Azurite (pinned in package.json) in the background unless something already listens on 10000-10002.
# Sourced by run-local.sh and test.sh; sets AZURITE_PID when it started one (stop it with azurite_stop).
azurite_listening() {
  (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/10001) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null
}

azurite_start() {
  local location="$1"
  AZURITE_PID=""
  if azurite_listening; then
    echo "Azurite already listening on 127.0.0.1:10000-10002; using it."
    return 0
  fi
  mkdir -p "$location"
  node_modules/.bin/azurite --silent --location "$location" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --skipApiVersionCheck --disableTelemetry >"$location/azurite.log" 2>&1 &
  AZURITE_PID=$!
  for _ in $(seq 1 100); do
    if azurite_listening; then
      echo "Azurite started (pid $AZURITE_PID, data in $location)."
      return 0
    fi
    sleep 0.1
  done
  echo "Azurite did not start; its log:" >&2
  cat "$location/azurite.log" >&2
  return 1
}

azurite_stop() {
  if [ -n "${AZURITE_PID:-}" ]; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
}
