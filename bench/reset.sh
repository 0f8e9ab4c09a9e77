#!/usr/bin/env bash
# bench/reset.sh: what a restart costs the clients, Wharf beside nginx, in one run on loopback.
#
#  1. wrk -t2 -c64 (keep-alive, no retries) on a 1 KiB page while `wharf reset` restarts Wharf
#     10 times, 1 s apart: socket errors and non-2xx/3xx responses. Target: 0.
#  2. The same against nginx doing `nginx -s reload` 10 times (nginx as its
#     experts tune it for production: bench/lib/common.sh; access_log off on both sides).
#  3. Time from `wharf reset` to the new www process serving (the "reset" event to the new pid's
#     "ready" event in logs/events.log), and the wall time of the command. Target: < 100 ms.
#
# Uses artifacts/aot/wharf, publishing it first when missing or older than the sources; set
# WHARF=path to use another build (e.g. the JIT one). Tunables: RESETS, INTERVAL, WARMUP, CONNS;
# KEEP=1 keeps the scratch folder (wrk reports, event log, server output) for a closer look.
# Exits 0 once measured (the summary says MET or MISSED); STRICT=1 makes a missed target exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DEBIAN_FRONTEND=noninteractive

RESETS=${RESETS:-10} INTERVAL=${INTERVAL:-1} WARMUP=${WARMUP:-8} CONNS=${CONNS:-64} THREADS=2
MAX_SECONDS=60 # wrk's hard bound; it is stopped (SIGINT) 1 s after the last reset

BENCH=bench/reset.sh
source bench/lib/common.sh

# --- tools: from Debian, only where missing; the AOT wharf, published when stale
need_tools_and_wharf nginx=nginx-light wrk curl python3

# --- scratch folder, and cleanup of everything started here whatever happens
run=$(mktemp -d /tmp/whb.XXXX) # short: Unix socket paths are at most 107 bytes
chmod 755 "$run"               # nginx's workers (nobody) read the pages
pids=()
trap cleanup EXIT
trap 'exit 130' INT TERM

page=$(head -c 1024 /dev/zero | tr '\0' 'w')
wharf_port=$(free_port) nginx_port=$(free_port)

mkdir -p "$run/w/config" "$run/w/wwwroot"
printf '%s' "$page" >"$run/w/wwwroot/index.html"
cat >"$run/w/config/wharf.json" <<EOF
{"version":1,"services":{"www":{"enabled":true}},
 "sites":[{"id":1,"name":"Default Web Site","physicalPath":"wwwroot",
           "bindings":[{"protocol":"http","address":"127.0.0.1","port":$wharf_port}]}],
 "applicationPools":[{"name":"DefaultAppPool"}]}
EOF

mkdir -p "$run/n/html" "$run/n/logs" "$run/n/tmp"
printf '%s' "$page" >"$run/n/html/index.html"
write_nginx_conf "$run/n/nginx.conf" "$nginx_port" "default_type text/html; access_log off;"
ngx=(nginx -p "$run/n/" -c "$run/n/nginx.conf" -e logs/error.log)

# under_load NAME URL COMMAND...: wrk on URL while COMMAND runs RESETS times, INTERVAL apart.
# Writes $run/NAME.wrk (wrk's report) and $run/NAME.ms (each command's wall time in ms).
under_load() {
  local name=$1 url=$2; shift 2
  echo "warming up $name for ${WARMUP}s..."
  wrk -t$THREADS -c"$CONNS" -d"${WARMUP}s" "$url" >/dev/null
  echo "loading $name with $RESETS × '$*', ${INTERVAL}s apart..."
  wrk -t$THREADS -c"$CONNS" -d"${MAX_SECONDS}s" "$url" >"$run/$name.wrk" 2>&1 &
  local wrk_pid=$! start t0 t1 i rc bad=0
  sleep 1
  start=$(now_ms)
  : >"$run/$name.ms"
  for ((i = 1; i <= RESETS; i++)); do
    t0=$(now_ms)
    rc=0; timeout 60 "$@" >>"$run/$name.out" 2>&1 </dev/null || rc=$?
    t1=$(now_ms)
    echo "$((t1 - t0))" >>"$run/$name.ms"
    ((rc == 0)) || { echo "  '$*' exited $rc (reset $i)"; bad=1; }
    local wait_ms=$((start + i * INTERVAL * 1000 - $(now_ms)))
    ((wait_ms <= 0)) || sleep "$(printf '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000)))"
  done
  kill -INT "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" || true
  ((bad == 0)) || tail -n 20 "$run/$name.out"
}

