#!/usr/bin/env bash
# GoRtc load bench: builds Release, starts GoRtc on free loopback ports — an all-in-one node by default, or with
# --cluster 2 silos + 2 gateways + a throw-away redis-server — drives it with tools/GoRtc.LoadTest and writes a
# Markdown report (bench/results.md, or bench/results-cluster.md with --cluster), then stops everything it started.
#
# Usage: bench/run.sh [options]
#   --cluster              2 gateways + 2 silos + redis-server instead of the all-in-one node; load is spread over
#                          both gateways and CPU per operation is reported per role (gateway, silo, redis)
#   --quick                a smoke version: 3 s runs, 1 s warm-up, C ≤ 100, no-stall run 10 s, idle 1,000
#   --parts "LIST"         which parts to run, from: idle message dialog chat nostall
#                          (default: all of them, in that order)
#   --duration T           measured window of each run (default 10s)
#   --warmup T             warm-up of each run, not measured (default 2s)
#   --jit-warmup T         before the matrix, T of MESSAGE and T of dialog load that is not reported: the JIT needs
#                          ~20 s of load on a 2-core machine to finish tiering the hot paths (default 20s; --quick 5s)
#   --nostall-duration T   the 1000 × 8 MESSAGE run (default 60s)
#   --idle-connections N   connections of the idle run (default 10000)
#   --rooms N, --room-size R   chat: N rooms of R members (default 10 × 10)
#   --output FILE          where to write the report
#   --no-build             use the existing Release build
#   -h, --help             this text
#
# The figures drift by up to 2× on a shared machine: compare runs made together, not across days.
# Exit code: 0 when every run finished without an error, 1 otherwise.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

cluster=0
quick=0
parts="idle message dialog chat nostall"
duration=""
warmup=""
nostall_duration=""
jit_warmup=""
idle_connections=""
rooms=10
room_size=10
output=""
build=1

usage() { sed -n '2,/^# Exit code/p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --cluster) cluster=1 ;;
    --quick) quick=1 ;;
    --parts) parts="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --jit-warmup) jit_warmup="$2"; shift ;;
    --nostall-duration) nostall_duration="$2"; shift ;;
    --idle-connections) idle_connections="$2"; shift ;;
    --rooms) rooms="$2"; shift ;;
    --room-size) room_size="$2"; shift ;;
    --output) output="$2"; shift ;;
    --no-build) build=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

if [ "$quick" = 1 ]; then
  duration="${duration:-3s}"; warmup="${warmup:-1s}"; nostall_duration="${nostall_duration:-10s}"
  idle_connections="${idle_connections:-1000}"
  jit_warmup="${jit_warmup:-5s}"
  concurrency="1 100"
else
  concurrency="1 100 1000"
fi
duration="${duration:-10s}"
warmup="${warmup:-2s}"
nostall_duration="${nostall_duration:-60s}"
jit_warmup="${jit_warmup:-20s}"
idle_connections="${idle_connections:-10000}"
if [ -z "$output" ]; then
  if [ "$cluster" = 1 ]; then output="$root/bench/results-cluster.md"; else output="$root/bench/results.md"; fi
fi

gateway_dir="$root/src/Gateway/bin/Release/net10.0"
silo_dir="$root/src/Silo/bin/Release/net10.0"
tool_dll="$root/tools/GoRtc.LoadTest/bin/Release/net10.0/GoRtc.LoadTest.dll"
work="$(mktemp -d)"
pids=()        # every process we started, in start order
names=()
pid_args=()    # --pid ROLE=PID for the load tool
urls=()        # --url for the load tool
api_base=""

log() { echo "[bench] $*" >&2; }

# Every 10,000 sockets need 10,000 descriptors on both sides (the tool and the server inherit this limit).
hard_limit="$(ulimit -Hn)"
if [ "$hard_limit" = unlimited ] || [ "$hard_limit" -gt 65536 ]; then hard_limit=65536; fi
ulimit -n "$hard_limit" 2>/dev/null || true
if [ "$(ulimit -n)" -lt $((idle_connections + 1000)) ]; then
  log "warning: ulimit -n is $(ulimit -n): the idle run with $idle_connections connections may fail (raise the hard limit)"
