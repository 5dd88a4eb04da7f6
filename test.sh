#!/usr/bin/env bash
# Runs every GoRtc test (unit, in-process and real-process end-to-end, then the JavaScript client's suite) and prints
# one closing line:
#   N passed, N failed
# End-to-end tests start real redis-server, silo and gateway processes on loopback; redis-server must be installed.
# The JavaScript suites need Node.js 20 or later; the browser suite also needs Chromium (Debian's chromium).
set -uo pipefail
cd "$(dirname "$0")"
configuration="${CONFIGURATION:-Release}"
export CONFIGURATION="$configuration"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

passed=0
failed=0
suites_ok=true

# The last `<word> N` count of a node test runner summary in a log.
summary_count() {
  grep -Eo "^(#|ℹ) $1 [0-9]+" "$2" | tail -n 1 | awk '{print $3}'
}

# Runs the `npm test` of a Node.js package (node's built-in test runner) and adds its counts to the totals. The runner
# closes with `# pass N` / `# fail N` (TAP) or `ℹ pass N` / `ℹ fail N` (spec); cancelled tests count as failed, and a
# run that fails without a failed test (a crash, no summary) counts as one failure.
run_node_suite() {
  local dir="$1"
  local suite_log
  if ! command -v node >/dev/null 2>&1; then
    echo "$dir: Node.js is not installed (20 or later is needed)"
    failed=$((failed + 1)); suites_ok=false; return
  fi
  suite_log="$(mktemp)"
  if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" ]; then
    npm ci --prefix "$dir" --no-audit --no-fund || { failed=$((failed + 1)); suites_ok=false; rm -f "$suite_log"; return; }
  fi
  npm test --silent --prefix "$dir" 2>&1 | tee "$suite_log"
  local status=${PIPESTATUS[0]}
  local p f c
  p=$(summary_count pass "$suite_log"); f=$(summary_count fail "$suite_log"); c=$(summary_count cancelled "$suite_log")
  p=${p:-0}; f=$((${f:-0} + ${c:-0}))
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
  fi
  echo "$dir: $p passed, $f failed"
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$status" -ne 0 ] || [ "$f" -ne 0 ]; then
    suites_ok=false
  fi
  rm -f "$suite_log"
}

dotnet build GoRtc.sln -c "$configuration" -nologo -v q -warnaserror || { echo "0 passed, 1 failed"; exit 1; }
dotnet test GoRtc.sln -c "$configuration" --no-build -nologo -v q --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the run itself failed (a crash, a test host that died): count it
fi

run_node_suite clients/js
run_node_suite tests/browser # the demo page in headless Chromium (/usr/bin/chromium) against a real node

echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && $suites_ok