say "Wharf: $WHARF serve on 127.0.0.1:$wharf_port"
"$WHARF" serve --root "$run/w" >"$run/wharf-serve.log" 2>&1 </dev/null &
pids+=($!)
wait_serving "http://127.0.0.1:$wharf_port/" || { tail -n 30 "$run/wharf-serve.log"; die "Wharf is not serving"; }
under_load wharf "http://127.0.0.1:$wharf_port/" "$WHARF" reset --root "$run/w"
cp "$run/w/logs/events.log" "$run/wharf-events.log"

say "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') on 127.0.0.1:$nginx_port"
"${ngx[@]}" -g 'daemon off;' >"$run/nginx.log" 2>&1 </dev/null &
pids+=($!)
wait_serving "http://127.0.0.1:$nginx_port/" || { cat "$run/n/logs/error.log"; die "nginx is not serving"; }
under_load nginx "http://127.0.0.1:$nginx_port/" "${ngx[@]}" -s reload

python3 - "$run" "$RESETS" "$CONNS" "${STRICT:-0}" <<'EOF'
import json, re, statistics, sys
from datetime import datetime
run, resets, conns, strict = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "1"

def wrk(name):
    text = open(f"{run}/{name}.wrk").read()
    num = lambda pattern: int(m.group(1)) if (m := re.search(pattern, text)) else 0
    errors = {k: num(rf"Socket errors:.*?{k} (\d+)") for k in ("connect", "read", "write", "timeout")}
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    return dict(requests=num(r"(\d+) requests in"), rate=float(rate.group(1)) if rate else 0.0,
                errors=errors, non2xx=num(r"Non-2xx or 3xx responses: (\d+)"))

def when(record):  # .NET writes 7 fractional digits; Python reads up to 6
    return datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", record["time"]))

def ms(name):
    return [int(x) for x in open(f"{run}/{name}.ms").read().split()]

w, n = wrk("wharf"), wrk("nginx")
print(f"\n== Requests failed during {resets} resets under wrk -t2 -c{conns} (keep-alive, no retries)")
for label, r in (("Wharf (wharf reset)", w), ("nginx (nginx -s reload)", n)):
    e = r["errors"]
    r["failed"] = sum(e.values()) + r["non2xx"]
    print(f"{label:24} {r['requests']:>9} requests, {r['rate']:>7.0f} req/s; socket errors: connect {e['connect']}, "
          f"read {e['read']}, write {e['write']}, timeout {e['timeout']}; non-2xx/3xx {r['non2xx']} -> failed {r['failed']}")
met_failed = w["requests"] > 0 and w["failed"] == 0
print(f"Wharf failed requests: {w['failed']} (target 0: {'MET' if met_failed else 'MISSED'}); "
      f"nginx: {n['failed']} (its reload cuts every keep-alive connection once: ~{conns} per reload)")
if n["rate"]:
    print(f"Throughput during resets, Wharf / nginx: {w['rate'] / n['rate']:.2f}")

events = [json.loads(line) for line in open(f"{run}/wharf-events.log") if line.strip()]
ready_ms = []
for i, e in enumerate(events):
    if e.get("service") == "supervisor" and e.get("event") == "reset" and (e.get("message") or "").startswith("restart"):
        ready = next((x for x in events[i + 1:] if x.get("service") == "www" and x.get("event") == "ready"), None)
        if ready:
            ready_ms.append((when(ready) - when(e)).total_seconds() * 1000)
wall = ms("wharf")
print(f"\n== Time from `wharf reset` to the new www process serving ({len(ready_ms)} of {resets} resets)")
met_time = len(ready_ms) == resets and statistics.median(ready_ms) < 100
if ready_ms:
    print(f"reset event -> new pid's ready event: median {statistics.median(ready_ms):.0f} ms, max {max(ready_ms):.0f} ms "
          f"(target < 100 ms, on the median: {'MET' if met_time else 'MISSED'}; IIS: up to 20 s)")
else:
    print("no reset/ready pair in logs/events.log: cannot tell (target MISSED)")
print(f"`wharf reset` command, wall time (includes the old process draining): "
      f"median {statistics.median(wall):.0f} ms, max {max(wall)} ms")
print(f"`nginx -s reload` command, wall time (only sends SIGHUP): median {statistics.median(ms('nginx')):.0f} ms")
sys.exit(1 if strict and not (met_failed and met_time) else 0)
EOF
