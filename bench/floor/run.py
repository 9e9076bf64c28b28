"""The floor of a request: the site's 404 page against a bare Django view in the same process.

Measures CPU time per request through Django's WSGI handler (no network, no server), for the
404 page, a bare view behind the site's whole middleware stack, and a bare view with no
middleware at all; and, if asked, the same URLs under gunicorn with wrk (bench/floor/wrk.sh).

    DEBUG=false SECRET_KEY=x ALLOWED_HOSTS=127.0.0.1,localhost DATABASE_URL=… \
        .venv/bin/python bench/floor/run.py -n 2000
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.floor.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402


def environ(path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }


def measure(handler, path: str, n: int) -> tuple[float, int]:
    status = []

    def start_response(s, headers):
        status.append(s)

    for _ in range(50):  # warm up
        b"".join(handler(environ(path), start_response))
    begin = time.process_time()
    for _ in range(n):
        b"".join(handler(environ(path), start_response))
    return (time.process_time() - begin) / n * 1000, int(status[-1].split()[0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=2000)
    args = parser.parse_args()
    site = WSGIHandler()
    middleware = settings.MIDDLEWARE
    settings.MIDDLEWARE = []
    bare = WSGIHandler()
    settings.MIDDLEWARE = middleware
    rows = [
        ("404 page (/gibt-es-nicht/)", site, "/gibt-es-nicht/"),
        ("404 page, English (/en/gibt-es-nicht/)", site, "/en/gibt-es-nicht/"),
        ("bare view, site middleware", site, "/__bare__/"),
        ("bare view, no middleware", bare, "/__bare__/"),
    ]
    results = {}
    for label, handler, path in rows:
        ms, status = measure(handler, path, args.n)
        results[label] = ms
        print(f"{label:42} {status}  {ms:6.3f} ms CPU/request  ({1000 / ms:7.0f} req/s on one core)")
    floor = results["404 page (/gibt-es-nicht/)"] / results["bare view, no middleware"]
    print(f"404 page / bare view: {floor:.2f}x")


if __name__ == "__main__":
    main()
