#!/usr/bin/env bash
# Runs every GoRtc test (unit, in-process and real-process end-to-end) and prints one closing line:
#   N passed, N failed
# End-to-end tests start real redis-server, silo and gateway processes on loopback; redis-server must be installed.
set -uo pipefail
cd "$(dirname "$0")"
configuration="${CONFIGURATION:-Release}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet build GoRtc.sln -c "$configuration" -nologo -v q -warnaserror || { echo "0 passed, 1 failed"; exit 1; }
dotnet test GoRtc.sln -c "$configuration" --no-build -nologo -v q --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the run itself failed (a crash, a test host that died): count it
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
