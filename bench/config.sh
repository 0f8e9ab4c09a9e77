#!/usr/bin/env bash
# bench/config.sh: what a configuration change costs through the admin API, and how soon it is in force.
#
#  1. N sequential PUTs (one keep-alive connection on run/admin.sock), then N spread over C
#     concurrent clients (no If-Match, so none conflicts), each a new /sites/0/defaultDocuments
#     list: acknowledged changes per second and latency per ack. Each ack is a durable commit
#     (written, fsynced, renamed, copied to history, audited) applied by the supervisor and every
#     service. Beside it, "the floor": the same count of bare durable writes (write + fsync +
#     rename + fsync folder) by python3 on the same disk, and the ratio Wharf / floor. nginx has
#     no configuration API (an edit plus `nginx -s reload`, answered before the workers take it
#     up), so there is no peer rate to print.
#  2. M PUTs of /sites/0/physicalPath, each to a new folder whose index.html holds a unique token:
#     the PUT's round trip (the API answers only once every service applied it; target p95
#     < 100 ms), the time from the commit's audit line to the 200, and the GETs on the site after
#     the 200 that still saw the old page. Target: 0.
#  3. EDITS hand edits of config/wharf.json (temporary file renamed over it) to the site serving
#     the new token, through the admin service's file watcher. Target: p95 < 1 s.
#
# Uses artifacts/aot/wharf, publishing it first when missing or older than the sources; set
# WHARF=path to use another build (e.g. the JIT one). Tunables: N (200), CLIENTS (4), M (20),
# EDITS (20); KEEP=1 keeps the scratch folder (data root, server output) for a closer look.
# Exits 0 once measured (the summary says MET or MISSED); STRICT=1 makes a missed target exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DEBIAN_FRONTEND=noninteractive

N=${N:-200} CLIENTS=${CLIENTS:-4} M=${M:-20} EDITS=${EDITS:-20}
bench_py=$PWD/bench/lib/config_bench.py

BENCH=bench/config.sh
source bench/lib/common.sh

# --- tools: from Debian, only where missing; the AOT wharf, published when stale
need_tools_and_wharf curl python3

# --- scratch folder, and cleanup of everything started here whatever happens
run=$(mktemp -d /tmp/whc.XXXX) # short: Unix socket paths are at most 107 bytes
root=$run/root
pids=()
trap cleanup EXIT
trap 'exit 130' INT TERM

# stop_wharf PID: SIGTERM, then wait (bounded) for it to go.
stop_wharf() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  die "wharf serve (pid $1) did not stop within 10 s"
}

# --- the default configuration, with the default site moved to a free port
# A first start writes the default data root (site on 127.0.0.1:8080); it is stopped as soon as
# config/wharf.json exists, whether or not 8080 was free, and the port is edited while it is down.
"$WHARF" serve --root "$root" >"$run/first-serve.log" 2>&1 </dev/null &
first=$!
pids+=($first)
for _ in $(seq 100); do [[ -s $root/config/wharf.json ]] && break; sleep 0.1; done
[[ -s $root/config/wharf.json ]] || { tail -n 30 "$run/first-serve.log"; die "wharf serve wrote no default configuration"; }
stop_wharf "$first"
pids=() # so that cleanup never signals a pid the system may have handed to someone else since
site_port=$(free_port)
python3 "$bench_py" port "$root/config/wharf.json" "$site_port"

# --- start, and wait for READY=1 on a NOTIFY_SOCKET (sd_notify(3), as systemd's Type=notify)
notify=$run/notify.sock
python3 "$bench_py" notify "$notify" 30 &
waiter=$!
pids+=($waiter)
for _ in $(seq 50); do [[ -S $notify ]] && break; sleep 0.1; done
[[ -S $notify ]] || die "could not listen on $notify"

say "Wharf: $WHARF serve --root $root (default configuration, site on 127.0.0.1:$site_port)"
NOTIFY_SOCKET=$notify "$WHARF" serve --root "$root" >"$run/wharf-serve.log" 2>&1 </dev/null &
wharf=$!
pids+=($wharf)
ready=0
for _ in $(seq 300); do
  if ! kill -0 "$waiter" 2>/dev/null; then wait "$waiter" && ready=1; break; fi
  kill -0 "$wharf" 2>/dev/null || break
  sleep 0.1
done
((ready)) || { tail -n 30 "$run/wharf-serve.log"; die "wharf serve did not say READY=1 within 30 s"; }
pids=("$wharf")

# Start-up adopts the edited port as a hand edit; measure once that version is running everywhere.
api() { curl -sS --max-time 10 --unix-socket "$root/run/admin.sock" "http://wharf$1"; }
settled=0
for _ in $(seq 50); do
  if api /api/config/status | python3 -c 'import json,sys; s=json.load(sys.stdin); sys.exit(0 if s["version"]==s["running"]["version"] and all(x["state"]=="Running" for x in s["running"]["services"]) else 1)' 2>/dev/null; then
    settled=1; break
  fi
  sleep 0.2
done
((settled)) || { api /api/config/status || true; die "the running version never caught up with the store"; }
curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$site_port/" || die "the default site does not answer on $site_port"
echo "ready: store version $(api '/api/config?path=/version'), $(nproc) cores, $(findmnt -no FSTYPE -T "$run") under $run"

rc=0
python3 "$bench_py" measure "$run" --root "$root" --site-port "$site_port" \
  --n "$N" --clients "$CLIENTS" --m "$M" --edits "$EDITS" --fs "$(findmnt -no FSTYPE -T "$run")" || rc=$?
((rc <= 1)) || die "the measurement failed (exit $rc)"
kill -0 "$wharf" 2>/dev/null || { tail -n 30 "$run/wharf-serve.log"; die "wharf serve died during the run"; }
warnings=$(grep -cE '^[0-9:.]+ (warn|fail|crit)' "$run/wharf-serve.log" || true)
echo "server log: $warnings warning(s) or error(s)"
((warnings == 0)) || grep -E '^[0-9:.]+ (warn|fail|crit)' "$run/wharf-serve.log" | head -n 10
if [[ ${STRICT:-0} == 1 ]]; then exit "$rc"; fi
exit 0
