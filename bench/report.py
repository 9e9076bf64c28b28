"""Measure the running site with wrk, count its SQL per page, and write bench/RESULTS.md.

Run by bench/_inner.sh once gunicorn is up (see bench/README.md); it needs the same
environment as the server (DATABASE_URL, DEBUG=false, …) because it also opens the database:
to find the URLs worth measuring (a common competence, the big network) and to count the SQL
queries of each page once through Django's test client.

    python bench/report.py --base http://127.0.0.1:8765 --gunicorn-pid 1234
"""

import argparse
import datetime
import json
import logging
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzwerk.settings")

import django  # noqa: E402

django.setup()
# The floor URL is a 404 on purpose; Django would log every one of them.
logging.getLogger("django.request").setLevel(logging.ERROR)

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from bench import synthetic  # noqa: E402
from directory.models import Competence, Membership, Organisation, Person  # noqa: E402
from events.models import Event, Participation  # noqa: E402

# Targets from issues 3 and 4, in milliseconds (p50, p95) per group.
DIRECTORY = {"p50": 50, "p95": 150}
PAGES = {"p95": 100}
# Targets from issue 5 (the cooperation graph), p95 in milliseconds per URL name.
GRAPH = {"graph: ego network JSON": 100, "graph: path finder JSON": 300, "graph: default JSON": 300}
FLOOR_NAME = "floor: 404 page"
# Requests per URL before wrk, so wrk measures the warm cache every worker shares.
WARM_REQUESTS = 2
# Warm requests through the test client per URL, for the "warm" columns (their median).
WARM_SAMPLES = 5


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text()
    ram_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo)[1])
    cpu = ""
    if Path("/proc/cpuinfo").exists():
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match[1].strip() if match else ""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(ram_kb / 1024 / 1024, 1),
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "load": "{:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg()),
        "postgresql": pg,
    }


def dataset() -> dict:
    return {
        "firms": Organisation.objects.firms().count(),
        "organisations": Organisation.objects.count(),
        "networks": Organisation.objects.networks().count(),
        "memberships": Membership.objects.count(),
        "people": Person.objects.count(),
        "events": Event.objects.count(),
        "participations": Participation.objects.count(),
    }


def urls() -> list[dict]:
    """The fixed mix: (name, path, group). Slugs come from the generated data."""
    common = (
        Competence.objects.filter(parent__isnull=False)
        .annotate(firms=Count("organisations"))
        .order_by("-firms", "slug")
        .values_list("slug", flat=True)
        .first()
    ) or "kabelkonfektion"
    big = (
        Organisation.objects.networks()
        .filter(name=synthetic.BIG_NETWORK_NAME, slug__endswith=synthetic.SUFFIX)
        .values_list("slug", flat=True)
        .first()
    ) or "industrienetzwerk-mitteldeutschland-syn"
    return [
        {"name": FLOOR_NAME, "path": "/bench-floor-404/", "group": "floor"},
        {"name": "static file (WhiteNoise)", "path": "/static/css/site.css", "group": "floor"},
        {"name": "directory: text search", "path": "/firmen/?q=Kabelkonfektion", "group": "directory"},
        {"name": "directory: facets only", "path": f"/firmen/?region=sachsen&kompetenz={common}", "group": "directory"},
        {
            "name": "directory: combined",
            "path": f"/firmen/?q=Pr%C3%A4zision&region=sachsen&kompetenz={common}",
            "group": "directory",
        },
        {"name": "directory: deep page", "path": "/firmen/?seite=2000", "group": "directory"},
        {"name": "directory: CSV export", "path": "/firmen/?format=csv", "group": "export"},
        {"name": "network page (big network)", "path": f"/netzwerke/{big}/", "group": "pages"},
        {"name": "event list", "path": "/veranstaltungen/", "group": "pages"},
        {"name": "calendar feed", "path": "/veranstaltungen/kalender.ics", "group": "pages"},
        # No target of its own; measured because its cold count is the costliest single query.
        {"name": "competence tree", "path": "/kompetenzen/", "group": "other"},
        *graph_urls(),
    ]


def graph_urls() -> list[dict]:
    """The cooperation graph: a typical firm's ego network, a path between two firms far apart
    in the id order (each in a network), and the default overview."""
    members = Organisation.objects.firms().filter(memberships__isnull=False).order_by("pk")
    first = members.values_list("slug", flat=True).first() or "missing"
    last = members.order_by("-pk").values_list("slug", flat=True).first() or "missing"
    return [
        {"name": "graph: ego network JSON", "path": f"/organisationen/{first}/kooperationen.json", "group": "graph"},
        {
            "name": "graph: path finder JSON",
            "path": f"/kooperationen/pfad/?von={first}&nach={last}&format=json",
            "group": "graph",
        },
        {"name": "graph: default JSON", "path": "/kooperationen/graph.json", "group": "graph"},
    ]


