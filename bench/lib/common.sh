# Sourced by the bench scripts: messages, free ports, and the Debian tools and Native AOT wharf they need.
# The caller sets BENCH (its name, for messages) before sourcing.

say() { printf '\n== %s\n' "$*"; }
die() { echo "$BENCH: $*" >&2; exit 2; }
now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# need_tools_and_wharf COMMAND[=PACKAGE]...: each argument is COMMAND or COMMAND=PACKAGE; installs from
# Debian only what is missing, plus clang and zlib1g-dev when the AOT wharf must be published.
# Then sets WHARF to the absolute path of the executable (artifacts/aot/wharf, published when
# missing or older than the sources, or the WHARF the caller gave).
need_tools_and_wharf() {
  local missing=() spec tool package
  for spec in "$@"; do
    tool=${spec%%=*} package=${spec#*=}
    command -v "$tool" >/dev/null || missing+=("$package")
  done
  WHARF=${WHARF:-artifacts/aot/wharf}
  stale() { [[ ! -x $WHARF ]] || [[ -n $(find src -newer "$WHARF" \( -name '*.cs' -o -name '*.csproj' \) -print -quit) ]]; }
  if [[ $WHARF == artifacts/aot/wharf ]] && stale; then
    command -v clang >/dev/null || missing+=(clang)
    dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q 'ok installed' || missing+=(zlib1g-dev)
  fi
  if ((${#missing[@]})); then
    echo "Installing ${missing[*]}"
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
  fi
  if [[ $WHARF == artifacts/aot/wharf ]] && stale; then
    echo "Publishing the Native AOT wharf (artifacts/aot)..."
    dotnet publish src/Wharf -c Release -o artifacts/aot >/dev/null || die "dotnet publish failed"
  fi
  [[ -x $WHARF ]] || die "no wharf executable at $WHARF"
  WHARF=$(realpath "$WHARF")
}

# The EXIT trap of every bench script: stop what it started ($pids: TERM, then KILL after 10 s)
# and remove its scratch folder ($run) unless KEEP=1.
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do
    alive=0; for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break; sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept $run"; else rm -rf "$run"; fi
}

# The access log line nginx's experts run in production: buffered, flushed every second.
NGINX_ACCESS_LOG='access_log logs/access.log combined buffer=64k flush=1s;'

# write_nginx_conf FILE PORT HTTP_LINES [SERVER_LINES]: nginx as its experts tune it for
# production (a worker per core, sendfile, tcp_nopush, long keep-alive, open_file_cache; one
# server on 127.0.0.1:PORT with root html/ under its -p prefix); HTTP_LINES go in its http block
# (types, default_type, access_log, upstreams), SERVER_LINES in its server block (locations).
write_nginx_conf() {
  cat >"$1" <<EOF
worker_processes 2;
pid nginx.pid;
error_log logs/error.log warn;
events { worker_connections 4096; }
http {
    $3
    sendfile on; tcp_nopush on; tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    open_file_cache max=1000 inactive=20s;
    open_file_cache_valid 1s;
    open_file_cache_errors on;
    client_body_temp_path tmp/client_body; proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi; uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;
    server {
        listen 127.0.0.1:$2 backlog=4096;
        root html;
        ${4:-}
    }
}
EOF
}

# wait_serving URL: up to 15 s for a 2xx answer.
wait_serving() {
  for _ in $(seq 75); do curl -sf -o /dev/null --max-time 1 "$1" && return 0; sleep 0.2; done
  return 1
}
