"""Where a warm request's time goes: cProfile over repeated requests to one URL.

Not part of the bench run; a tool for finding what to make faster. Needs the bench database
(and REDIS_URL for a shared cache like the bench's; without it the cache is local memory, which
hides the cost of the round trips to Redis).

    DATABASE_URL=postgres://…/nwa_bench DEBUG=false SECRET_KEY=x ALLOWED_HOSTS=127.0.0.1 \
        .venv/bin/python bench/profile_view.py /firmen/?q=Kabelkonfektion -n 50 --top 40

Per URL it prints: the mean and median wall time of a warm request (after --warm requests
that fill the cache), the SQL queries and cache calls of one warm request, then the functions
with the most cumulative time over the profiled requests. `--partial` sends the header that
asks for the part of a directory page below the search box.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzwerk.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


class CountingCache:
    """Counts the calls to the default cache's methods (round trips, with Redis)."""

    METHODS = ("get", "get_many", "set", "set_many", "add", "incr", "delete")

    def __init__(self):
        self.calls = {}
        self.originals = {}

    def __enter__(self):
        for name in self.METHODS:
            original = getattr(cache, name)
            self.originals[name] = original

            def counted(*args, _name=name, _original=original, **kwargs):
                self.calls[_name] = self.calls.get(_name, 0) + 1
                return _original(*args, **kwargs)

            setattr(cache, name, counted)
        return self

    def __exit__(self, *exc):
        for name in self.METHODS:
            delattr(cache, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("-n", type=int, default=30, help="profiled requests per URL")
    parser.add_argument("--warm", type=int, default=3)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--partial", action="store_true")
    parser.add_argument("--no-profile", action="store_true", help="only the timings")
    args = parser.parse_args()
    headers = {"HTTP_X_REQUESTED_WITH": "fetch"} if args.partial else {}
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
    client.get("/bench-floor-404/")
    for path in args.paths:
        for _ in range(args.warm):
            response = client.get(path, **headers)
        print(f"== {path}: HTTP {response.status_code}, {len(response.content)} bytes")
        with CaptureQueriesContext(connection) as captured, CountingCache() as counted:
            client.get(path, **headers)
        print(f"   warm request: {len(captured.captured_queries)} queries, cache calls {counted.calls}")
        for query in captured.captured_queries:
            print(f"     {float(query['time']) * 1000:6.1f} ms  {' '.join(query['sql'].split())[:140]}")
        times, cpu = [], []
        for _ in range(args.n):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path, **headers)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        # CPU time of this process alone (not the database's or the cache's): the figure that
        # depends least on what else the machine is doing.
        print(
            f"   wall: mean {statistics.mean(times):.2f} ms, median {statistics.median(times):.2f} ms,"
            f" min {min(times):.2f} ms over {args.n}; CPU of this process: median"
            f" {statistics.median(cpu):.2f} ms, min {min(cpu):.2f} ms"
        )
        if args.no_profile:
            continue
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.n):
            client.get(path, **headers)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
