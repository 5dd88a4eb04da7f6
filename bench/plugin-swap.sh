#!/usr/bin/env bash
# Plugin swap bench: how fast a new plugin build reaches every silo, and what swapping costs traffic.
# Starts redis-server, 2 silos and 1 gateway on free loopback ports (the cluster topology), uploads the swap test
# plugin (tests/GoRtc.TestSlps.SwapV1/V2: two builds with the same assembly and file name) as SLP "swap", then
#   1. uploads it 20 times, alternating builds, and reports the time from POST to "every silo serves it" (the POST
#      answers once every silo reports the new version loaded): median, p90, max;
#   2. runs MESSAGE load through the swap SLP for BENCH_DURATION without swaps, then while uploading 20 builds back
#      to back, then without swaps again, and reports transactions/s, p99 and errors of each run.
# Needs a Release build (./test.sh or dotnet build -c Release) and redis-server.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
duration="${BENCH_DURATION:-10s}"
connections="${BENCH_CONNECTIONS:-50}"
work="$(mktemp -d)"
pids=()
log() { echo "[swap-bench] $*" >&2; }
cleanup() { for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done; sleep 2; for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

redis_port=$(port); rtc=$(port); api=$(port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$work/redis.log" 2>&1 & pids+=($!)
sleep 0.3
export Redis="127.0.0.1:$redis_port" Cluster__ClusterId="swap-$RANDOM" Logging__LogLevel__Default=Warning
for i in 1 2; do
  Cluster__SiloPort=$(port) Cluster__GatewayPort=$(port) dotnet src/Silo/bin/Release/net10.0/GoRtc.Silo.dll >"$work/silo$i.log" 2>&1 & pids+=($!)
  sleep 1.5
done
Rtc__Port=$rtc Api__Port=$api dotnet src/Gateway/bin/Release/net10.0/GoRtc.Gateway.dll >"$work/gateway.log" 2>&1 & pids+=($!)
base="http://127.0.0.1:$api"
for _ in $(seq 1 120); do
  silos=$(curl -sf "$base/runtime/v1/jstack" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["silos"])' 2>/dev/null || echo 0)
  [ "$silos" = 2 ] && break; sleep 0.5
done
[ "$silos" = 2 ] || { log "cluster did not come up"; cat "$work"/*.log >&2; exit 1; }

build() { echo "tests/GoRtc.TestSlps.SwapV$1/bin/Release/net10.0/GoRtc.TestSlps.Swap.dll"; }
upload() { # build -> "seconds http_code"
  curl -s -o "$work/upload.json" -w '%{time_total} %{http_code}' -X POST -H 'Content-Type: application/octet-stream' \
    --data-binary "@$(build "$1")" "$base/slpm/v1/swap?file=swap.dll"
}
upload 1 >/dev/null
log "1. upload → every silo serves it, 20 times"
times=()
for i in $(seq 1 20); do
  out=$(upload $(( 2 - i % 2 ))); t=${out% *}; code=${out#* }
  [ "$code" = 201 ] || { log "upload answered $code: $(cat "$work/upload.json")"; exit 1; }
  silos=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["silos"]))' "$work/upload.json")
  [ "$silos" = 2 ] || { log "loaded on $silos silos"; exit 1; }
  times+=("$t")
done
printf '%s\n' "${times[@]}" | python3 -c '
import sys, statistics
t = sorted(float(x) * 1000 for x in sys.stdin)
print(f"upload to every silo (2 silos), n={len(t)}: median {statistics.median(t):.1f} ms, p90 {t[int(len(t)*0.9)-1]:.1f} ms, max {t[-1]:.1f} ms")'

tool="tools/GoRtc.LoadTest/bin/Release/net10.0/GoRtc.LoadTest.dll"
load() { dotnet "$tool" --url "ws://127.0.0.1:$rtc/rtc" --mode message --router "gortc.com;type=swap" --connections "$connections" --duration "$duration" --warmup 2s --json; }
summary() { python3 -c '
import json,sys
r = json.load(sys.stdin)
print("%s: %.0f transactions/s, p99 %.1f ms, errors %s" % (sys.argv[1], r["opsPerSecond"], r["latency"]["p99Ms"], r["errorCount"]))' "$1"; }
log "2. MESSAGE load through the swap SLP, $connections connections, $duration"
load > "$work/steady.json" || true
summary "without swaps" < "$work/steady.json"
( sleep 3; for i in $(seq 1 20); do upload $(( 1 + i % 2 )) >/dev/null; done; echo done > "$work/swapped" ) &
swapper=$!
load > "$work/swapping.json" || true
wait "$swapper"
[ -f "$work/swapped" ] || { log "the swaps did not finish within the load window"; exit 1; }
summary "during 20 back-to-back swaps" < "$work/swapping.json"
# Runs get faster as the processes warm up: a last run without swaps shows how much of a difference is order.
load > "$work/steady2.json" || true
summary "without swaps, again" < "$work/steady2.json"
