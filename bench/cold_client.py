"""A small load client for the cold run: N threads, one keep-alive connection each, every
request timed from sending it to the last byte of its body (time.perf_counter).

`walk()` sends each path of a list once, the threads taking the next one as they come free
(so 8 clients keep 8 requests in flight, as wrk does); `loop()` cycles through the list
until a deadline (the write storm). Each request is one record: the path's number, when it
started and ended (wall clock, for buckets), milliseconds, HTTP status (0 when the connection
failed or was dropped, as when gunicorn kills a worker at its timeout), bytes, and the body
when asked for (the peer's answers are checked for their facets).

The client's own CPU is small beside a page's (one request is a few hundred microseconds of
Python); it shares the machine with the servers, like wrk in the other bench runs.
"""

import http.client
import threading
import time
from urllib.parse import urlsplit

TIMEOUT = 180  # seconds; gunicorn's own timeout (60 s) comes first


def _one(connection, host: str, path: str, keep_body: bool) -> dict:
    started_wall, started = time.time(), time.perf_counter()
    try:
        connection.request("GET", path, headers={"Host": host, "User-Agent": "netzwerkatlas-cold-bench"})
        response = connection.getresponse()
        body = response.read()
        status = response.status
        if response.will_close:
            connection.close()
        error = ""
    except (OSError, http.client.HTTPException) as exc:
        connection.close()
        body, status, error = b"", 0, f"{type(exc).__name__}: {exc}"[:200]
    ended = time.perf_counter()
    record = {
        "start": started_wall,
        "end": started_wall + (ended - started),
        "ms": (ended - started) * 1000,
        "status": status,
        "bytes": len(body),
    }
    if error:
        record["error"] = error
    if keep_body:
        record["body"] = body.decode("utf-8", "replace")
    return record


def _run(base: str, items: list[tuple[int, str]], clients: int, *, until: list | None, keep_body: bool) -> list[dict]:
    parts = urlsplit(base)
    host = parts.netloc
    records: list[dict] = []
    lock = threading.Lock()
    position = [0]

    def worker():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
        while True:
            with lock:
                i = position[0]
                if until is None and i >= len(items):
                    break
                if until is not None and time.time() >= until[0]:
                    break
                position[0] += 1
            number, path = items[i % len(items)]
            record = _one(connection, host, path, keep_body)
            record["n"] = number
            with lock:
                records.append(record)
        connection.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    records.sort(key=lambda r: r["start"])
    return records


def walk(base: str, items: list[tuple[int, str]], clients: int, *, keep_body: bool = False) -> list[dict]:
    """Each (number, path) once, `clients` at a time."""
    return _run(base, items, clients, until=None, keep_body=keep_body)


def loop(base: str, items: list[tuple[int, str]], clients: int, deadline: list) -> list[dict]:
    """Round and round the list until the wall time in deadline[0], which the caller may move
    while it runs (requests in flight at the end still finish)."""
    return _run(base, items, clients, until=deadline, keep_body=False)
