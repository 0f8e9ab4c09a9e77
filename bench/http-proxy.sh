#!/usr/bin/env bash
# bench/http-proxy.sh: a small response from an ASP.NET Core worker through Wharf, beside nginx
# proxy_pass to the same app, in one run on loopback (issue 10, item 12).
#
# The app is tests/WorkerApps/AspNetWorker (GET / answers "worker PID"), published Native AOT when
# that publishes cleanly, else framework-dependent (JIT). It runs twice, from the same files:
#  - as Wharf's pool "App" (a Unix socket, Wharf's forwarded headers), the site on WHARF_PORT;
#  - standalone, on a Unix socket (nginx's upstream, keepalive 64, as its experts run it:
#    proxy_http_version 1.1, Connection "", open_file_cache, access_log buffer=64k flush=1s) and on
#    a loopback port (the app direct, the ceiling).
# Also, when Wharf offers it, the direct hand-off path: a second site whose binding is handed to
# its pool's workers (program.directHandoff), so no request goes through www.
# wrk -t2 -c64 on each for DURATION seconds, ROUNDS times in alternation; prints req/s and p99
# (medians) and the ratios to nginx. Then failed requests across RECYCLES `wharf apppool recycle`s
# under the same load (target 0). Both sides log: Wharf's W3C log, nginx's access log.
#
# Target: Wharf/nginx >= 1.0 in req/s, p99 no worse, and 0 failed requests across the recycles.
# Uses artifacts/aot/wharf, publishing it first when missing or older than the sources; set
# WHARF=path to use another build. Tunables: ROUNDS, DURATION, WARMUP, CONNS, RECYCLES, JIT=1 (no
# AOT app), KEEP=1. Exits 0 once measured (the summary says MET or MISSED); STRICT=1 makes a miss exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DEBIAN_FRONTEND=noninteractive

ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-8} WARMUP=${WARMUP:-10} CONNS=${CONNS:-64} RECYCLES=${RECYCLES:-20}
THREADS=2

BENCH=bench/http-proxy.sh
source bench/lib/common.sh

need_tools_and_wharf nginx=nginx-light wrk curl python3

run=$(mktemp -d /tmp/whp.XXXX) # short: Unix socket paths are at most 107 bytes
chmod 755 "$run"               # the pool's account and nginx's workers read the app and reach its socket
pids=()
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the app, once, in a folder every account can read
app_src=tests/WorkerApps/AspNetWorker
say "Publishing $app_src"
app_kind=jit
if [[ ${JIT:-0} != 1 ]] && dotnet publish "$app_src" -c Release -p:PublishAot=true -o "$run/app" >"$run/app-publish.log" 2>&1 \
  && ! grep -qE 'warning IL[0-9]{4}' "$run/app-publish.log" && [[ -x $run/app/AspNetWorker ]]; then
  app_kind=aot
  app_cmd="$run/app/AspNetWorker" app_args='[]'
  app_run=("$run/app/AspNetWorker")
else
  [[ ${JIT:-0} == 1 ]] || echo "  Native AOT publish failed or warned ($run/app-publish.log): using the JIT build"
  rm -rf "$run/app"
  dotnet publish "$app_src" -c Release -o "$run/app" >"$run/app-publish.log" 2>&1 || { tail -n 20 "$run/app-publish.log"; die "dotnet publish of $app_src failed"; }
  dotnet_host=$(command -v dotnet)
  app_cmd=$(realpath "$dotnet_host") app_args="[\"$run/app/AspNetWorker.dll\"]"
  app_run=("$app_cmd" "$run/app/AspNetWorker.dll")
fi
chmod -R a+rX "$run/app"
echo "  app: $app_kind"

wharf_port=$(free_port) handoff_port=$(free_port) nginx_port=$(free_port) app_port=$(free_port)
# A worker may hold as many files as this shell may (the launch step cannot raise the hard limit
# in a container without CAP_SYS_RESOURCE); the standalone app inherits the same limit.
open_files=$(ulimit -Hn); [[ $open_files == unlimited || $open_files -gt 65536 ]] && open_files=65536

