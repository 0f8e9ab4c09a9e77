#!/usr/bin/env bash
# bench/http-static.sh: static files, Wharf beside nginx, in one run on loopback (issue 4, item 9).
#
# Both serve the same two files, a 1 KiB and a 1 MiB one, to the same client (wrk -t2 -c64,
# keep-alive) for DURATION seconds each, ROUNDS times in alternation (wrk and the servers share
# the 2 cores, so one run of each would mostly measure noise). nginx runs as its experts tune it
# (open_file_cache, a buffered access log: bench/lib/common.sh). Both log alike: nginx's access
# log (buffer=64k flush=1s) and Wharf's W3C log; LOGS=off turns both off.
# Prints requests/s and p99 latency per server and size (medians over the rounds), and the
# ratio Wharf/nginx. Target: a ratio of at least 1.0 for both sizes.
#
# Uses artifacts/aot/wharf, publishing it first when missing or older than the sources; set
# WHARF=path to use another build. Tunables: ROUNDS, DURATION, WARMUP, CONNS, LOGS, KEEP=1.
# Exits 0 once measured (the summary says MET or MISSED); STRICT=1 makes a missed target exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DEBIAN_FRONTEND=noninteractive

ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-8} WARMUP=${WARMUP:-10} CONNS=${CONNS:-64} LOGS=${LOGS:-on}
THREADS=2

BENCH=bench/http-static.sh
source bench/lib/common.sh

need_tools_and_wharf nginx=nginx-light wrk curl python3

run=$(mktemp -d /tmp/whs.XXXX)
chmod 755 "$run"
pids=()
trap cleanup EXIT
trap 'exit 130' INT TERM

wharf_port=$(free_port) nginx_port=$(free_port)
mkdir -p "$run/w/config" "$run/w/wwwroot" "$run/n/html" "$run/n/logs" "$run/n/tmp"
head -c 1024 /dev/urandom | base64 -w 0 | head -c 1024 >"$run/w/wwwroot/1k.txt"
head -c 1048576 /dev/urandom >"$run/w/wwwroot/1m.bin"
cp "$run/w/wwwroot/1k.txt" "$run/w/wwwroot/1m.bin" "$run/n/html/"
chmod 644 "$run"/n/html/*

wharf_log='"logFile":{"enabled":true}' nginx_log=$NGINX_ACCESS_LOG
if [[ $LOGS == off ]]; then wharf_log='"logFile":{"enabled":false}' nginx_log='access_log off;'; fi

# Compression off on both: nginx serves files as they are unless told otherwise (gzip off).
cat >"$run/w/config/wharf.json" <<EOF
{"version":1,"services":{"www":{"enabled":true}},
 "sites":[{"id":1,"name":"Default Web Site","physicalPath":"wwwroot",
           "bindings":[{"protocol":"http","address":"127.0.0.1","port":$wharf_port}],
           "compression":{"static":false},$wharf_log}],
 "applicationPools":[{"name":"DefaultAppPool"}]}
EOF

write_nginx_conf "$run/n/nginx.conf" "$nginx_port" "types { text/plain txt; application/octet-stream bin; } default_type application/octet-stream; $nginx_log"

say "Wharf: $WHARF serve on 127.0.0.1:$wharf_port"
"$WHARF" serve --root "$run/w" >"$run/wharf-serve.log" 2>&1 </dev/null &
pids+=($!)
wait_serving "http://127.0.0.1:$wharf_port/1k.txt" || { tail -n 30 "$run/wharf-serve.log"; die "Wharf is not serving"; }

say "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') on 127.0.0.1:$nginx_port"
nginx -p "$run/n/" -c "$run/n/nginx.conf" -e logs/error.log -g 'daemon off;' >"$run/nginx.log" 2>&1 </dev/null &
pids+=($!)
wait_serving "http://127.0.0.1:$nginx_port/1k.txt" || { cat "$run/n/logs/error.log"; die "nginx is not serving"; }

for f in 1k.txt 1m.bin; do
  cmp -s <(curl -s "http://127.0.0.1:$wharf_port/$f") <(curl -s "http://127.0.0.1:$nginx_port/$f") \
    || die "Wharf and nginx do not serve the same $f"
done

echo "warming up both for ${WARMUP}s each (tiered JIT, caches)..."
for port in $wharf_port $nginx_port; do
  wrk -t$THREADS -c"$CONNS" -d"${WARMUP}s" "http://127.0.0.1:$port/1k.txt" >/dev/null
  wrk -t$THREADS -c"$CONNS" -d"$((WARMUP / 2))s" "http://127.0.0.1:$port/1m.bin" >/dev/null
done

for ((round = 1; round <= ROUNDS; round++)); do
  for file in 1k.txt 1m.bin; do
    for side in wharf nginx; do
      port=$wharf_port; [[ $side == nginx ]] && port=$nginx_port
      echo "round $round: $side $file"
      wrk -t$THREADS -c"$CONNS" -d"${DURATION}s" --latency "http://127.0.0.1:$port/$file" >"$run/$side.$file.$round.wrk" 2>&1
    done
  done
done

python3 - "$run" "$ROUNDS" "${STRICT:-0}" "$LOGS" <<'EOF'
import re, statistics, sys
run, rounds, strict, logs = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4]

def parse(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
    p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    errors = re.search(r"Socket errors: (.*)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return rps, p99, (errors.group(1) if errors else ""), int(non2xx.group(1)) if non2xx else 0

met = True
print(f"\n== static files, wrk -t2 -c64, access logs {logs}; medians of {rounds} rounds")
print(f"{'file':8} {'wharf req/s':>12} {'nginx req/s':>12} {'ratio':>6} {'wharf p99':>10} {'nginx p99':>10}")
for file in ("1k.txt", "1m.bin"):
    side = {}
    for s in ("wharf", "nginx"):
        runs = [parse(f"{run}/{s}.{file}.{r}.wrk") for r in range(1, rounds + 1)]
        for rps, p99, errors, non2xx in runs:
            if errors or non2xx:
                print(f"  {s} {file}: socket errors '{errors}', non-2xx {non2xx}")
                met = False
        side[s] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
    ratio = side["wharf"][0] / side["nginx"][0]
    met &= ratio >= 1.0
    print(f"{file:8} {side['wharf'][0]:12.0f} {side['nginx'][0]:12.0f} {ratio:6.2f} {side['wharf'][1]:8.2f}ms {side['nginx'][1]:8.2f}ms")
print(f"\ntarget (Wharf/nginx >= 1.0 for both sizes, no errors): {'MET' if met else 'MISSED'}")
sys.exit(1 if strict and not met else 0)
EOF