def probe(base: str, path: str) -> tuple[int, str]:
    """One request first: a page that is missing or failing is reported, not load-tested."""
    request = urllib.request.Request(base + path, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read(1 << 16)
            return response.status, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", "")
    except (urllib.error.URLError, TimeoutError) as error:
        return 0, str(error)


def wrk(base: str, path: str, *, duration: int, connections: int, threads: int) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "30s",
        "-s",
        str(BENCH_DIR / "report.lua"),
        base + path,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    figures = json.loads(line[5:])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    for key in ("p50", "p95", "p99"):
        figures[f"{key}_ms"] = figures[f"{key}_us"] / 1000
    return figures


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids


def rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return int(re.search(r"VmRSS:\s+(\d+)", status)[1]) / 1024


def download(base: str, path: str, master: int | None) -> dict:
    """A full download with curl, while sampling the gunicorn workers' resident memory."""
    pids = worker_pids(master) if master else []
    before = {pid: rss_mb(pid) for pid in pids}
    peak = dict(before)
    running = True

    def sample():
        while running:
            for pid in pids:
                peak[pid] = max(peak[pid], rss_mb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    result = subprocess.run(
        [
            "curl",
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code} %{size_download} %{time_total} %{time_starttransfer}",
            base + path,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    running = False
    sampler.join()
    grown = {pid: peak[pid] - before[pid] for pid in pids}
    busiest = max(grown, key=grown.get) if grown else None
    return {
        "status": int(result[0]),
        "bytes": int(result[1]),
        "seconds": float(result[2]),
        "first_byte_seconds": float(result[3]),
        "rows": None,
        "worker_rss_before_mb": before.get(busiest, 0.0),
        "worker_rss_peak_mb": peak.get(busiest, 0.0),
    }


def sql(path: str, *, warm: bool = True) -> dict:
    """Queries and time in SQL for one request, through the whole middleware stack.

    With a cache of its own, empty, so the figures are those of a cold cache (the first
    visitor after the data changed), whatever the load run left in the shared one; then, with
    `warm`, the same request again against that cache (what wrk measures), for its queries.
    """
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"bench-cold-{path}",
            }
        }
    ):
        cold = _one_request(path)
        if warm:
            # The median of a few, as the machine's other work makes single figures jumpy.
            again = [_one_request(path) for _ in range(WARM_SAMPLES)]
            cold["warm_queries"] = again[0]["queries"]
            cold["warm_ms"] = statistics.median(r["total_ms"] for r in again)
            cold["warm_cpu_ms"] = statistics.median(r["cpu_ms"] for r in again)
        return cold


_clients = []


def _client() -> Client:
    # One client for every request: a new one loads the middleware again, and WhiteNoise's
    # scan of the static files alone costs about 20 ms of CPU, which is no part of a page.
    if not _clients:
        _clients.append(Client(HTTP_HOST="127.0.0.1", raise_request_exception=False))
    return _clients[0]


def _one_request(path: str) -> dict:
    client = _client()
    started, started_cpu = time.monotonic(), time.process_time()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if response.streaming:
            # A streamed export runs its queries while it is read.
            for _ in response.streaming_content:
                pass
    return {
        "status": response.status_code,
        "queries": len(captured.captured_queries),
        "sql_ms": sum(float(q["time"]) for q in captured.captured_queries) * 1000,
        "total_ms": (time.monotonic() - started) * 1000,
        # This process's CPU alone (Python: view, template; not the database's or the cache's
        # work): what depends least on the other work of the machine.
        "cpu_ms": (time.process_time() - started_cpu) * 1000,
        "slowest": [
            {"ms": float(q["time"]) * 1000, "sql": " ".join(q["sql"].split())[:300]}
            for q in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:2]
        ],
    }


