"""The cold run's measurements, against servers bench/cold.sh has started; writes raw JSON that
bench/cold_report.py turns into bench/RESULTS-cold.md.

Phases, in this order, all in one run so they share the machine's conditions:

1. floors (wrk, `--floor-seconds` each, 8 connections): the site's 404 page, a bare Django view
   (bench/bare_django.py, same gunicorn settings), Datasette's 404 page;
2. site, 1 client: the cache flushed (FLUSHDB of the bench's own Redis), every query once;
3. peer, 1 client: every query once, translated (bench/peer.py), each answer checked for all
   six facets;
4. site, 8 clients: the cache flushed again, every query once, 8 in flight;
5. peer, 8 clients: the same;
6. warm (site, 8 clients): one unmeasured pass to fill the cache, then every query once more:
   the warm figures, labelled as such;
7. write storm (site, 8 clients): round and round the warm set for `--storm-before` seconds,
   then one write in a separate process (bench/cold_write.py), then `--storm-after` seconds
   more; the write is reverted after the window. Queries that failed in the warm-up or warm
   pass (never cached: a worker killed at gunicorn's timeout) are left out of the storm.

The queries go in one fixed shuffled order (seed 1), the same for the site and the peer, so
typos and filter combinations mix as in real traffic rather than arriving in blocks.
"""

import argparse
import datetime
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

import cold_client  # noqa: E402

FACET_RE = re.compile(r'<div class="facet-info[^"]*" id="[^"]*" data-column="([^"]+)"')


def say(message: str) -> None:
    print(f"cold: {datetime.datetime.now():%H:%M:%S} {message}", file=sys.stderr, flush=True)