fi

seconds_of() { # 10s | 500ms | 2m | 10 -> whole seconds, rounded up
  local v="$1"
  case "$v" in
    *ms) echo $(( (${v%ms} + 999) / 1000 )) ;;
    *s) echo "${v%s}" | awk '{printf "%d\n", ($1 == int($1)) ? $1 : int($1) + 1}' ;;
    *m) echo $(( ${v%m} * 60 )) ;;
    *) echo "$v" | awk '{printf "%d\n", ($1 == int($1)) ? $1 : int($1) + 1}' ;;
  esac
}

stop_process() { # stop_process PID NAME: SIGINT, then SIGTERM/SIGKILL if it does not go
  local pid="$1" name="$2"
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -INT "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) still running 15 s after SIGINT: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  local i
  for (( i=${#pids[@]}-1; i>=0; i-- )); do
    stop_process "${pids[$i]}" "${names[$i]}"
  done
  pids=(); names=()
}

cleanup() {
  stop_all
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
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12000 )) # below the ephemeral range (32768+): the tool's sockets use that
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
if [ "$build" = 1 ]; then
  log "building Release (gateway, silo, load tool)"
  dotnet build -c Release src/Gateway -nologo -v q
  [ "$cluster" = 0 ] || dotnet build -c Release src/Silo -nologo -v q
  dotnet build -c Release tools/GoRtc.LoadTest -nologo -v q
fi
[ -f "$gateway_dir/GoRtc.Gateway.dll" ] || { echo "missing $gateway_dir/GoRtc.Gateway.dll" >&2; exit 1; }
[ -f "$tool_dll" ] || { echo "missing $tool_dll" >&2; exit 1; }

# A background job of a non-interactive shell inherits SIGINT/SIGQUIT as ignored, and .NET then never sees our
# SIGINT: reset them to default for the servers when env(1) can.
reset_signals=()
if env --default-signal=INT true 2>/dev/null; then
  reset_signals=(--default-signal=INT,QUIT)
fi

# start NAME DIR DLL VAR=VALUE...: starts a .NET server in DIR (its content root), logging to $work/NAME.log
start_dotnet() {
  local name="$1" dir="$2" dll="$3"
  shift 3
  (
    cd "$dir"
    exec env "${reset_signals[@]}" "$@" dotnet "$dll"
  ) >"$work/$name.log" 2>&1 &
  pids+=("$!"); names+=("$name")
  log "started $name (pid $!)"
}

wait_healthy() { # wait_healthy API_BASE NAME PID
  local base="$1" name="$2" pid="$3"
  for _ in $(seq 1 900); do # 90 s
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited during start-up; its output:" >&2
      cat "$work/$name.log" >&2
      exit 1
    fi
    if curl -fsS -m 2 "$base/healthz" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  echo "$name not healthy after 90 s; its output:" >&2
  cat "$work/$name.log" >&2
  exit 1
}

# The plugins every process loads (the all-in-one node reads the same from its appsettings.json).
plugin_env=(
  Plugins__Slps__default__File=GoRtc.Samples.Conformance.dll
  Plugins__Slps__relay__File=GoRtc.Samples.Relay.dll
  Plugins__Slps__call__File=GoRtc.Services.Call.dll
  Plugins__Slps__chatroom__File=GoRtc.Services.Chatroom.dll
  Plugins__Apis__chatroom.v1__File=GoRtc.Services.Chatroom.dll
)
common_env=(DOTNET_ENVIRONMENT=Production Logging__LogLevel__Default=Information)

if [ "$cluster" = 1 ]; then
  command -v redis-server >/dev/null 2>&1 || { echo "redis-server is not installed (apt-get install -y redis-server)" >&2; exit 1; }
  [ -f "$silo_dir/GoRtc.Silo.dll" ] || { echo "missing $silo_dir/GoRtc.Silo.dll" >&2; exit 1; }
  redis_port="$(free_port)"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
  pids+=("$!"); names+=("redis"); redis_pid="$!"
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && break
    sleep 0.1
  done
  log "redis-server on $redis_port (pid $redis_pid)"
  cluster_id="bench-$RANDOM$RANDOM"
  silo_pids=()
  for i in 1 2; do
    start_dotnet "silo$i" "$silo_dir" GoRtc.Silo.dll "${common_env[@]}" "${plugin_env[@]}" \
      Redis="127.0.0.1:$redis_port" Cluster__ClusterId="$cluster_id" \
      Cluster__SiloPort="$(free_port)" Cluster__GatewayPort="$(free_port)"
    silo_pids+=("${pids[-1]}")
    sleep 1.5 # two silos started at the same instant lose seconds to a membership race
  done
  gateway_pids=()
  for i in 1 2; do
    rtc_port="$(free_port)"; api_port="$(free_port)"
    start_dotnet "gateway$i" "$gateway_dir" GoRtc.Gateway.dll "${common_env[@]}" "${plugin_env[@]}" \
      Redis="127.0.0.1:$redis_port" Cluster__ClusterId="$cluster_id" Rtc__Port="$rtc_port" Api__Port="$api_port"
    gateway_pids+=("${pids[-1]}")
    urls+=(--url "ws://127.0.0.1:$rtc_port/rtc")
    [ -n "$api_base" ] || api_base="http://127.0.0.1:$api_port"
    wait_healthy "http://127.0.0.1:$api_port" "gateway$i" "${pids[-1]}"
  done
  silos_seen=0
  for _ in $(seq 1 600); do # 60 s
    silos_seen="$(curl -fsS -m 2 "$api_base/runtime/v1/jstack" 2>/dev/null | grep -o '"silos":[0-9]*' | head -n 1 | cut -d: -f2 || true)"
    [ "${silos_seen:-0}" -ge 2 ] 2>/dev/null && break
    sleep 0.1
  done
  if [ "${silos_seen:-0}" -lt 2 ] 2>/dev/null; then
    echo "the cluster did not reach 2 silos in 60 s (saw ${silos_seen:-none}); gateway1 output:" >&2
    cat "$work/gateway1.log" >&2
    exit 1
  fi
  pid_args=(--pid "gateway=${gateway_pids[0]}" --pid "gateway=${gateway_pids[1]}" --pid "silo=${silo_pids[0]}" --pid "silo=${silo_pids[1]}" --pid "redis=$redis_pid")
  topology="2 gateways + 2 silos + redis-server (separate processes), Release, Information logging"
else
  rtc_port="$(free_port)"; api_port="$(free_port)"
  start_dotnet node "$gateway_dir" GoRtc.Gateway.dll "${common_env[@]}" \
    Rtc__Port="$rtc_port" Api__Port="$api_port" Cluster__SiloPort="$(free_port)" Cluster__GatewayPort="$(free_port)"
  api_base="http://127.0.0.1:$api_port"
  wait_healthy "$api_base" node "${pids[-1]}"
  urls=(--url "ws://127.0.0.1:$rtc_port/rtc")
  pid_args=(--pid "node=${pids[-1]}")
  topology="all-in-one node (gateway + silo in one process), Release, Information logging"
fi
slps="$(curl -fsS -m 5 "$api_base/slpm/v1/slps" 2>/dev/null | grep -o '"name":"[^"]*"' | cut -d'"' -f4 | sort -u | tr '\n' ' ' | sed 's/ $//' || true)"
log "ready: ${urls[*]}"

# --- runs ------------------------------------------------------------------------------------------------------
load_table="$work/load.md"
idle_table="$work/idle.md"
details=()
failures=0
declare -A figure # key -> JSON file of that run

run() { # run KEY LIMIT_SECONDS TABLE TOOL_ARGS...: one tool run, a row appended to TABLE, its JSON in $work/KEY.json
  local key="$1" limit="$2" table="$3"
  shift 3
  log "run $key"
  set +e
  timeout --signal=INT --kill-after=10 "$limit" dotnet "$tool_dll" "${urls[@]}" "${pid_args[@]}" \
    --userid-prefix "bench-$key" --markdown "$table" "$@" --json >"$work/$key.json" 2>"$work/$key.err"
  local rc=$?
  set -e
  if [ "$rc" -ne 0 ]; then
    failures=$((failures + 1))
    details+=("- $key: tool exit code $rc$(grep -q '"mode"' "$work/$key.json" 2>/dev/null || echo "; no result; stderr: $(tr '\n' ' ' <"$work/$key.err" | cut -c1-400)")")
  fi
  figure[$key]="$work/$key.json"
  local p
  for p in "${pids[@]}"; do
    if ! kill -0 "$p" 2>/dev/null; then
      details+=("- a server process (pid $p) exited during $key")
      failures=$((failures + 1))
      return 1
    fi
  done
}

w_s="$(seconds_of "$warmup")"; d_s="$(seconds_of "$duration")"
limit=$(( w_s + d_s + 120 ))

# The servers are not restarted between runs: warming them once, before the first load run, lets every run measure
# steady state, not the JIT. The idle run comes first on the fresh servers, so its memory per connection includes
# the heap growth that connecting them costs.
jw_s="$(seconds_of "$jit_warmup")"
warmed=0
warm_up() {
  [ "$warmed" = 0 ] && [ "$jw_s" -gt 0 ] || return 0
  warmed=1
  local mode
  for mode in message dialog; do
    run "jit-warmup-$mode" $(( jw_s + 120 )) "$work/jit-warmup.md" --mode "$mode" --connections 100 --outstanding 1 \
      --warmup 0s --duration "$jit_warmup" || true
  done
}
for part in $parts; do
  case "$part" in
    idle)
      # Spread over 4 local addresses: ~28,000 ephemeral ports per source address and server port.
      run idle $(( w_s + d_s + 240 )) "$idle_table" --mode idle --connections "$idle_connections" \
        --warmup 5s --duration "$duration" --connect-parallelism 64 \
        --local-address 127.0.0.1 --local-address 127.0.0.2 --local-address 127.0.0.3 --local-address 127.0.0.4 || break
      ;;
    message|dialog)
      warm_up
      for c in $concurrency; do
        run "$part-$c-1" "$limit" "$load_table" --mode "$part" --connections "$c" --outstanding 1 \
          --warmup "$warmup" --duration "$duration" || break 2
        if [ "$c" = 100 ]; then
          run "$part-100-8" "$limit" "$load_table" --mode "$part" --connections 100 --outstanding 8 \
            --warmup "$warmup" --duration "$duration" || break 2
        fi
      done
      ;;
    chat)
      warm_up
      run chat "$limit" "$load_table" --mode chat --connections $(( rooms * room_size )) --room-size "$room_size" \
        --warmup "$warmup" --duration "$duration" || break
      ;;
    nostall)
      warm_up
      ns_s="$(seconds_of "$nostall_duration")"
      run nostall $(( w_s + ns_s + 120 )) "$load_table" --mode message --connections 1000 --outstanding 8 \
        --warmup "$warmup" --duration "$nostall_duration" --interval 10s || break
      ;;
    *) echo "unknown part $part (idle message dialog chat nostall)" >&2; exit 2 ;;
  esac
