#!/usr/bin/env bash
# GoRtc load bench (first version): builds Release, starts one all-in-one node on free loopback ports, runs
# tools/GoRtc.LoadTest against it (MESSAGE transactions and full INVITE dialogs, C=1 and C=100, W=1 and W=8),
# writes a Markdown table to bench/results.md (and prints it), then stops the node with SIGINT.
#
# Environment:
#   BENCH_DURATION   measured window per run (default 10s)
#   BENCH_WARMUP     warm-up per run, not measured (default 2s)
#   BENCH_MODES      modes to run (default "message dialog")
#   BENCH_NO_BUILD   1 = use the existing Release build
#   BENCH_OUTPUT     where to write the table (default bench/results.md)
#
# Exit code: 0 when every run finished without an error, 1 otherwise.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

duration="${BENCH_DURATION:-10s}"
warmup="${BENCH_WARMUP:-2s}"
modes="${BENCH_MODES:-message dialog}"
output="${BENCH_OUTPUT:-$root/bench/results.md}"
node_dir="$root/src/Gateway/bin/Release/net10.0"
tool_dll="$root/tools/GoRtc.LoadTest/bin/Release/net10.0/GoRtc.LoadTest.dll"
work="$(mktemp -d)"
node_pid=""

log() { echo "[bench] $*" >&2; }

seconds_of() { # 10s | 500ms | 2m | 10 -> whole seconds, rounded up
  local v="$1"
  case "$v" in
    *ms) echo $(( (${v%ms} + 999) / 1000 )) ;;
    *s) echo "${v%s}" | awk '{printf "%d\n", ($1 == int($1)) ? $1 : int($1) + 1}' ;;
    *m) echo $(( ${v%m} * 60 )) ;;
    *) echo "$v" | awk '{printf "%d\n", ($1 == int($1)) ? $1 : int($1) + 1}' ;;
  esac
}

stop_node() {
  [ -n "$node_pid" ] || return 0
  if kill -0 "$node_pid" 2>/dev/null; then
    log "stopping node (pid $node_pid, SIGINT)"
    kill -INT "$node_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "$node_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$node_pid" 2>/dev/null; then
      log "node still running 15 s after SIGINT: SIGTERM"
      kill -TERM "$node_pid" 2>/dev/null || true
      sleep 2
      kill -0 "$node_pid" 2>/dev/null && kill -KILL "$node_pid" 2>/dev/null || true
    fi
  fi
  wait "$node_pid" 2>/dev/null || true
  node_pid=""
}

cleanup() {
  stop_node
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- free loopback ports ----------------------------------------------------------------------------------------
taken=" "
port_in_use() {
  local p="$1"
  if command -v ss >/dev/null 2>&1; then
    ss -Htan 2>/dev/null | awk '{print $4}' | grep -Eq "[:.]$p\$"
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null
  fi
}
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    case "$taken" in *" $p "*) continue ;; esac
    if ! port_in_use "$p"; then
      taken="$taken$p "
      echo "$p"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# --- build -----------------------------------------------------------------------------------------------------
if [ "${BENCH_NO_BUILD:-0}" != "1" ]; then
  log "building Release (src/Gateway, tools/GoRtc.LoadTest)"
  dotnet build -c Release src/Gateway -nologo -v q
  dotnet build -c Release tools/GoRtc.LoadTest -nologo -v q
fi
[ -f "$node_dir/GoRtc.Gateway.dll" ] || { echo "missing $node_dir/GoRtc.Gateway.dll" >&2; exit 1; }
[ -f "$tool_dll" ] || { echo "missing $tool_dll" >&2; exit 1; }

# --- node ------------------------------------------------------------------------------------------------------
rtc_port="$(free_port)"
api_port="$(free_port)"
silo_port="$(free_port)"
gateway_port="$(free_port)"
node_log="$work/node.log"

# The node reads appsettings.json (which names the plugins) from its content root, the current directory: start it
# in its output folder. A background job of a non-interactive shell inherits SIGINT/SIGQUIT as ignored, and .NET
# then never sees our SIGINT: reset them to default for the node when env(1) can.
reset_signals=()
if env --default-signal=INT true 2>/dev/null; then
  reset_signals=(--default-signal=INT,QUIT)
fi
log "starting node: rtc $rtc_port, api $api_port, silo $silo_port, gateway $gateway_port"
(
  cd "$node_dir"
  exec env "${reset_signals[@]}" \
    Rtc__Port="$rtc_port" Api__Port="$api_port" \
    Cluster__SiloPort="$silo_port" Cluster__GatewayPort="$gateway_port" \
    Logging__LogLevel__Default=Warning \
    dotnet GoRtc.Gateway.dll
) >"$node_log" 2>&1 &
node_pid=$!

healthy=0
for _ in $(seq 1 600); do # 60 s
  if ! kill -0 "$node_pid" 2>/dev/null; then
    echo "node exited during start-up; its output:" >&2
    cat "$node_log" >&2
    exit 1
  fi
  if curl -fsS -m 2 "http://127.0.0.1:$api_port/healthz" >/dev/null 2>&1; then
    healthy=1
    break
  fi
  sleep 0.1