def load_queries(path: Path, limit: int | None) -> list[dict]:
    queries = []
    for line in path.read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        number, category, url = line.split("\t")
        queries.append({"n": int(number), "category": category, "path": url})
    if limit:
        # A stratified sample: every k-th query, so each category keeps its share.
        step = max(1, len(queries) // limit)
        queries = queries[::step][:limit]
    random.Random(1).shuffle(queries)
    return queries


def wrk(url: str, seconds: int, connections: int = 8, threads: int = 2) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(BENCH_DIR / "report.lua"),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    figures = json.loads(line[5:])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def flush(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def strip(records: list[dict]) -> list[dict]:
    for record in records:
        record.pop("body", None)
        record["ms"] = round(record["ms"], 2)
        record["start"] = round(record["start"], 4)
        record["end"] = round(record["end"], 4)
    return records


def check_facets(records: list[dict], expected: list[str]) -> dict:
    """Every Datasette answer must carry every facet: count those that do not, and why."""
    missing = {column: 0 for column in expected}
    answers_missing = timed_out = not_ok = 0
    for record in records:
        body = record.get("body", "")
        if record["status"] != 200:
            not_ok += 1
            continue
        present = set(FACET_RE.findall(body))
        gaps = [column for column in expected if column not in present]
        for column in gaps:
            missing[column] += 1
        answers_missing += bool(gaps)
        timed_out += 'class="facets-timed-out"' in body
        record["facets_missing"] = gaps
    return {
        "answers": len(records),
        "answers_missing_a_facet": answers_missing,
        "missing_by_facet": missing,
        "answers_with_timed_out_facets": timed_out,
        "answers_not_200": not_ok,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", required=True)
    parser.add_argument("--bare", required=True)
    parser.add_argument("--peer", required=True)
    parser.add_argument("--peer-db", required=True)
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--queries", type=Path, default=BENCH_DIR / "cold_queries.tsv")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=0, help="a stratified sample of this many queries (quick runs)")
    parser.add_argument(
        "--limit-one",
        type=int,
        default=0,
        help="a stratified sample of this many queries for the 1-client runs only (0: all)",
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--floor-seconds", type=int, default=10)
    parser.add_argument("--storm-before", type=int, default=10)
    parser.add_argument("--storm-after", type=int, default=30)
    parser.add_argument("--phases", default="floor,site1,peer1,site8,peer8,warm,storm")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    phases = set(args.phases.split(","))

    from peer import FACET_COLUMNS, Translator

    translate = Translator(args.peer_db)
    queries = load_queries(args.queries, args.limit or None)
    site_items = [(q["n"], q["path"]) for q in queries]
    peer_items = [(q["n"], translate(q["path"])) for q in queries]
    if args.limit_one:
        chosen = {q["n"] for q in load_queries(args.queries, args.limit_one)}
        site_one = [item for item in site_items if item[0] in chosen]
        peer_one = [item for item in peer_items if item[0] in chosen]
    else:
        site_one, peer_one = site_items, peer_items
    result = {
        "label": args.label,
        "started": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "load_before": os.getloadavg(),
        "queries": {
            q["n"]: {"category": q["category"], "path": q["path"], "peer": p} for q, (_, p) in zip(queries, peer_items)
        },
        "query_file_header": [line for line in args.queries.read_text().splitlines() if line.startswith("#")],
        "clients": args.clients,
        "one_client_queries": len(site_one),
        "phases": {},
    }

    def save():
        args.out.write_text(json.dumps(result, indent=1))

    def timed(name: str, run):
        say(f"{name}: starting")
        started = time.time()
        records = run()
        phase = {"wall_s": time.time() - started, "load_after": os.getloadavg(), "records": records}
        result["phases"][name] = phase
        failed = sum(1 for r in records if r["status"] == 0 or r["status"] >= 500)
        say(f"{name}: {len(records)} requests in {phase['wall_s']:.0f} s, {failed} failed")
        return phase

    if "floor" in phases:
        floors = {}
        for name, url in (
            ("site 404 page", f"{args.site}/bench-floor-404/"),
            ("bare Django view", f"{args.bare}/bare/"),
            ("Datasette 404 page", f"{args.peer}/bench-floor-404"),
        ):
            say(f"floor: {name} for {args.floor_seconds} s (after 2 s unmeasured, so every worker has started)")
            wrk(url, 2)
            floors[name] = wrk(url, args.floor_seconds)
        result["phases"]["floor"] = floors
        save()

    if "site1" in phases:
        flush(args.redis_url)
        timed("site cold, 1 client", lambda: strip(cold_client.walk(args.site, site_one, 1)))
        save()
    if "peer1" in phases:
        phase = timed("peer, 1 client", lambda: cold_client.walk(args.peer, peer_one, 1, keep_body=True))
        phase["facets"] = check_facets(phase["records"], FACET_COLUMNS)
        strip(phase["records"])
        save()
    if "site8" in phases:
        flush(args.redis_url)
        timed(
            f"site cold, {args.clients} clients", lambda: strip(cold_client.walk(args.site, site_items, args.clients))
        )
        save()
    if "peer8" in phases:
        phase = timed(
            f"peer, {args.clients} clients",
            lambda: cold_client.walk(args.peer, peer_items, args.clients, keep_body=True),
        )
        phase["facets"] = check_facets(phase["records"], FACET_COLUMNS)
        strip(phase["records"])
        save()
    never_cached: set[int] = set()
    if "warm" in phases or "storm" in phases:
        say("warm-up: every query once (not measured)")
        warmup = cold_client.walk(args.site, site_items, args.clients)
        never_cached |= {r["n"] for r in warmup if r["status"] == 0 or r["status"] >= 500}
    if "warm" in phases:
        phase = timed(
            f"site warm, {args.clients} clients", lambda: strip(cold_client.walk(args.site, site_items, args.clients))
        )
        never_cached |= {r["n"] for r in phase["records"] if r["status"] == 0 or r["status"] >= 500}
        save()
    if "storm" in phases:
        # The storm starts from a warm cache: queries the site never answered (a worker killed at
        # gunicorn's timeout in the warm-up or warm pass) are never cached, and going round them
        # would hold every worker for a minute before the write; the cold runs measure them.
        storm_items = [item for item in site_items if item[0] not in never_cached]
        say(f"write storm: {len(storm_items)} queries ({len(never_cached)} never cached, left out)")
        writer = subprocess.Popen(
            [sys.executable, str(BENCH_DIR / "cold_write.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=BENCH_DIR.parent,
        )
        ready = writer.stdout.readline().strip()
        say(f"write storm: writer {ready}")
        holder: dict = {}
        deadline = [time.time() + args.storm_before + args.storm_after + 60]
        runner = threading.Thread(
            target=lambda: holder.update(records=cold_client.loop(args.site, storm_items, args.clients, deadline))
        )
        started = time.time()
        runner.start()
        time.sleep(args.storm_before)
        writer.stdin.write("write\n")
        writer.stdin.flush()
        written = float(writer.stdout.readline().split()[1])
        deadline[0] = written + args.storm_after + 1
        say(f"write storm: one firm renamed {written - started:.1f} s into the traffic")
        runner.join()
        writer.stdin.write("revert\n")
        writer.stdin.flush()
        writer.stdout.readline()
        writer.wait(timeout=60)
        result["phases"]["write storm"] = {
            "write_at": written,
            "traffic_started": started,
            "before_s": args.storm_before,
            "after_s": args.storm_after,
            "writer": ready,
            "records": strip(holder["records"]),
            "left_out": sorted(never_cached),
            "queries": len(storm_items),
            "load_after": os.getloadavg(),
        }
        save()
    result["finished"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    save()
    say(f"raw results in {args.out}")


if __name__ == "__main__":
    main()
