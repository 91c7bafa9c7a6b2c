#!/usr/bin/env python3
"""End-to-end latency of 1-minute rollups (issue 6, Performance); run by bench/e2e/run.sh.

Posts one line-protocol point per series every second (current wall-clock timestamps) to the edge, and polls
InfluxDB every 200 ms (InfluxQL over HTTP) for the 1-minute rollups of the bench measurement. A window counts as
visible when the rollups of all K series are there; its latency is (visible time - window end). Prints windows
measured, p50 and p99 of that latency, the target (grace + 2 s), and checks the rollup counts against the points
the edge acknowledged. Wall clock throughout: this is a bench, not src.

Only windows that close on stream time are measured: those whose end + grace is before the last posted point
(later windows would close on the idle rule, minutes after the load stops).
"""
import argparse
import json
import math
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

WINDOW = 60


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--edge", required=True)
    p.add_argument("--influxdb", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--seconds", type=int, default=150)
    p.add_argument("--series", type=int, default=50)
    p.add_argument("--grace", type=float, default=30.0)
    p.add_argument("--measurement", default="e2e_bench")
    p.add_argument("--poll-ms", type=int, default=200)
    p.add_argument("--wait-seconds", type=int, default=90, help="after the load, how long to wait for measured windows")
    return p.parse_args()


class Load:
    """Posts K points (one per series) on every wall-clock second; counts acknowledged points per window start."""

    def __init__(self, args):
        self.args = args
        self.url = f"{args.edge}/api/v2/write?bucket=bench&precision=ns"
        self.acked = {}  # window start (s) -> points acknowledged
        self.requests = self.failures = 0
        self.first = self.last = None  # timestamps (s) of the first and last acknowledged second
        self.lock = threading.Lock()

    def run(self, stop_at):
        tick = math.ceil(time.time())
        while tick < stop_at:
            delay = tick - time.time()
            if delay > 0:
                time.sleep(delay)
            self.post(tick)
            tick += 1
            now = time.time()
            if now > tick + 1:  # fell behind (loaded machine): skip the missed seconds rather than burst
                tick = math.ceil(now)

    def post(self, second):
        ns = second * 1_000_000_000
        m = self.args.measurement
        body = "".join(f"{m},host=s{i:04d} value={(second % 97) + i * 0.5} {ns}\n" for i in range(self.args.series))
        req = urllib.request.Request(self.url, data=body.encode(), method="POST", headers={
            "Authorization": f"Token {self.args.key}", "Content-Type": "text/plain; charset=utf-8"})
        self.requests += 1
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                ok = 200 <= resp.status < 300
        except (urllib.error.URLError, OSError) as e:
            ok = False
            if self.failures < 5:
                print(f"  post at {second} failed: {e}", flush=True)
        if not ok:
            self.failures += 1
            return
        with self.lock:
            start = second - second % WINDOW
            self.acked[start] = self.acked.get(start, 0) + self.args.series
            self.first = second if self.first is None else self.first
            self.last = second


class Poller:
    """Queries InfluxDB every poll interval; records when each window's rollups were first partly and fully visible."""

    def __init__(self, args, since):
        self.args = args
        self.since = since - since % WINDOW
        self.first_seen = {}  # window start -> wall time of the query that first saw any of its rollups
        self.all_seen = {}  # window start -> wall time of the query that first saw all K series
        self.counts = {}  # window start -> sum of the rollups' count fields (last seen)
        self.queries = self.errors = 0

    def query(self):
        q = (f'SELECT count("count"), sum("count") FROM "rollup_1m"."{self.args.measurement}" '
             f"WHERE time >= {self.since}s GROUP BY time(1m) fill(none)")
        url = f"{self.args.influxdb}/query?" + urllib.parse.urlencode({"db": "metrics", "epoch": "s", "q": q})
        sent = time.time()
        self.queries += 1
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                data = json.load(resp)
        except (urllib.error.URLError, OSError, ValueError):
            self.errors += 1
            return
        for result in data.get("results", []):
            for serie in result.get("series", []) or []:
                for start, rows, total in serie.get("values", []):
                    if not rows:
                        continue
                    self.first_seen.setdefault(start, sent)
                    if rows >= self.args.series:
                        self.all_seen.setdefault(start, sent)
                    self.counts[start] = total

    def run(self, done):
        period = self.args.poll_ms / 1000
        while not done():
            started = time.time()
            self.query()
            time.sleep(max(0.0, period - (time.time() - started)))


def percentile(values, p):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def main():
    args = parse_args()
    start = time.time()
    load = Load(args)
    poller = Poller(args, math.ceil(start))
    load_end = start + args.seconds
    print(f"posting {args.series} series x 1 point/s for {args.seconds}s; polling InfluxDB every {args.poll_ms} ms", flush=True)

    def measured():
        # Windows closed by stream time: a later point (>= end + grace) was acknowledged.
        if load.last is None:
            return []
        return [w for w in sorted(load.acked) if w + WINDOW + args.grace + 1 <= load.last]

    state = {"load_done": False}

    def poll_done():
        if time.time() > load_end + args.wait_seconds:
            return True
        return state["load_done"] and all(w in poller.all_seen for w in measured())

    poll_thread = threading.Thread(target=poller.run, args=(poll_done,), daemon=True)
    poll_thread.start()
    load.run(load_end)
    state["load_done"] = True
    print(f"load done: {load.requests} requests, {load.failures} failed; waiting for the measured windows...", flush=True)
    poll_thread.join()

    windows = measured()
    latencies, missing, count_issues = [], [], []
    print()
    print(f"{'window end (UTC)':<20} {'acked':>7} {'in influx':>9} {'first seen':>11} {'all seen':>9}")
    for w in windows:
        end = w + WINDOW
        first = poller.first_seen.get(w)
        full = poller.all_seen.get(w)
        if full is None:
            missing.append(w)
        else:
            latencies.append(full - end)
        if poller.counts.get(w) != load.acked.get(w):
            count_issues.append(w)
        fmt = lambda t: f"{t - end:+10.2f}s" if t is not None else f"{'never':>11}"
        print(f"{time.strftime('%H:%M:%S', time.gmtime(end)):<20} {load.acked.get(w, 0):>7} "
              f"{poller.counts.get(w, 0):>9} {fmt(first)} {fmt(full)}")

    target = args.grace + 2
    print()
    print(f"=== e2e results ({args.seconds}s load, {args.series} series, poll {args.poll_ms} ms, "
          f"{poller.queries} queries / {poller.errors} failed)")
    print(f"windows measured     : {len(latencies)} (of {len(windows)} closed on stream time; {len(missing)} never visible)")
    if latencies:
        print(f"p50 visible - end    : {percentile(latencies, 50):.2f} s")
        print(f"p99 visible - end    : {percentile(latencies, 99):.2f} s")
        print(f"max visible - end    : {max(latencies):.2f} s")
    print(f"target p99           : <= {target:.0f} s (grace {args.grace:.0f} s + 2 s)")
    if count_issues:
        print(f"count check          : MISMATCH in {len(count_issues)} window(s) (rollup count != points acknowledged)")
    else:
        print(f"count check          : ok (every measured window's rollup count = points the edge acknowledged)")
    if not latencies:
        return 1
    verdict = "met" if percentile(latencies, 99) <= target else "NOT met"
    print(f"verdict              : target {verdict}")
    return 1 if missing or count_issues else 0


if __name__ == "__main__":
    raise SystemExit(main())
