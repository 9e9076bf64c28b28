"""Appends the varied load run of bench/load_front.sh to bench/RESULTS-load.md.

Reads wrk's JSON line (bench/front.lua) for the run and the four floors, the front's access log
of the run (status, request time, upstream time, bytes, path), the paths with their categories,
the 400s and 5xx requested again alone after the run, and the load average sampled meanwhile.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

FLOORS = (
    ("front-404", "floor: the site's 404 page through the front"),
    ("front-bare", "floor: a bare Django view through the front"),
    ("direct-404", "the 404 page straight at gunicorn"),
    ("direct-bare", "the bare view straight at gunicorn"),
)
ERROR_KEYS = ("s500", "s502", "s503", "s504", "s5xx", "connect_errors", "read_errors", "write_errors", "timeouts")


def wrk(path: Path) -> dict:
    line = next(line for line in path.read_text().splitlines() if line.startswith("JSON "))
    data = json.loads(line[5:])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = sum(data[key] for key in ERROR_KEYS)
    return data


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def main():
    parser = argparse.ArgumentParser()
    for name in ("run", "floors", "log", "paths", "again", "loadavg", "gunicorn-log", "nginx-log", "out", "banner"):
        parser.add_argument(f"--{name}", required=True)
    for name in ("firms", "workers", "connections", "threads", "duration"):
        parser.add_argument(f"--{name}", type=int, required=True)
    parser.add_argument("--front-limits", default="0")
    parser.add_argument("--front-workers", default="auto")
    args = parser.parse_args()

    run = wrk(Path(args.run))
    floors = {name: wrk(Path(args.floors) / f"floor-{name}.out") for name, _ in FLOORS}
    rows = (line.split("\t", 1) for line in Path(args.paths).read_text().splitlines() if line)
    categories = {path: category for category, path in rows}

    by_category = defaultdict(list)
    statuses = defaultdict(Counter)
    upstream = []
    slowest = []
    for line in Path(args.log).read_text().splitlines():
        status, took, up, _bytes, path = line.split(" ", 4)
        category = categories.get(path)
        if category is None:
            continue
        by_category[category].append(float(took))
        statuses[category][status] += 1
        if up != "-":
            upstream.append(float(up.split(",")[0]))
        slowest.append((float(took), status, path))
    slowest.sort(reverse=True)

    loads = [line.split()[:3] for line in Path(args.loadavg).read_text().splitlines() if line.strip()]
    during = [float(one) for one, _, _ in loads[1:-1]] or [float(loads[0][0])]
    again = [line.split(" ", 3) for line in Path(args.again).read_text().splitlines() if line.strip()]
    gunicorn_lines = [
        line for line in Path(args.gunicorn_log).read_text().splitlines() if "Not Found: /bench-floor-404/" not in line
    ]
    nginx_lines = Path(args.nginx_log).read_text().splitlines() if os.path.exists(args.nginx_log) else []
    git = lambda *argv: subprocess.run(["git", *argv], capture_output=True, text=True, check=False).stdout  # noqa: E731
    commit = git("log", "-1", "--format=%h").strip()
    # The results file itself is expected to change; anything else means the code was not committed.
    if any(
        not line.endswith("RESULTS-load.md")
        for line in git("status", "--porcelain", "--untracked-files=no").splitlines()
    ):
        commit += " with uncommitted changes"

    front = floors["front-404"]
    errors_ok = run["errors"] == 0
    lines = [
        "",
        f"## Varied load through the front, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"
        " (bench/load_front.sh)",
        "",
        f"Commit `{commit}`. {args.firms:,} firms; gunicorn as `make serve` runs it (gunicorn.conf.py:"
        f" {args.workers} sync workers, recycled after about 2,000 requests; `DEBUG=false`), a throwaway Redis as"
        f" the shared cache, emptied at the start; Debian's nginx with `deploy/nginx/` in front (worker_processes"
        f" {args.front_workers}; Server header: `{args.banner or 'none'}`). {args.connections} connections"
        f" ({args.threads} wrk threads) for {args.duration} s; every URL sent once"
        f" ({run['sent']:,} sent of {len(categories):,} made by `bench/front_paths.py`, {run['repeats']} sent twice)."
        " Rate limits: the app's off (`RATELIMIT_ENABLED=false`), the front's per-address limits"
        + (
            " on (every client is 127.0.0.1, so 429s are expected)."
            if args.front_limits == "1"
            else " dropped from the bench's copy (`FRONT_LIMITS=0`): every client is 127.0.0.1, one address."
        ),
        f"Load average (1 min) on {os.cpu_count()} shared cores: {loads[0][0]} before, {statistics.mean(during):.2f}"
        f" mean and {max(during):.2f} max during (every 5 s), {loads[-1][0]} after; wrk, nginx, gunicorn, Redis and"
        " PostgreSQL all run on them, beside other people's work.",
        "",
        "| | requests | req/s | p50 | p90 | p95 | p99 | max | 5xx + socket errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def row(label: str, data: dict) -> str:
        return (
            f"| {label} | {data['requests']:,} | {data['rps']:.0f} | {ms(data['p50_us'] / 1e6)} |"
            f" {ms(data['p90_us'] / 1e6)} | {ms(data['p95_us'] / 1e6)} | {ms(data['p99_us'] / 1e6)} |"
            f" {ms(data['max_us'] / 1e6)} | {data['errors']} |"
        )

    lines.append(row("**the run: distinct URLs through the front**", run))
    lines += [row(label, floors[name]) for name, label in FLOORS]
    lines += [
        "",
        f"p99 of the run: {run['p99_us'] / 1000:.0f} ms, {run['p99_us'] / max(front['p99_us'], 1):.0f}× the floor's p99"
        f" ({front['p99_us'] / 1000:.1f} ms, the 404 page through the same front); p50 {run['p50_us'] / 1000:.0f} ms"
        f" against {front['p50_us'] / 1000:.1f} ms. The front costs the floor"
        f" {(front['p50_us'] - floors['direct-404']['p50_us']) / 1000:+.1f} ms at p50 (404 page with and without nginx);"
        f" the 404 page's p50 is {front['p50_us'] / max(floors['front-bare']['p50_us'], 1):.1f}× the bare view's"
        " through the same kind of front.",
        "",
        "Answers of the run by status (wrk):",
        "",
        "| 2xx | 3xx | 400 too broad (deadline) | 400 other | 404 | 429 | other 4xx | 500 | 502 | 503 | 504 | other 5xx"
        " | connect / read / write errors, timeouts |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| {run['s2xx']:,} | {run['s3xx']} | {run['s400_broad']} | {run['s400']} | {run['s404']} | {run['s429']} |"
        f" {run['s4xx']} | {run['s500']} | {run['s502']} | {run['s503']} | {run['s504']} | {run['s5xx']} |"
        f" {run['connect_errors']} / {run['read_errors']} / {run['write_errors']} / {run['timeouts']} |",
        "",
        f"Target, zero errors (no 5xx, no connection errors or timeouts): **{'met' if errors_ok else 'not met'}**."
        " A 400 \u201ezu allgemein\u201c is the request deadline (`REQUEST_DEADLINE_SECONDS`, 2 s of database time per"
        " public request) answering a query it cancelled, by design, not a failure; it is counted apart. After the"
        " run, the 400s and 5xx were requested once more, alone:"
        + (
            " "
            + ", ".join(f"{n} answered {code}" for code, n in Counter(code for code, *_ in again).most_common())
            + "."
            if again
            else " there were none."
        ),
        "",
        "By category (times from the front's access log: first byte in to last byte out, so they include the wait"
        " for a free worker):",
        "",
        "(499: the client closed the connection first, i.e. wrk stopping at the end of the run with requests in"
        " flight; wrk does not count them.)",
        "",
        "| category | requests | p50 | p95 | p99 | max | not 200 |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for category, times in sorted(by_category.items(), key=lambda item: -len(item[1])):
        other = ", ".join(f"{n}× {code}" for code, n in sorted(statuses[category].items()) if code != "200") or "–"
        lines.append(
            f"| {category} | {len(times):,} | {ms(quantile(times, 0.5))} | {ms(quantile(times, 0.95))} |"
            f" {ms(quantile(times, 0.99))} | {ms(max(times))} | {other} |"
        )
    every = [took for times in by_category.values() for took in times]
    lines += [
        "",
        f"Requests over 2 s: {sum(took > 2 for took in every):,}, over 10 s: {sum(took > 10 for took in every):,}"
        f" (of {len(every):,} in the front's log). The run's {run['rps']:.0f} req/s all came from one address;"
        " the front's per-address limit as deployed is 30 r/s with a burst of 60"
        + (" (on in this run)." if args.front_limits == "1" else " (dropped in this run)."),
    ]
    if upstream:
        lines += [
            "",
            f"Time in gunicorn (upstream time): p50 {ms(quantile(upstream, 0.5))}, p99 {ms(quantile(upstream, 0.99))}.",
        ]
    lines += ["", "The slowest requests of the run:", ""]
    lines += [f"- {ms(took)} {status} `{path}`" for took, status, path in slowest[:8]]
    if again:
        lines += [
            "",
            "The 400s and 5xx again, alone (status, seconds, \u201ezu allgemein\u201c in the page, path):",
            "",
        ]
        lines += [f"- {code} {float(took):.2f} s {broad} `{path}`" for code, took, broad, path in again[:10]]
    lines += [
        "",
        f"gunicorn's error log: {len(gunicorn_lines)} lines (without the floor's 404s); nginx's error log:"
        f" {len(nginx_lines)} lines" + (f", e.g. `{nginx_lines[-1][:200]}`" if nginx_lines else "") + ".",
    ]
    with open(args.out, "a") as handle:
        handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