done

# --- figures from the JSON results (no jq needed: the tool writes its fields in a fixed order) --------------------
num() { # num KEY FIELD: first numeric value of "FIELD": in run KEY's JSON, or empty
  local f="${figure[$1]:-}"
  [ -n "$f" ] && [ -f "$f" ] || return 0
  grep -o "\"$2\":[-0-9.eE+]*" "$f" | head -n 1 | cut -d: -f2 || true
}
roles_sum() { # roles_sum KEY FIELD: FIELD summed over the per-role entries of run KEY
  local f="${figure[$1]:-}"
  [ -n "$f" ] && [ -f "$f" ] || return 0
  grep -o '"roles":\[[^]]*\]' "$f" | grep -o "\"$2\":[-0-9.eE+]*" | cut -d: -f2 | awk '{s+=$1; n++} END {if (n) printf "%.1f\n", s}' || true
}
errors_of() { # the errors object of run KEY, as "kind ×count; ..."
  local f="${figure[$1]:-}"
  [ -n "$f" ] && [ -f "$f" ] || return 0
  grep -o '"errors":{[^}]*}' "$f" | head -n 1 | sed -e 's/^"errors":{//' -e 's/}$//' -e 's/","/"; "/g' -e 's/":/ ×/g' -e 's/"//g' || true
}
windows_of() { # "rate, rate, ..." of run KEY's windows
  local f="${figure[$1]:-}"
  [ -n "$f" ] && [ -f "$f" ] || return 0
  grep -o '"windows":\[.*\]' "$f" | grep -o '"opsPerSecond":[0-9.]*' | cut -d: -f2 | awk '{printf "%s%d", (NR>1 ? ", " : ""), $1} END {print ""}' || true
}
verdict() { # verdict VALUE OP LIMIT -> met / not met / –
  [ -n "$1" ] || { echo "–"; return; }
  awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == ">=") ? (v >= l) : (v <= l); print ok ? "**met**" : "not met" }'
}