# --- Wharf: the site in pool App; a second site handed directly to pool Direct's workers
mkdir -p "$run/w/config" "$run/w/wwwroot" "$run/w/direct"
write_wharf_conf() { # write_wharf_conf WITH_HANDOFF(0|1)
  local site2="" pool2=""
  if (($1)); then
    site2=',{"id":2,"name":"Direct","physicalPath":"direct","applicationPool":"Direct",
             "bindings":[{"protocol":"http","address":"127.0.0.1","port":'$handoff_port'}]}'
    pool2=',{"name":"Direct","startMode":"alwaysRunning","program":{"command":"'$app_cmd'","arguments":'$app_args',"directHandoff":true,"openFilesLimit":'$open_files'}}'
  fi
  cat >"$run/w/config/wharf.json" <<EOF
{"version":1,"services":{"www":{"enabled":true}},
 "sites":[{"id":1,"name":"Default Web Site","physicalPath":"wwwroot","applicationPool":"App",
           "bindings":[{"protocol":"http","address":"127.0.0.1","port":$wharf_port}],
           "logFile":{"enabled":true}}$site2],
 "applicationPools":[{"name":"DefaultAppPool"},
   {"name":"App","startMode":"alwaysRunning","program":{"command":"$app_cmd","arguments":$app_args,"openFilesLimit":$open_files}}$pool2]}
EOF
}
handoff=1
write_wharf_conf 1
if ! "$WHARF" config validate "$run/w/config/wharf.json" >"$run/validate.out" 2>&1; then
  echo "  this Wharf refuses the direct hand-off site, so it is not measured: $(head -c 300 "$run/validate.out")"
  handoff=0
  write_wharf_conf 0
fi

# --- the same app standalone: nginx's upstream (Unix socket) and the app direct (port)
mkdir -p "$run/n/html" "$run/n/logs" "$run/n/tmp"
# umask 0: Kestrel makes the socket with the process's umask, and nginx's workers (nobody) connect to it.
(umask 0 && exec env -i PATH=/usr/bin:/bin ASPNETCORE_URLS="http://unix:$run/app.sock;http://127.0.0.1:$app_port" \
  ASPNETCORE_FORWARDEDHEADERS_ENABLED=true "${app_run[@]}") >"$run/app.log" 2>&1 </dev/null &
pids+=($!)

write_nginx_conf "$run/n/nginx.conf" "$nginx_port" "default_type text/plain; $NGINX_ACCESS_LOG
    upstream app { server unix:$run/app.sock; keepalive 64; }" "
        location / {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Host \$http_host;
        }"

say "Wharf: $WHARF serve on 127.0.0.1:$wharf_port (direct hand-off site on $handoff_port)"
"$WHARF" serve --root "$run/w" >"$run/wharf-serve.log" 2>&1 </dev/null &
pids+=($!)
wait_serving "http://127.0.0.1:$wharf_port/" || { tail -n 30 "$run/wharf-serve.log"; die "Wharf is not serving its pool"; }
if ((handoff)) && ! wait_serving "http://127.0.0.1:$handoff_port/"; then
  handoff=0; echo "  the direct hand-off site does not serve: not measured (see $run/wharf-serve.log)"
fi

wait_serving "http://127.0.0.1:$app_port/" || { tail -n 20 "$run/app.log"; die "the standalone app is not serving"; }
say "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') on 127.0.0.1:$nginx_port -> unix:$run/app.sock"
nginx -p "$run/n/" -c "$run/n/nginx.conf" -e logs/error.log -g 'daemon off;' >"$run/nginx.log" 2>&1 </dev/null &
pids+=($!)
wait_serving "http://127.0.0.1:$nginx_port/" || { cat "$run/n/logs/error.log"; die "nginx is not serving"; }

for url in "http://127.0.0.1:$wharf_port/" "http://127.0.0.1:$nginx_port/"; do
  [[ $(curl -s "$url") == "worker "* ]] || die "$url does not answer with the app"
done

sides=(wharf nginx direct)
((handoff)) && sides+=(handoff)
port_of() { case $1 in wharf) echo "$wharf_port" ;; nginx) echo "$nginx_port" ;; direct) echo "$app_port" ;; handoff) echo "$handoff_port" ;; esac; }

echo "warming up each for ${WARMUP}s (tiered JIT, connection pools)..."
for side in "${sides[@]}"; do
  wrk -t$THREADS -c"$CONNS" -d"${WARMUP}s" "http://127.0.0.1:$(port_of "$side")/" >/dev/null
done

