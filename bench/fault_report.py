"""Appends the fault run of bench/fault.sh to bench/RESULTS-load.md (replacing an earlier one)."""

import argparse
import datetime
import itertools
import os

from load_report import figures


def main():
    parser = argparse.ArgumentParser()
    for name in (
        "load",
        "probe",
        "page",
        "firms",
        "connections",
        "duration",
        "outage-at",
        "outage",
        "before",
        "after",
        "total-before",
        "total-after",
        "workers-before",
        "workers-after",
        "final",
        "started",
        "down-at",
        "up-at",
        "out",
    ):
        parser.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    load = figures(args.load)
    started, down_at, up_at = float(args.started), float(args.down_at), float(args.up_at)

    probes = []
    with open(args.probe) as handle:
        for line in handle:
            at, code = line.split()
            probes.append((float(at) - started, code))
    # Runs of the same status: "0.3–10.1 s: 200 × 35".
    runs = []
    for code, group in itertools.groupby(probes, key=lambda probe: probe[1]):
        group = list(group)
        runs.append(f"{group[0][0]:.1f}–{group[-1][0]:.1f} s: {code} × {len(group)}")
    after_up = [at for at, code in probes if at > up_at - started and code == "200"]
    recovered_in = after_up[0] - (up_at - started) if after_up else None
    statuses = {code for _at, code in probes}
    page = open(args.page, encoding="utf-8", errors="replace").read() if os.path.exists(args.page) else ""

    clean = (
        load["status_5xx_other"] == 0
        and load["status_4xx"] == 0
        and statuses <= {"200", "503"}
        and (load["connect_errors"] + load["read_errors"] + load["write_errors"] + load["timeouts"] == 0)
    )
    readable = "Vorübergehend nicht erreichbar" in page
    recovered = args.final == "200" and recovered_in is not None and args.workers_before == args.workers_after
    kept = args.before == args.after and args.total_before == args.total_after
    verdict = lambda ok: "**yes**" if ok else "**no**"  # noqa: E731

    lines = [
        "# Fault run",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, `bash bench/fault.sh`: a throwaway PostgreSQL"
        f" cluster (never the shared one) with {int(args.firms):,} synthetic firms, gunicorn as in the load run,"
        f" wrk at {args.connections} connections for {args.duration} s over the same mix. PostgreSQL stopped with"
        f" `pg_ctl -m immediate` (a crash) {down_at - started:.1f} s into the run and started again"
        f" {up_at - down_at:.1f} s later (WAL replay). A probe requested the event list every 0.25 s.",
        "",
        "| | |",
        "|---|---:|",
        f"| requests | {load['requests']:,} |",
        f"| 2xx | {load['status_2xx']:,} |",
        f"| 503 (the outage page) | {load['status_503']:,} |",
        f"| other 5xx | {load['status_5xx_other']} |",
        f"| 4xx | {load['status_4xx']} |",
        f"| socket errors, timeouts | {load['connect_errors'] + load['read_errors'] + load['write_errors'] + load['timeouts']} |",
        f"| p99 over the whole run | {load['p99_us'] / 1000:.0f} ms |",
        "",
        "The probe, by runs of the same status (seconds from the start of the run):",
        "",
        *[f"- {run}" for run in runs],
        "",
        f"- Requests during the outage failed cleanly (only 200 and 503, no other error): {verdict(clean)}",
        f'- The 503 answer is the readable page ("Vorübergehend nicht erreichbar", Retry-After): {verdict(readable)}',
        f"- The app recovered by itself, without a restart (same worker processes"
        f" `{args.workers_after.strip()}`), first 200 {recovered_in:.1f} s after PostgreSQL was back: {verdict(recovered)}"
        if recovered_in is not None
        else f"- The app recovered by itself: {verdict(False)}",
        f"- Nothing written before was lost ({args.after} of {args.before} rows written before the run still there,"
        f" {int(args.total_after):,} organisations, memberships and events as before): {verdict(kept)}",
        "",
    ]
    text = "\n".join(lines)
    existing = open(args.out).read() if os.path.exists(args.out) else ""
    marker = "\n# Fault run"
    head = existing[: existing.index(marker)] if marker in existing else existing
    with open(args.out, "w") as handle:
        handle.write(head.rstrip("\n") + "\n\n" + text if head.strip() else text)
    print(text)


if __name__ == "__main__":
    main()
