"""Writes bench/RESULTS-load.md from the outputs of bench/load.sh (wrk with load.lua, RSS samples)."""

import argparse
import datetime
import json
import os
from collections import defaultdict


def figures(path: str) -> dict:
    with open(path) as handle:
        line = next(line for line in handle if line.startswith("JSON "))
    data = json.loads(line[5:])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = (
        data["status_4xx"]
        + data["status_503"]
        + data["status_5xx_other"]
        + data["connect_errors"]
        + data["read_errors"]
        + data["write_errors"]
        + data["timeouts"]
    )
    return data


def ms(us: int) -> str:
    return f"{us / 1000:.0f} ms" if us >= 10_000 else f"{us / 1000:.1f} ms"


def main():
    parser = argparse.ArgumentParser()
    for name in ("load", "floor", "rss", "paths", "single", "firms", "workers", "connections", "duration", "out"):
        parser.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    load, floor = figures(args.load), figures(args.floor)
    # The floor is a 404 by design: its 404s are its answers, not errors.
    floor["errors"] -= floor["status_4xx"]

    rss = defaultdict(dict)
    with open(args.rss) as handle:
        for line in handle:
            label, pid, kb = line.split()
            rss[pid][label] = int(kb)
    with open(args.paths) as handle:
        paths = [line.strip() for line in handle if line.strip()]

    p99_ok = load["p99_us"] < 1_000_000
    errors_ok = load["errors"] == 0
    # The first half still holds each worker's first requests of the biggest pages (its heap
    # grows to the largest response once); a leak shows as growth that goes on after that.
    growth = [(row["end"] - row["middle"]) / row["middle"] for row in rss.values() if "middle" in row and "end" in row]
    flat_ok = bool(growth) and max(growth) < 0.05 and len(growth) == len(rss)
    verdict = lambda ok: "**met**" if ok else "**not met**"  # noqa: E731

    lines = [
        "# Load run",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, `bash bench/load.sh`: {int(args.firms):,} firms,"
        f" gunicorn with {args.workers} sync workers, {args.connections} connections for {args.duration} s,"
        f" {os.cpu_count()} cores shared by wrk, gunicorn, PostgreSQL and whatever else runs"
        f" (load average at the end: {os.getloadavg()[0]:.1f}).",
        "",
        f"The mix: {len(paths)} requests in rotation over {len(set(paths))} different URLs (list pages,"
        " searches, filters, `seite=2000`, the biggest network's page, events, the calendar feed, and"
        " detail pages of many firms, events and public people; `bench/load_paths.py`). The floor is"
        " the site's own 404 page (`/bench-floor-404/`) under the same load: middleware, URL"
        " resolution and a template, no SQL.",
        "",
        "| | the mix | floor (404 page) |",
        "|---|---:|---:|",
        f"| requests | {load['requests']:,} | {floor['requests']:,} |",
        f"| requests/s | {load['rps']:.0f} | {floor['rps']:.0f} |",
        f"| p50 | {ms(load['p50_us'])} | {ms(floor['p50_us'])} |",
        f"| p90 | {ms(load['p90_us'])} | {ms(floor['p90_us'])} |",
        f"| p99 | {ms(load['p99_us'])} | {ms(floor['p99_us'])} |",
        f"| max | {ms(load['max_us'])} | {ms(floor['max_us'])} |",
        f"| 2xx / 3xx | {load['status_2xx']:,} / {load['status_3xx']:,} | {floor['status_2xx']:,} / {floor['status_3xx']:,} |",
        f"| errors (4xx, 5xx, socket errors, timeouts) | {load['errors']} | {floor['errors']} |",
        "",
        f"Targets: zero errors {verdict(errors_ok)}; p99 under 1 s {verdict(p99_ok)}"
        f" ({ms(load['p99_us'])}; {load['p99_us'] / max(floor['p99_us'], 1):.1f}× the floor's p99).",
        "",
        *(
            []
            if p99_ok
            else [
                f"With {args.workers} sync workers and {args.connections} connections, each request waits behind"
                f" up to {int(args.connections) // int(args.workers)} others, so the p99 is the slowest pages'"
                " time several times over: see the slowest URLs below. The floor's own p99 shows what the"
                " machine gives any page at this concurrency. Throughput is the limit: at"
                f" {load['rps']:.0f} requests/s, {args.connections} connections wait"
                f" {int(args.connections) / max(load['rps'], 1):.1f} s on average.",
                "",
            ]
        ),
        "## Memory per worker",
        "",
        "Resident memory of each gunicorn worker after the warm-up (start), half-way and at the end of the run.",
        "",
        "| worker | start | middle | end | start → end | middle → end |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for pid, row in sorted(rss.items()):
        change = (row.get("end", 0) - row.get("start", 0)) / row["start"] * 100 if row.get("start") else 0
        late = (row.get("end", 0) - row.get("middle", 0)) / row["middle"] * 100 if row.get("middle") else 0
        lines.append(
            f"| {pid} | {row.get('start', 0) / 1024:.1f} MiB | {row.get('middle', 0) / 1024:.1f} MiB |"
            f" {row.get('end', 0) / 1024:.1f} MiB | {change:+.1f} % | {late:+.1f} % |"
        )
    lines += [
        "",
        "The first half of the run still holds each worker's first requests of the biggest pages (the"
        " heap grows once to the largest response); a leak would keep growing after that. Flat (every"
        f" worker within 5 % from the middle to the end, none restarted): {verdict(flat_ok)}.",
        "",
    ]
    with open(args.single) as handle:
        single = [line.split() for line in handle if line.strip()]
    lines += [
        "## The slowest URLs, one request at a time",
        "",
        "After the run, with warm caches and nothing else from wrk: where the time goes.",
        "",
        "| time | status | URL |",
        "|---:|---:|---|",
        *[f"| {float(seconds) * 1000:.0f} ms | {status} | `{path}` |" for seconds, status, path in single[:12]],
        "",
        f"All {len(single)} different URLs one after the other: {sum(float(row[0]) for row in single):.1f} s"
        f" (mean {sum(float(row[0]) for row in single) / max(len(single), 1) * 1000:.0f} ms).",
        "",
    ]
    text = "\n".join(lines)
    existing = ""
    if os.path.exists(args.out):
        with open(args.out) as handle:
            existing = handle.read()
    # The fault run (bench/fault.sh) keeps its section below this one.
    marker = "\n# Fault run"
    tail = existing[existing.index(marker) :] if marker in existing else ""
    with open(args.out, "w") as handle:
        handle.write(text + tail)
    print(text)


if __name__ == "__main__":
    main()