def verdict(entry: dict) -> str:
    group, figures = entry["group"], entry.get("wrk")
    if not figures:
        return ""
    if figures["requests"] == 0:
        return "**missed**: no response completed within the run"
    if group == "directory":
        ok = figures["p50_ms"] <= DIRECTORY["p50"] and figures["p95_ms"] <= DIRECTORY["p95"]
        return f"p50 ≤ {DIRECTORY['p50']}, p95 ≤ {DIRECTORY['p95']} ms: " + ("met" if ok else "**missed**")
    if group == "pages":
        ok = figures["p95_ms"] <= PAGES["p95"]
        return f"p95 ≤ {PAGES['p95']} ms: " + ("met" if ok else "**missed**")
    if group == "graph":
        target = GRAPH[entry["name"]]
        return f"p95 ≤ {target} ms: " + ("met" if figures["p95_ms"] <= target else "**missed**")
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="e.g. http://127.0.0.1:8765")
    parser.add_argument("--gunicorn-pid", type=int, help="the gunicorn master, to watch its workers' memory")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--duration", type=int, default=15, help="seconds of wrk per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--generate-log", type=Path, help="output of generate_network, for its timing line")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "RESULTS.md")
    args = parser.parse_args()

    # The first request of a process loads templates and URL modules; keep that out of the counts.
    _client().get("/bench-floor-404/")
    info = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"), **machine()}
    data = dataset()
    entries = urls()
    for entry in entries:
        status, content_type = probe(args.base, entry["path"])
        entry["status"] = status
        print(f"{entry['name']:<30} {entry['path']}: HTTP {status}", flush=True)
        expected_404 = entry["name"] == FLOOR_NAME
        if status != 200 and not (expected_404 and status == 404):
            entry["missing"] = "404/missing" if status == 404 else f"HTTP {status or content_type}"
            continue
        if entry["group"] == "export":
            entry["download"] = download(args.base, entry["path"], args.gunicorn_pid)
        else:
            for _ in range(WARM_REQUESTS):
                probe(args.base, entry["path"])
            entry["wrk"] = wrk(
                args.base, entry["path"], duration=args.duration, connections=args.connections, threads=args.threads
            )
            if entry["path"].endswith(".ics"):
                entry["download"] = download(args.base, entry["path"], args.gunicorn_pid)
        entry["sql"] = sql(entry["path"], warm=entry["group"] != "export")
        print(f"    {json.dumps({k: entry[k] for k in ('wrk', 'download', 'sql') if k in entry})}", flush=True)

    generation = ""
    if args.generate_log and args.generate_log.exists():
        lines = [line for line in args.generate_log.read_text().splitlines() if "generated in" in line]
        generation = lines[-1].strip() if lines else ""
    if not generation and args.out.exists():
        # SKIP_GENERATE=1 measured an existing dataset: keep how long it took to make, saying when.
        previous = args.out.read_text()
        line = re.search(r"^- Generation: (.+)$", previous, re.M)
        date = re.search(r"^- Date: (.+)$", previous, re.M)
        if line:
            generation = (
                line[1]
                if "(from the run of" in line[1]
                else (f"{line[1]} (from the run of {date[1] if date else 'an earlier run'}, which generated the data)")
            )
    markdown = render(info, data, entries, args, generation)
    args.out.write_text(markdown)
    print(markdown)


