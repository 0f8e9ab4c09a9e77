#!/usr/bin/env bash
# The one test command (README, "Test"); CI runs it through .ci/run, as root, with CI=true.
# Builds the solution, runs every test project, publishes the Native AOT `wharf` and smoke-tests
# it, then prints the failures and one closing line: "N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DEBIAN_FRONTEND=noninteractive

results=.test-results
rm -rf "$results" && mkdir -p "$results"
checks="$results/checks.tsv" # extra checks beside the TRX files: name <TAB> Passed|Failed <TAB> message
: >"$checks"
check() { printf '%s\t%s\t%s\n' "$1" "$2" "${3:-}" >>"$checks"; echo "check: $1: $2${3:+ ($3)}"; }

# 1. Tools, from Debian, only where missing (Native AOT links with clang and zlib).
missing=()
command -v clang >/dev/null || missing+=(clang)
dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q 'ok installed' || missing+=(zlib1g-dev)
# /metrics is checked with the Prometheus project's own text parser (MetricsTests).
dpkg-query -W -f='${Status}' python3-prometheus-client 2>/dev/null | grep -q 'ok installed' || missing+=(python3-prometheus-client)
for tool in curl:curl wrk:wrk python3:python3 setpriv:util-linux pgrep:procps gdb:gdb strace:strace; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
done
if ((${#missing[@]})); then
  echo "Installing ${missing[*]}"
  sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

# 2. Build once; the tests run on this build.
if ! dotnet build Wharf.slnx -c Release; then
  printf '\nFailed (1):\n  dotnet build Wharf.slnx -c Release\n\n0 passed, 1 failed\n'
  exit 1
fi

# The layout .editorconfig describes (whitespace, using order: IDE0055). Its style preferences are
# suggestions, and analyzer warnings already fail the build, so the rest of dotnet format's
# analysis would find nothing more at twice the time. `dotnet format Wharf.slnx --diagnostics IDE0055` fixes it.
dotnet format Wharf.slnx --verify-no-changes --no-restore --diagnostics IDE0055 >"$results/format.log" 2>&1 && check "formatting (dotnet format --verify-no-changes)" Passed || check "formatting (dotnet format --verify-no-changes)" Failed "$(grep -oE '^/[^(]+\.cs' "$results/format.log" | sort -u | sed "s|^$PWD/||" | tr '\n' ' ')(see $results/format.log)"

# 3. Tests: two projects at a time and two xUnit threads each, for a 2-core machine. A test that
# hangs is aborted after 10 minutes rather than eating CI's 90.
test_rc=0
dotnet test Wharf.slnx --no-build -c Release -m:2 \
  --results-directory "$results" --logger "trx;LogFilePrefix=wharf" \
  --blame-hang-timeout 10min --blame-hang-dump-type none \
  -- xUnit.MaxParallelThreads=2 || test_rc=$?

# 4. The Native AOT executable: published without a single IL/AOT warning, then smoke-tested.
aot=artifacts/aot/wharf
if dotnet publish src/Wharf -c Release -o artifacts/aot 2>&1 | tee "$results/publish.log"; then
  # IL2xxx are trimming warnings, IL3xxx Native AOT ones: each is a bug here, since wharf ships as this one executable.
  if grep -E 'warning IL[0-9]{4}' "$results/publish.log" | sort -u; then
    check "AOT publish has no warnings" Failed "see the warnings above ($results/publish.log)"
  else
    check "AOT publish has no warnings" Passed
  fi
else
  check "AOT publish has no warnings" Failed "dotnet publish failed ($results/publish.log)"
fi

serve_pid=""
trap '[[ -z $serve_pid ]] || kill -KILL "$serve_pid" 2>/dev/null || true' EXIT
smoke() {
  local dir port pid body rc=0
  dir=$(mktemp -d /tmp/wh.XXXX) # short: Unix socket paths are at most 107 bytes
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$dir/config" "$dir/wwwroot"
  echo "wharf smoke test $port" >"$dir/wwwroot/index.html"
  cat >"$dir/config/wharf.json" <<EOF
{"version":1,"services":{"www":{"enabled":true}},
 "sites":[{"id":1,"name":"Default Web Site","physicalPath":"wwwroot",
           "bindings":[{"protocol":"http","address":"127.0.0.1","port":$port}]}],
 "applicationPools":[{"name":"DefaultAppPool"}]}
EOF
  "$aot" serve --root "$dir" >"$results/smoke-serve.log" 2>&1 </dev/null &
  pid=$! serve_pid=$!
  serving() { body=$(curl -sf --max-time 2 "http://127.0.0.1:$port/") && [[ $body == "wharf smoke test $port" ]]; }
  for _ in $(seq 50); do serving && break; sleep 0.2; done
  serving || { echo "smoke: not serving http://127.0.0.1:$port/ within 10 s"; rc=1; }
  if ((rc == 0)); then
    "$aot" reset /status --root "$dir" </dev/null || { echo "smoke: wharf reset /status exited $?"; rc=1; }
    "$aot" reset --root "$dir" </dev/null || { echo "smoke: wharf reset exited $?"; rc=1; }
    serving || { echo "smoke: not serving after wharf reset"; rc=1; }
    # The admin API on the AOT build: routing, JSON and the commit-then-apply round trip.
    "$aot" config set /sites/0/defaultDocuments '["index.html"]' --root "$dir" </dev/null || { echo "smoke: wharf config set exited $?"; rc=1; }
    [[ $("$aot" config show /sites/0/defaultDocuments --root "$dir" </dev/null) == *index.html* ]] || { echo "smoke: wharf config show does not show the change"; rc=1; }
    "$aot" config history --root "$dir" </dev/null >/dev/null || { echo "smoke: wharf config history exited $?"; rc=1; }
    serving || { echo "smoke: not serving after wharf config set"; rc=1; }
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "smoke: wharf serve still running 20 s after SIGTERM; killing it"; kill -KILL "$pid"; rc=1
  fi
  local exit_code=0; wait "$pid" || exit_code=$?; serve_pid=
  ((exit_code == 0)) || { echo "smoke: wharf serve exited $exit_code after SIGTERM"; rc=1; }
  ((rc == 0)) || { echo "--- wharf serve output:"; tail -n 40 "$results/smoke-serve.log"; }
  cp "$dir/logs/events.log" "$results/smoke-events.log" 2>/dev/null || true
  rm -rf "$dir"
  return "$rc"
}
if [[ -x $aot ]] && smoke; then
  check "AOT smoke test: serve, reset /status, reset, config set/show/history, SIGTERM" Passed
else
  check "AOT smoke test: serve, reset /status, reset, config set/show/history, SIGTERM" Failed "see the output above"
fi

# 5. One summary across every TRX file and the checks above.
python3 - "$results" "$test_rc" <<'EOF'
import glob, sys, xml.etree.ElementTree as ET
results, test_rc = sys.argv[1], int(sys.argv[2])
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
counts = {"Passed": 0, "Failed": 0, "Skipped": 0}
failures = []
unit_tests = 0
for trx in sorted(glob.glob(f"{results}/**/*.trx", recursive=True)):
    for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns):
        outcome = r.get("outcome", "")
        unit_tests += 1
        if outcome == "Passed":
            counts["Passed"] += 1
        elif outcome in ("NotExecuted", "Inconclusive", "Pending"):
            counts["Skipped"] += 1
        else:
            counts["Failed"] += 1
            message = r.findtext(".//t:ErrorInfo/t:Message", "", ns) or outcome
            failures.append((r.get("testName", "?"), message))
trx_failures = len(failures)
for line in open(f"{results}/checks.tsv", encoding="utf-8"):
    name, outcome, message = (line.rstrip("\n").split("\t") + [""])[:3]
    counts["Passed" if outcome == "Passed" else "Failed"] += 1
    if outcome != "Passed":
        failures.append((name, message))
if test_rc != 0 and trx_failures == 0:
    counts["Failed"] += 1
    failures.append(("dotnet test", f"exited {test_rc} with no failed test in its TRX files (a crash or a hang?)"))
if failures:
    print(f"\nFailed ({len(failures)}):")
    for name, message in failures:
        lines = message.strip().splitlines() or [""]
        more = [f"... ({len(lines) - 15} more lines in {results}/*.trx)"] if len(lines) > 15 else []
        print(f"  {name}\n    " + "\n    ".join(lines[:15] + more))
if unit_tests == 0:
    print(f"\nNo test ran: dotnet test left no result in {results}.")
print()
line = f"{counts['Passed']} passed, {counts['Failed']} failed"
print(line + (f", {counts['Skipped']} skipped" if counts["Skipped"] else ""))
sys.exit(1 if counts["Failed"] or unit_tests == 0 else 0)
EOF