m1="$(num message-1-1 opsPerSecond)"; m100="$(num message-100-1 opsPerSecond)"; m100p99="$(num message-100-1 p99Ms)"
d100="$(num dialog-100-1 opsPerSecond)"; d100p99="$(num dialog-100-1 p99Ms)"
ns_errors="$(num nostall errorCount)"; ns_flat="$(num nostall flatness)"; ns_rate="$(num nostall opsPerSecond)"
idle_kb="$(roles_sum idle rssPerConnectionKb)"
ns_rss_start="$(grep -o '"windows":\[{[^]]*' "${figure[nostall]:-/dev/null}" 2>/dev/null | grep -o '"rssMb":{[^}]*}' | head -n 1 | sed -e 's/"rssMb"://' -e 's/[{}"]//g' -e 's/:/ /g' -e 's/,/, /g' || true)"
ns_rss_end="$(grep -o '"windows":\[.*\]' "${figure[nostall]:-/dev/null}" 2>/dev/null | grep -o '"rssMb":{[^}]*}' | tail -n 1 | sed -e 's/"rssMb"://' -e 's/[{}"]//g' -e 's/:/ /g' -e 's/,/, /g' || true)"

sum_numbers() { echo "$1" | grep -o '[0-9.]*' | awk '{s+=$1} END {print s+0}'; }
nostall_verdict() { # no error, slowest 10 s window ≥ 80 % of the fastest, RSS (all roles) grown ≤ 10 % start → end
  [ -n "$ns_flat" ] || { echo "–"; return; }
  awk -v e="${ns_errors:-1}" -v f="$ns_flat" -v a="$(sum_numbers "$ns_rss_start")" -v b="$(sum_numbers "$ns_rss_end")" 'BEGIN {
    g = (a > 0) ? (b - a) / a * 100 : 0
    if (e == 0 && f >= 0.8 && g <= 10) print "**met**"
    else printf "not met (%s%s%s)\n", (e != 0) ? "errors " : "", (f < 0.8) ? "rate not flat " : "", (g > 10) ? sprintf("RSS +%.0f %%", g) : ""
  }'
}