def cache_description() -> str:
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("RedisCache"):
        return "Redis (`REDIS_URL`), shared by all gunicorn workers"
    return f"`{backend.rsplit('.', 1)[-1]}`, one per gunicorn worker (not shared)"


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def render(info: dict, data: dict, entries: list[dict], args, generation: str) -> str:
    floor = next((e["wrk"] for e in entries if e["name"] == FLOOR_NAME and "wrk" in e), None)
    lines = [
        "# Benchmark results: warm cache",
        "",
        "Written by `bash bench/run.sh` (see `bench/README.md`); do not edit by hand.",
        "",
        "**Warm-cache figures**: wrk requests the same URL again and again, so after the first "
        "request every answer comes from the cache. The cold path (distinct queries, cache flushed, "
        "beside Datasette) is `bench/cold.sh`, in [RESULTS-cold.md](RESULTS-cold.md).",
        "",
        f"- Date: {info['date']}",
        f"- Machine: {info['nproc']} cores ({info['cpu']}), {info['ram_gb']} GB RAM; "
        f"PostgreSQL {info['postgresql']}, Python {info['python']}; load average before the run "
        f"{info['load']} (other work on the machine counts against the figures)",
        f"- Load: wrk, {args.connections} connections, {args.threads} threads, {args.duration} s per URL; "
        f"gunicorn with {args.workers or '?'} sync workers, DEBUG=false. "
        "**wrk, gunicorn and PostgreSQL share the same machine and its cores.**",
        f"- Cache: {cache_description()}. The wrk figures are warm-cache: each URL is requested "
        f"{WARM_REQUESTS + 1} times before its run (the first to check it answers), so the "
        'cached facet counts and page ids are there; "one request ms" is cold-cache (below).',
        "- Dataset: " + ", ".join(f"{v:,} {k}".replace(",", " ") for k, v in data.items()),
    ]
    if generation:
        lines.append(f"- Generation: {generation}")
    lines += [
        "- Floor: the site's 404 page (`/bench-floor-404/`: every middleware, URL resolving, a "
        "rendered template, no SQL) is the floor the ratios divide by; a static file served by "
        "WhiteNoise is shown beside it for the cost of gunicorn and the network alone.",
        "",
        "| Page | URL | p50 ms | p95 ms | p99 ms | req/s | p50 × floor | p95 × floor | req/s ÷ floor "
        "| requests | SQL queries | SQL ms | one request ms | warm: SQL queries | warm: one request ms "
        "| warm: CPU ms | Target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for entry in entries:
        url = f"`{entry['path']}`"
        if "missing" in entry:
            lines.append(f"| {entry['name']} | {url} | {entry['missing']} | | | | | | | | | | | | | | |")
            continue
        figures, queries = entry.get("wrk"), entry.get("sql", {})
        sql_cells = (
            f"{queries.get('queries', '–')} | {fmt(queries.get('sql_ms'))} | {fmt(queries.get('total_ms'))} | "
            f"{queries.get('warm_queries', '–')} | {fmt(queries.get('warm_ms'))} | {fmt(queries.get('warm_cpu_ms'))}"
        )
        if figures and figures["requests"] == 0:
            lines.append(
                f"| {entry['name']} | {url} | > {args.duration * 1000} | | | 0 | | | | 0 | {sql_cells} | "
                f"{verdict(entry)} |"
            )
        elif figures:
            ratios = (
                f"{figures['p50_ms'] / floor['p50_ms']:.1f} | {figures['p95_ms'] / floor['p95_ms']:.1f} | "
                f"{figures['rps'] / floor['rps']:.2f}"
                if floor
                else "– | – | –"
            )
            errors = figures["non_2xx_3xx"] + figures["timeouts"] + figures["read_errors"]
            note = verdict(entry)
            if errors and entry["name"] != FLOOR_NAME:
                note += f" ({errors} failed responses)"
            lines.append(
                f"| {entry['name']} | {url} | {fmt(figures['p50_ms'])} | {fmt(figures['p95_ms'])} | "
                f"{fmt(figures['p99_ms'])} | {fmt(figures['rps'], 0 if figures['rps'] >= 10 else 2)} | {ratios} | "
                f"{figures['requests']} | {sql_cells} | {note} |"
            )
        else:
            lines.append(f"| {entry['name']} | {url} | | | | | | | | | {sql_cells} | see below |")

    lines += ["", "Full downloads (one request each, curl; memory of the gunicorn worker that served it):", ""]
    lines += [
        "| Download | Status | Size MB | Seconds | First byte s | Worker RSS before → peak MB | Target |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    any_download = False
    for entry in entries:
        if "missing" in entry and entry["group"] == "export":
            lines.append(f"| {entry['name']} | {entry['missing']} | | | | | < 10 s |")
            any_download = True
        if "download" not in entry:
            continue
        any_download = True
        d = entry["download"]
        limit = 10 if entry["group"] == "export" else 1
        ok = d["status"] == 200 and d["seconds"] < limit
        lines.append(
            f"| {entry['name']} | {d['status']} | {d['bytes'] / 1e6:.1f} | {d['seconds']:.2f} | "
            f"{d['first_byte_seconds']:.2f} | {d['worker_rss_before_mb']:.0f} → {d['worker_rss_peak_mb']:.0f} | "
            f"< {limit} s: {'met' if ok else '**missed**'} |"
        )
    if not any_download:
        lines.append("| (none measured) | | | | | | |")
    lines += ["", "The slowest SQL statements per page (one request, first 300 characters):", ""]
    for entry in entries:
        for query in entry.get("sql", {}).get("slowest", []):
            if query["ms"] >= 20:
                lines.append(f"- {entry['name']}, {query['ms']:.0f} ms: `{query['sql'].replace('`', '')}`")
    lines += [
        "",
        'SQL queries, SQL time and "one request ms" (the whole request, SQL included, for a '
        "streamed response until its last byte) are from one request per URL through Django's "
        "test client against the same database (`CaptureQueriesContext`), with an empty cache of "
        "its own (cold: the first visitor after the data changed), not under load; the "
        'difference between the two is Python: view, template, serialisation. The "warm" '
        "columns are the same request again against that cache, as wrk's requests find it (the "
        f'median of {WARM_SAMPLES}); "warm: CPU ms" is the CPU time of the Python process alone, '
        "the figure that depends least on the machine's other work. "
        '"requests" is how '
        "many responses wrk completed in the run: with only a handful the percentiles are rough.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
