#!/usr/bin/env bash
# Starts an in-memory Azurite for the benchmarks' big fixtures: the blob, queue and table services as three Node
# processes (each service is single-threaded, so one process per service lets blob and table requests use different
# cores), a large V8 heap, and the blob and queue garbage collectors off (bench/azurite/without-extent-gc.cjs says why).
#
#   bench/azurite/start-in-memory.sh 12000     # blob 12000, queue 12001, table 12002
#   export AZURITE_BLOB_PORT=12000 AZURITE_QUEUE_PORT=12001 AZURITE_TABLE_PORT=12002
#
# Everything lives in memory and is gone when the processes stop (kill the pids it prints). Ports in use stop it.
set -euo pipefail
base="${1:?usage: bench/azurite/start-in-memory.sh BASE_PORT (blob BASE, queue BASE+1, table BASE+2)}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
heap="${AZURITE_HEAP_MB:-16000}"
logs="$root/TestResults/azurite-in-memory"
mkdir -p "$logs"
pids=()
for service in blob queue table; do
  case "$service" in blob) port=$base ;; queue) port=$((base + 1)) ;; table) port=$((base + 2)) ;; esac
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is in use: pick another BASE_PORT." >&2
    exit 1
  fi
  NODE_OPTIONS="--max-old-space-size=$heap --require $root/bench/azurite/without-extent-gc.cjs" \
    nohup "$root/node_modules/.bin/azurite-$service" --silent --inMemoryPersistence --"${service}Host" 127.0.0.1 \
    --"${service}Port" "$port" --skipApiVersionCheck --disableTelemetry >"$logs/$service-$port.log" 2>&1 &
  pids+=($!)
done

for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$base") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$((base + 1))") 2>/dev/null \
    && (exec 3<>"/dev/tcp/127.0.0.1/$((base + 2))") 2>/dev/null; then
    echo "Azurite (in memory, blob and queue GC off) on 127.0.0.1:$base-$((base + 2)), pids ${pids[*]}; logs in $logs."
    echo "export AZURITE_BLOB_PORT=$base AZURITE_QUEUE_PORT=$((base + 1)) AZURITE_TABLE_PORT=$((base + 2))"
    exit 0
  fi
  sleep 0.2
done

echo "Azurite did not listen within 20 s; see $logs." >&2
kill "${pids[@]}" 2>/dev/null || true
exit 1
