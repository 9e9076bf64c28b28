"""Slow clients against a server, and the time a normal request takes meanwhile.

    python bench/slow_clients.py HOST PORT [--slow 200] [--hold 20] [--path /veranstaltungen/]

Opens `--slow` connections that send a request line and then one header line every few
seconds, never finishing their headers (a "slowloris"). While they are open, sends ordinary
requests every half second for `--hold` seconds and prints one line of JSON: how many slow
connections were open, and the latencies (ms) and statuses of the ordinary requests
(a timeout counts as status 0 and 10,000 ms).
"""

import argparse
import http.client
import json
import socket
import statistics
import threading
import time


def slow_connection(host: str, port: int, stop: threading.Event, opened: list) -> None:
    try:
        sock = socket.create_connection((host, port), timeout=5)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        opened.append(1)
        while not stop.wait(3):
            sock.sendall(b"X-Slow: 1\r\n")
    except OSError:
        pass  # the server hung up on it: exactly what a good front does after its timeout
    finally:
        try:
            sock.close()
        except (OSError, UnboundLocalError):
            pass


def timed_request(host: str, port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection(host, port, timeout=10)
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        status = response.status
        connection.close()
    except OSError:
        return 0, 10_000.0
    return status, (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("--slow", type=int, default=200)
    parser.add_argument("--hold", type=float, default=20)
    parser.add_argument("--path", default="/veranstaltungen/")
    args = parser.parse_args()

    stop = threading.Event()
    opened: list = []
    threads = [
        threading.Thread(target=slow_connection, args=(args.host, args.port, stop, opened), daemon=True)
        for _ in range(args.slow)
    ]
    for thread in threads:
        thread.start()
    time.sleep(2)  # let them connect and send their first bytes
    results = []
    deadline = time.monotonic() + args.hold
    while time.monotonic() < deadline:
        results.append(timed_request(args.host, args.port, args.path))
        time.sleep(0.5)
    stop.set()
    latencies = sorted(ms for _status, ms in results)
    print(
        json.dumps(
            {
                "slow_connections_opened": len(opened),
                "requests": len(results),
                "statuses": sorted({status for status, _ms in results}),
                "ok": sum(1 for status, _ms in results if status == 200),
                "p50_ms": round(statistics.median(latencies), 1),
                "max_ms": round(latencies[-1], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