for ((round = 1; round <= ROUNDS; round++)); do
  for side in "${sides[@]}"; do
    echo "round $round: $side"
    wrk -t$THREADS -c"$CONNS" -d"${DURATION}s" --latency "http://127.0.0.1:$(port_of "$side")/" >"$run/$side.$round.wrk" 2>&1
  done
done

# --- failed requests across RECYCLES recycles of pool App under load, 1 s apart
say "wrk on Wharf while \`wharf apppool recycle App\` runs $RECYCLES times, 1 s apart"
wrk -t$THREADS -c"$CONNS" -d"$((RECYCLES + 30))s" "http://127.0.0.1:$wharf_port/" >"$run/recycle.wrk" 2>&1 &
wrk_pid=$!
sleep 1
: >"$run/recycle.out"
recycle_failed=0
for ((i = 1; i <= RECYCLES; i++)); do
  t0=$(now_ms)
  rc=0; timeout 60 "$WHARF" apppool recycle App --root "$run/w" >>"$run/recycle.out" 2>&1 </dev/null || rc=$?
  ((rc == 0)) || { recycle_failed=$((recycle_failed + 1)); echo "  recycle $i exited $rc"; }
  left=$((t0 + 1000 - $(now_ms)))
  ((left <= 0)) || sleep "0.$(printf '%03d' "$left")"
done
sleep 1
kill -INT "$wrk_pid" 2>/dev/null || true
wait "$wrk_pid" || true
((recycle_failed == 0)) || tail -n 20 "$run/recycle.out"
recycled=$(grep -c '"worker-recycled"' "$run/w/logs/events.log" || true)

python3 - "$run" "$ROUNDS" "${STRICT:-0}" "$app_kind" "$RECYCLES" "$recycle_failed" "$recycled" "${sides[@]}" <<'EOF'
import re, statistics, sys
run, rounds, strict, app_kind = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4]
recycles, recycle_failed, recycled = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
sides = sys.argv[8:]

def parse(path):
    text = open(path).read()
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", text)
    p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    requests = re.search(r"(\d+) requests in", text)
    return dict(rate=float(rate.group(1)) if rate else 0.0, p99=p99,
                errors=sum(int(g) for g in errors.groups()) if errors else 0,
                non2xx=int(non2xx.group(1)) if non2xx else 0, requests=int(requests.group(1)) if requests else 0)

labels = {"wharf": "Wharf -> worker", "nginx": "nginx -> app", "direct": "the app direct", "handoff": "direct hand-off"}
result, clean = {}, True
print(f"\n== a small response from the ASP.NET Core app ({app_kind}), wrk -t2 -c64, access logs on; medians of {rounds} rounds")
print(f"{'path':18} {'req/s':>9} {'p99':>10} {'vs nginx':>9}")
for s in sides:
    runs = [parse(f"{run}/{s}.{r}.wrk") for r in range(1, rounds + 1)]
    for r in runs:
        if r["errors"] or r["non2xx"]:
            print(f"  {s}: socket errors {r['errors']}, non-2xx {r['non2xx']}")
            clean = False
    result[s] = (statistics.median(r["rate"] for r in runs), statistics.median(r["p99"] for r in runs))
for s in sides:
    rate, p99 = result[s]
    ratio = rate / result["nginx"][0] if result["nginx"][0] else float("nan")
    print(f"{labels[s]:18} {rate:9.0f} {p99:8.2f}ms {ratio:8.2f}x")

r = parse(f"{run}/recycle.wrk")
failed = r["errors"] + r["non2xx"] + recycle_failed
print(f"\n== {recycles} recycles under load: {r['requests']} requests, socket errors {r['errors']}, non-2xx {r['non2xx']}, "
      f"recycle commands failed {recycle_failed}; worker-recycled events {recycled}")
met_rate = result["wharf"][0] >= result["nginx"][0]
met_p99 = result["wharf"][1] <= result["nginx"][1]
met_recycle = failed == 0 and r["requests"] > 0
print(f"\ntarget Wharf/nginx >= 1.0 req/s: {'MET' if met_rate else 'MISSED'}; p99 <= nginx: {'MET' if met_p99 else 'MISSED'}; "
      f"0 failed across recycles: {'MET' if met_recycle else 'MISSED'}" + ("" if clean else "; errors during the rounds (above)"))
sys.exit(1 if strict and not (met_rate and met_p99 and met_recycle and clean) else 0)
EOF
