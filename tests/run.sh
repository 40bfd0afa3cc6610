#!/usr/bin/env bash
# Runs every test in Contracts.sln, installing what the tests need first, and ends with the line
# "N passed, N failed" counted from the test runner's own result files.
set -uo pipefail
cd "$(dirname "$0")/.."

# The interop tests talk to libzmq through Debian's pyzmq: a real, independent ZeroMQ peer.
if ! /usr/bin/python3 -c 'import zmq' 2>/dev/null; then
  echo "Installing python3-zmq (libzmq) for the interop tests..."
  sudo_cmd=""
  if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq && $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-zmq >/dev/null
fi

results="artifacts/test-results"
rm -rf "$results"
dotnet test Contracts.sln -c Release --logger trx --results-directory "$results" "$@"
status=$?

counts=$(/usr/bin/python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
print(passed, failed, skipped)
PY
) || counts="0 0 0"
read -r passed failed skipped <<<"$counts"
if [ "$status" != "0" ] && [ "$failed" = "0" ]; then failed=1; fi   # a build or runner failure counts as a failure
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" = "0" ] && [ "$failed" = "0" ]