# --- report ----------------------------------------------------------------------------------------------------
cpu_model="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$root" diff --quiet HEAD -- src samples services 2>/dev/null || echo ' (uncommitted changes in src/samples/services)')"
loadavg="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
{
  if [ "$cluster" = 1 ]; then echo "# GoRtc bench results: cluster"; else echo "# GoRtc bench results: all-in-one node"; fi
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); commit: $commit$dirty"
  echo "- machine: $(nproc) cores${cpu_model:+ ($cpu_model)}, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, shared by the load tool and the servers (and possibly other work: load average before the report $loadavg); loopback only"
  echo "- servers: $topology; SLPs loaded: ${slps:-see appsettings.json}"
  echo "- runs: $warmup warm-up then $duration measured each (no-stall run: $nostall_duration in 10 s windows; idle: 5 s settle then $duration); idle first on the fresh servers, then $jit_warmup each of MESSAGE and dialog load that is not reported (JIT warm-up) before the load runs; closed loop, W operations in flight per connection; the servers are not restarted between runs"
  echo "- message = MESSAGE → 200 (conformance SLP); dialog = INVITE → 180, 200; ACK; BYE → 200 (latency: INVITE sent → BYE's 200); chat = MESSAGE to a room of $room_size via the chatroom SLP → 200, and its copy delivered to (and answered 200 by) the $((room_size - 1)) other members (latency: sent → 200 and last copy received; delivered/s counts copies)"
  echo "- CPU % (100 = one core) and CPU µs per completed operation over the measured window, per role; RSS at its end. The tool's own CPU shows whether it was the bottleneck."
  echo "- command: \`bench/run.sh$([ "$cluster" = 1 ] && echo ' --cluster')$([ "$quick" = 1 ] && echo ' --quick')\`"
  echo
  echo "## Targets (issue 5)"
  echo
  echo "| target | goal | measured | |"
  echo "|---|---|---|---|"
  echo "| MESSAGE, 1 connection | ≥ 8,000/s | ${m1:-–}/s | $(verdict "$m1" ">=" 8000) |"
  echo "| MESSAGE, 100 connections | ≥ 50,000/s | ${m100:-–}/s | $(verdict "$m100" ">=" 50000) |"
  echo "| MESSAGE p99, 100 connections | ≤ 5 ms (at half the peak rate) | ${m100p99:-–} ms at the closed-loop peak | $(verdict "$m100p99" "<=" 5) |"
  echo "| dialogs, 100 connections | ≥ 15,000/s | ${d100:-–}/s | $(verdict "$d100" ">=" 15000) |"
  echo "| dialog p99, 100 connections | ≤ 25 ms (at half the peak rate) | ${d100p99:-–} ms at the closed-loop peak | $(verdict "$d100p99" "<=" 25) |"
  echo "| no stall: 1000 × 8 MESSAGE, $nostall_duration | no error, flat rate and memory | ${ns_errors:-–} errors; ${ns_rate:-–}/s; slowest/fastest 10 s window ${ns_flat:-–}; RSS MB ${ns_rss_start:-–} → ${ns_rss_end:-–} | $(nostall_verdict) |"
  echo "| idle connections | ≤ 20 KB server memory each ($idle_connections connections) | ${idle_kb:-–} KB each (all server processes) | $(verdict "$idle_kb" "<=" 20) |"
  if [ "$cluster" = 1 ]; then
    echo "| CPU per transaction, cluster | ≤ 2 × all-in-one | see µs/op per role below vs bench/results.md | |"
  fi
  echo
  echo "## Load"
  echo
  if [ -f "$load_table" ]; then cat "$load_table"; else echo "(no load run)"; fi
  if [ -n "${figure[nostall]:-}" ]; then
    echo
    echo "No-stall run (1000 × 8 MESSAGE), ops/s per 10 s window: $(windows_of nostall)"
  fi
  echo
  echo "## Idle connections"
  echo
  if [ -f "$idle_table" ]; then cat "$idle_table"; else echo "(no idle run)"; fi
  echo
  echo "KB per connection = (RSS at the end − RSS before connecting) / connections, per role; it includes whatever the GC had not yet returned."
  errs=()
  for key in "${!figure[@]}"; do
    e="$(errors_of "$key")"
    [ -z "$e" ] || errs+=("- $key: $e")
  done
  if [ "${#errs[@]}" -gt 0 ] || [ "${#details[@]}" -gt 0 ]; then
    echo
    echo "## Errors"
    echo
    printf '%s\n' "${errs[@]}" "${details[@]}" | sed '/^$/d' | sort
  fi
  warnings="$(cat "$work"/*.log 2>/dev/null | grep -cE '^(warn|fail|crit):' || true)"
  if [ "${warnings:-0}" != "0" ]; then
    echo
    echo "Server logs: $warnings warning/error entries; the first ones:"
    echo
    echo '```'
    for f in "$work"/*.log; do
      { grep -E -A1 '^(warn|fail|crit):' "$f" || true; } | grep -v '^--$' | head -n 12 | sed "s|^|$(basename "$f" .log): |" || true
    done | head -n 48 || true
    echo '```'
  fi
} >"$work/results.md"

stop_all
cp "$work/results.md" "$output"
cat "$output"
[ "$failures" -eq 0 ]