done
if [ "$healthy" != 1 ]; then
  echo "node not healthy after 60 s; its output:" >&2
  cat "$node_log" >&2
  exit 1
fi
log "node healthy (pid $node_pid)"

# --- runs ------------------------------------------------------------------------------------------------------
# Each run is bounded: connect (≤ 10 s per handshake) + warm-up + duration + drain (≤ 12 s) + close (≤ 2 s).
run_limit=$(( $(seconds_of "$warmup") + $(seconds_of "$duration") + 90 ))

json_num() { # json_num KEY FILE -> first numeric value of "KEY":
  grep -o "\"$1\":[-0-9.eE+]*" "$2" | head -n 1 | cut -d: -f2
}
json_errors() { # the errors object, as "kind: count; ..."
  grep -o '"errors":{[^}]*}' "$1" | head -n 1 | sed -e 's/^"errors":{//' -e 's/}$//' -e 's/","/"; "/g' -e 's/":/: /g' -e 's/"//g' -e 's/,/; /g'
}

rows=()
details=()
failures=0
for mode in $modes; do
  for spec in "1 1" "100 1" "100 8"; do
    read -r c w <<<"$spec"
    out="$work/$mode-$c-$w.json"
    log "run: $mode C=$c W=$w ($warmup warm-up, $duration measured)"
    set +e
    timeout --signal=INT --kill-after=10 "$run_limit" dotnet "$tool_dll" \
      --url "ws://127.0.0.1:$rtc_port/rtc" --mode "$mode" --connections "$c" --outstanding "$w" \
      --duration "$duration" --warmup "$warmup" --pid "$node_pid" --userid-prefix "bench-$mode-$c-$w" --json \
      >"$out" 2>"$work/$mode-$c-$w.err"
    rc=$?
    set -e
    if [ "$rc" -ne 0 ]; then
      failures=$((failures + 1))
    fi
    if ! grep -q '"mode"' "$out" 2>/dev/null; then
      rows+=("| $mode | $c | $w | – | – | tool exit $rc, no result | – | – | – | – | – | – | – |")
      details+=("- $mode C=$c W=$w: tool exit code $rc; stderr: $(tr '\n' ' ' <"$work/$mode-$c-$w.err" | cut -c1-400)")
      continue
    fi
    ops=$(json_num opsPerSecond "$out")
    completed=$(json_num completedOperations "$out")
    errors=$(json_num errorCount "$out")
    p50=$(json_num p50Ms "$out"); p90=$(json_num p90Ms "$out"); p99=$(json_num p99Ms "$out"); max=$(json_num maxMs "$out")
    tool_cpu=$(json_num toolCpuPercent "$out")
    node_cpu=$(json_num cpuPercent "$out"); node_rss=$(json_num rssMb "$out")
    rows+=("| $mode | $c | $w | ${ops:-–} | ${completed:-–} | ${errors:-–} | ${p50:-–} | ${p90:-–} | ${p99:-–} | ${max:-–} | ${tool_cpu:-–} | ${node_cpu:-–} | ${node_rss:-–} |")
    if [ "${errors:-0}" != "0" ]; then
      details+=("- $mode C=$c W=$w: $(json_errors "$out")")
    fi
    if ! kill -0 "$node_pid" 2>/dev/null; then
      details+=("- the node exited during $mode C=$c W=$w")
      failures=$((failures + 1))
      break 2
    fi
  done
done

# --- report ----------------------------------------------------------------------------------------------------
node_warnings="$(grep -cE '^(warn|fail|crit):' "$node_log" || true)"
cpu_model="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
{
  echo "# GoRtc bench results"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- src samples 2>/dev/null || echo ' (uncommitted changes in src/samples)')"
  echo "- machine: $(nproc) cores${cpu_model:+ ($cpu_model)}, shared by the load tool and the node; loopback only"
  echo "- node: all-in-one (gateway + silo in one process), Release, log level Warning, conformance SLP as default"
  echo "- each run: $warmup warm-up, then $duration measured; closed loop, W operations in flight per connection"
  echo "- message = MESSAGE → 200; dialog = INVITE → 180, 200; ACK; BYE → 200 (latency: first send → last response)"
  echo "- node CPU % / RSS: over the measured window (100 % = one core); RSS at its end. The node is not restarted between runs."
  echo
  echo "| mode | C | W | ops/s | completed | errors | p50 ms | p90 ms | p99 ms | max ms | tool CPU % | node CPU % | node RSS MB |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
  printf '%s\n' "${rows[@]}"
  if [ "${#details[@]}" -gt 0 ]; then
    echo
    echo "Errors:"
    echo
    printf '%s\n' "${details[@]}"
  fi
  if [ "$node_warnings" != "0" ]; then
    echo
    echo "Node log: $node_warnings warning/error entries; the first ones:"
    echo
    echo '```'
    grep -E -A3 '^(warn|fail|crit):' "$node_log" | head -n 60
    echo '```'
  fi
} >"$work/results.md"

stop_node
cp "$work/results.md" "$output"
cat "$output"
[ "$failures" -eq 0 ]
