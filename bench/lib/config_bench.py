#!/usr/bin/env python3
"""The measuring half of bench/config.sh (stdlib only); config.sh starts and stops Wharf.

  config_bench.py notify SOCKET TIMEOUT   wait for READY=1 on a NOTIFY_SOCKET (sd_notify(3)); 0 if seen
  config_bench.py port CONFIG PORT        set the first site's first binding port in wharf.json
  config_bench.py measure RUN ...         the three measurements and the summary (see --help)
"""
import argparse
import http.client
import json
import os
import socket
import statistics
import sys
import threading
import time
import urllib.parse
from datetime import datetime


# --- clients

class AdminConnection(http.client.HTTPConnection):
    """HTTP/1.1 with keep-alive over the admin API's Unix socket."""

    def __init__(self, path, timeout=60):
        super().__init__("wharf", timeout=timeout)
        self.unix_path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.unix_path)
        self.sock = sock


def call(conn, method, target, body=None):
    """(status, parsed JSON or text); reconnects once if the server closed a kept-alive connection."""
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} if data is not None else {}
    for attempt in (1, 2):
        try:
            conn.request(method, target, body=data, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            break
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            conn.close()
            if attempt == 2:
                raise
    try:
        return response.status, json.loads(raw) if raw else None
    except ValueError:
        return response.status, raw.decode(errors="replace")


def put_target(path):
    return "/api/config?path=" + urllib.parse.quote(path, safe="")


def get_page(conn):
    conn.request("GET", "/")
    response = conn.getresponse()
    return response.status, response.read().decode(errors="replace")


# --- figures

def pct(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil
    return ordered[int(rank) - 1]


def ms(seconds):
    return seconds * 1000


def describe(values_ms):
    if not values_ms:
        return "no samples"
    return (f"p50 {pct(values_ms, 50):.1f} ms, p95 {pct(values_ms, 95):.1f} ms, "
            f"max {max(values_ms):.1f} ms (n={len(values_ms)})")


class Problems:
    """What the API did wrong, kept whole for the report (the bench never fixes the server)."""

    def __init__(self):
        self.lines = []
        self._lock = threading.Lock()

    def add(self, line):
        with self._lock:
            self.lines.append(line)

    def print(self):
        if not self.lines:
            return
        print(f"\n== The admin API misbehaved {len(self.lines)} time(s); the first 10:")
        for line in self.lines[:10]:
            print("  " + line)


def check_commit(status, body, expect_version_after, what, problems, services=("admin", "www")):
    """An acknowledged, durable, applied commit: 200, ok, a change listed, every service applied in place."""
    if status != 200 or not isinstance(body, dict):
        problems.add(f"{what}: HTTP {status}: {json.dumps(body)[:300]}")
        return False
    outcomes = {a.get("service"): a.get("outcome") for a in body.get("applied") or []}
    wrong = [f"{s}={outcomes.get(s)}" for s in services if outcomes.get(s) != "applied"]
    if not body.get("ok") or not body.get("changes") or wrong or \
            (expect_version_after is not None and body.get("version", 0) <= expect_version_after):
        problems.add(f"{what}: 200 but not a clean commit (ok={body.get('ok')}, version={body.get('version')}, "
                     f"{len(body.get('changes') or [])} change(s), outcomes {outcomes}, message {body.get('message')!r})")
        return False
    return True


# --- 1. throughput

def throughput(sock, n, clients, problems):
    """N acknowledged changes, sequentially on one keep-alive connection, then spread over C clients.

    Every PUT writes a value no PUT wrote before (a default-documents list naming the client and the
    count), so each is a real commit, never a "no change"; no If-Match, so clients never conflict.
    www applies defaultDocuments in place (the site's snapshot is rebuilt), so nothing restarts.
    """
    target = put_target("/sites/0/defaultDocuments")

    def run_client(name, count, latencies, acked):
        conn = AdminConnection(sock)
        try:
            for i in range(count):
                t0 = time.perf_counter()
                status, body = call(conn, "PUT", target, ["index.html", f"bench-{name}-{i}.html"])
                latencies.append(time.perf_counter() - t0)
                if check_commit(status, body, None, f"PUT defaultDocuments ({name} #{i})", problems):
                    acked.append(body["version"])
        except Exception as e:  # noqa: BLE001 - reported, not hidden
            problems.add(f"client {name}: {type(e).__name__}: {e}")
        finally:
            conn.close()

    # A few first, so that neither connection set-up nor first-use costs count.
    run_client("warmup", 5, [], [])

    results = {}
    for label, count in (("sequential", 1), (f"{clients} clients", clients)):
        latencies, acked, threads = [], [], []
        per = [n // count + (1 if k < n % count else 0) for k in range(count)]
        start = time.perf_counter()
        for k in range(count):
            t = threading.Thread(target=run_client, args=(f"{label[0]}{k}", per[k], latencies, acked))
            t.start()
            threads.append(t)
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        versions = sorted(acked)
        distinct = len(set(versions)) == len(versions)
        if not distinct:
            problems.add(f"{label}: two acknowledgements named the same version")
        results[label] = dict(acks=len(acked), sent=n, wall=wall, rate=len(acked) / wall if wall else 0.0,
                              lat=[ms(x) for x in latencies])
        print(f"{label:12} {len(acked):>5} of {n} PUTs acknowledged in {wall:.2f} s: {results[label]['rate']:7.1f} acks/s; "
              f"latency per ack {describe(results[label]['lat'])}")
    return results


def floor(folder, size, n):
    """What the same durable work costs on this disk with nothing else: write, fsync, rename, fsync dir."""
    os.makedirs(folder, exist_ok=True)
    target, temp = os.path.join(folder, "wharf.json"), os.path.join(folder, "wharf.json.tmp")
    payload = os.urandom(size // 2).hex().encode()[:size]
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        start = time.perf_counter()
        for _ in range(n):
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                os.write(fd, payload)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.rename(temp, target)
            os.fsync(dir_fd)
        wall = time.perf_counter() - start
    finally:
        os.close(dir_fd)
    return n / wall


# --- 2. applying a change through the API

def make_site_folder(base, token):
    os.makedirs(base, exist_ok=True)
    with open(os.path.join(base, "index.html"), "w") as f:
        f.write(f"<!doctype html><title>{token}</title><p>{token}</p>\n")


def api_apply(sock, site_port, run, m, problems):
    """M changes of the site's physicalPath to a new folder whose page holds a unique token.

    (a) the PUT's round trip: the API answers after the supervisor and every service applied it;
    (b) after the 200, GET / on the site until the new token shows: the GETs that still saw the
        old page are stale (target 0); the first GET goes out at once, on a kept-alive connection.
    """
    admin = AdminConnection(sock)
    site = http.client.HTTPConnection("127.0.0.1", site_port, timeout=10)
    target = put_target("/sites/0/physicalPath")
    acks, to_token, stale, acked_at, stale_cases = [], [], 0, {}, []
    status, current = call(admin, "GET", "/api/config/status")
    version = current.get("version") if isinstance(current, dict) else None
    for i in range(m):
        token = f"api-{i}-{os.urandom(6).hex()}"
        folder = os.path.join(run, "sites", f"a{i}")
        make_site_folder(folder, token)
        t0 = time.perf_counter()
        status, body = call(admin, "PUT", target, folder)
        t1 = time.perf_counter()
        wall_ack = time.time()
        if not check_commit(status, body, version, f"PUT physicalPath #{i}", problems):
            continue
        version = body["version"]
        acked_at[version] = wall_ack
        acks.append(ms(t1 - t0))
        seen, old = False, 0
        deadline = t1 + 5
        while time.perf_counter() < deadline:
            code, page = get_page(site)
            if code == 200 and token in page:
                seen = True
                break
            old += 1
        to_token.append(ms(time.perf_counter() - t1))
        stale += old
        if old:
            stale_cases.append((i, version, old))
        if not seen:
            problems.add(f"PUT physicalPath #{i} (version {version}) acknowledged, but the site did not serve the new page within 5 s")
    admin.close()
    site.close()
    for i, v, old in stale_cases[:5]:
        problems.add(f"PUT physicalPath #{i}: version {v} acknowledged, yet {old} GET(s) after the 200 still saw the old page")
    return dict(acks=acks, to_token=to_token, stale=stale, stale_puts=len(stale_cases), acked_at=acked_at)


def saved_to_applied(root, acked_at):
    """From each commit's audit line (written once the file is saved: fsynced, renamed, in history) to its 200."""
    out = []
    try:
        lines = open(os.path.join(root, "logs", "audit.log")).read().splitlines()
    except OSError:
        return out
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        v = entry.get("version")
        if v in acked_at and entry.get("action") == "set":
            saved = datetime.fromisoformat(entry["time"].replace("Z", "+00:00")).timestamp()
            out.append(ms(acked_at[v] - saved))
    return out


# --- 3. a hand edit of config/wharf.json

def hand_edits(sock, site_port, root, run, count, problems):
    """Write wharf.json as an editor would (a temporary file renamed over it) with a new physicalPath,
    and time until the site serves the new page: the admin service's watcher, its settle time, the
    commit and the apply."""
    config = os.path.join(root, "config", "wharf.json")
    site = http.client.HTTPConnection("127.0.0.1", site_port, timeout=10)
    times = []
    for i in range(count):
        token = f"hand-{i}-{os.urandom(6).hex()}"
        folder = os.path.join(run, "sites", f"h{i}")
        make_site_folder(folder, token)
        with open(config) as f:
            doc = json.load(f)
        doc["sites"][0]["physicalPath"] = folder
        temp = config + ".bench~"
        with open(temp, "w") as f:
            json.dump(doc, f, indent=2)
            f.flush()
            os.fsync(f.fileno())
        t0 = time.perf_counter()
        os.rename(temp, config)
        seen, deadline = False, t0 + 10
        while time.perf_counter() < deadline:
            code, page = get_page(site)
            if code == 200 and token in page:
                seen = True
                break
            time.sleep(0.002)
        if seen:
            times.append(ms(time.perf_counter() - t0))
        else:
            problems.add(f"hand edit #{i}: the site did not serve the new page within 10 s")
        # Let the watcher see the store's own rewrite of the file (a no-change) before the next edit,
        # so each edit is timed alone rather than folded into the previous one's settle time.
        time.sleep(0.4)
    site.close()
    admin = AdminConnection(sock)
    status, body = call(admin, "GET", "/api/config/status")
    admin.close()
    last = body.get("lastHandEdit") if isinstance(body, dict) else None
    return times, last


# --- the run

def measure(a):
    problems = Problems()
    run, root, sock = a.run, a.root, os.path.join(a.root, "run", "admin.sock")
    config_size = os.path.getsize(os.path.join(root, "config", "wharf.json"))

    print(f"\n== 1. Acknowledged changes through the API: {a.n} PUTs of /sites/0/defaultDocuments, each a durable commit "
          f"applied by every service before its 200 (keep-alive, Unix socket)")
    tp = throughput(sock, a.n, a.clients, problems)
    floor_rate = floor(os.path.join(run, "floor"), config_size, a.n)
    seq, par = tp["sequential"], tp[f"{a.clients} clients"]
    print(f"{'the floor':12} {a.n:>5} × (write {config_size} B + fsync + rename + fsync folder) by python3 on the same disk "
          f"({a.fs}): {floor_rate:7.1f} writes/s, {1000 / floor_rate:.2f} ms each")
    if floor_rate and seq["rate"]:
        print(f"Wharf / floor (throughput, sequential): {seq['rate'] / floor_rate:.2f}; "
              f"an acknowledged change costs {floor_rate / seq['rate']:.1f}× the bare durable write "
              f"(Wharf also copies to history, appends the audit line, and waits for the supervisor and every service)")
    print("nginx has no configuration API: a change there is an edit plus `nginx -s reload`, which answers before "
          "the workers take it up, so there is no acknowledged-change rate to set beside this.")

    print(f"\n== 2. From a change to the services applying it: {a.m} PUTs of /sites/0/physicalPath, each to a new "
          f"folder whose index.html holds a unique token")
    ap = api_apply(sock, a.site_port, run, a.m, problems)
    print(f"PUT round trip (commit, then applied by supervisor and every service, then answered): {describe(ap['acks'])}")
    saved = saved_to_applied(root, ap["acked_at"])
    print(f"saved (audit line, after fsync+rename+history) -> applied and acknowledged: {describe(saved)}")
    print(f"200 -> first GET serving the new token: {describe(ap['to_token'])}")
    print(f"GETs after the 200 that still saw the old page: {ap['stale']} in {ap['stale_puts']} of {len(ap['acks'])} changes (target 0)")

    print(f"\n== 3. A hand edit: config/wharf.json written to a temporary file and renamed over ({a.edits} times), "
          f"to the site serving the new token")
    hand, last = hand_edits(sock, a.site_port, root, run, a.edits, problems)
    print(f"rename -> serving: {describe(hand)}")
    if last:
        print(f"last hand edit as the admin API reports it: outcome {last.get('outcome')}, version {last.get('version')}")
    print("(the admin service's watcher waits 150 ms for an editor's save to settle before reading the file)")

    problems.print()

    seq_p95 = pct(seq["lat"], 95) if seq["lat"] else float("inf")
    ack_p95 = pct(ap["acks"], 95) if ap["acks"] else float("inf")
    hand_p95 = pct(hand, 95) if hand else float("inf")
    met_stale = ap["acks"] and ap["stale"] == 0 and len(ap["acks"]) == a.m
    met_ack = ack_p95 < 100
    met_hand = len(hand) == a.edits and hand_p95 < 1000
    met_clean = not problems.lines
    verdict = lambda ok: "MET" if ok else "MISSED"
    print("\n== Summary")
    print(f"config changes acknowledged per second: {seq['rate']:.1f} (sequential), {par['rate']:.1f} ({a.clients} clients); "
          f"floor {floor_rate:.1f}/s, Wharf/floor {seq['rate'] / floor_rate:.2f}; sequential ack p95 {seq_p95:.1f} ms")
    if ap["acks"]:
        print(f"apply: ack p50 {pct(ap['acks'], 50):.1f} ms p95 {ack_p95:.1f} ms (target p95 < 100 ms: {verdict(met_ack)}); "
              f"served after ack: {ap['stale']} stale (target 0: {verdict(met_stale)})")
    else:
        print("apply: no change was acknowledged (targets MISSED)")
    if hand:
        print(f"hand edit to serving: p50 {pct(hand, 50):.0f} ms p95 {hand_p95:.0f} ms "
              f"(target p95 < 1000 ms: {verdict(met_hand)})")
    else:
        print("hand edit to serving: never served (target MISSED)")
    print(f"admin API errors or unclean commits: {len(problems.lines)} (target 0: {verdict(met_clean)})")
    return 0 if (met_stale and met_ack and met_hand and met_clean) else 1


def notify(path, timeout):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    s.settimeout(1)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            message = s.recv(4096).decode(errors="replace")
        except socket.timeout:
            continue
        if "READY=1" in message.splitlines():
            return 0
    return 1


def set_port(config, port):
    with open(config) as f:
        doc = json.load(f)
    doc["sites"][0]["bindings"][0]["port"] = port
    with open(config + ".tmp", "w") as f:
        json.dump(doc, f, indent=2)
    os.rename(config + ".tmp", config)
    return 0


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "notify":
        return notify(sys.argv[2], float(sys.argv[3]))
    if cmd == "port":
        return set_port(sys.argv[2], int(sys.argv[3]))
    if cmd == "measure":
        p = argparse.ArgumentParser(prog="config_bench.py measure")
        p.add_argument("run")
        p.add_argument("--root", required=True)
        p.add_argument("--site-port", type=int, required=True)
        p.add_argument("--n", type=int, default=200)
        p.add_argument("--clients", type=int, default=4)
        p.add_argument("--m", type=int, default=20)
        p.add_argument("--edits", type=int, default=20)
        p.add_argument("--fs", default="?")
        return measure(p.parse_args(sys.argv[2:]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
