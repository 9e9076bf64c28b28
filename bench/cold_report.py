"""Turn bench/cold_run.py's raw JSON into bench/RESULTS-cold.md, with issue 13's targets
beside each figure (met/missed). With `--before` (the raw JSON of an earlier run, by default
bench/results-cold-before.json when it exists and is not the run itself) the key figures of
that run are shown beside this one's.

    .venv/bin/python bench/cold_report.py bench/results-cold.json --out bench/RESULTS-cold.md
"""

import argparse
import json
import math
import os
import platform
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
TEXT_HARD = ("typo", "nohit")

# Issue 13, "Targets" (100k firms, 2 cores, cache empty, distinct queries).
T1_P50, T1_P95, T1_HARD_P95 = 100, 300, 150
T8_RATIO, T8_P99, T8_OVER = 2.0, 1500, 2000
STORM_P99 = 1500
FLOOR_RATIO = 2.0


def pct(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(records: list[dict], wall: float | None = None) -> dict:
    ms = [r["ms"] for r in records]
    if not records:
        return {"n": 0}
    span = wall or (max(r["end"] for r in records) - min(r["start"] for r in records))
    return {
        "n": len(records),
        "rps": len(records) / span if span else None,
        "p50": pct(ms, 50),
        "p95": pct(ms, 95),
        "p99": pct(ms, 99),
        "max": max(ms),
        "failed": sum(1 for r in records if r["status"] == 0 or r["status"] >= 500),
        "dropped": sum(1 for r in records if r["status"] == 0),
        "s4xx": sum(1 for r in records if 400 <= r["status"] < 500),
        "over2s": sum(1 for r in records if r["ms"] > 2000),
        "wall": span,
    }


def f(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and digits == 0 and abs(value) < 10:
        return f"{value:.1f}"
    return f"{value:,.{digits}f}".replace(",", " ")


def ok(condition: bool) -> str:
    return "met" if condition else "**missed**"


def phase(raw: dict, prefix: str) -> dict | None:
    return next((p for name, p in raw["phases"].items() if name.startswith(prefix)), None)


def by_category(raw: dict, records: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for record in records:
        category = raw["queries"][str(record["n"])]["category"]
        groups.setdefault(category, []).append(record)
    return groups


def figures(raw: dict) -> dict:
    """The headline figures of one run, for the table and the before/after comparison."""
    out = {}
    for key, prefix in (
        ("site1", "site cold, 1 client"),
        ("peer1", "peer, 1 client"),
        ("site8", "site cold, 8"),
        ("peer8", "peer, 8"),
        ("warm", "site warm"),
    ):
        p = phase(raw, prefix)
        if p:
            out[key] = summary(p["records"], p.get("wall_s"))
            if key == "site1":
                hard = [r for r in p["records"] if raw["queries"][str(r["n"])]["category"] in TEXT_HARD]
                out["site1_hard"] = summary(hard)
    storm = raw["phases"].get("write storm")
    if storm:
        t = storm["write_at"]
        after = [r for r in storm["records"] if t <= r["start"] < t + storm["after_s"]]
        before = [r for r in storm["records"] if t - storm["before_s"] <= r["start"] < t]
        out["storm_after"] = summary(after, storm["after_s"])
        out["storm_before"] = summary(before, storm["before_s"])
        # Throughput by answers completed inside each window: a request that started before the
        # write and hung on past it counts where it ended.
        done_after = sum(1 for r in storm["records"] if t <= r["end"] < t + storm["after_s"])
        done_before = sum(1 for r in storm["records"] if t - storm["before_s"] <= r["end"] < t)
        out["storm_after"]["done_rps"] = done_after / storm["after_s"]
        out["storm_before"]["done_rps"] = done_before / storm["before_s"]
    return out


def render(raw: dict, before: dict | None, args) -> str:
    fig = figures(raw)
    header = raw.get("query_file_header", [])
    mix = next((line[2:] for line in header if "distinct queries" in line), "")
    typo_line = next((line[2:] for line in header if "typo path" in line), "")
    lines = [
        "# Cold-path benchmark (issue 13)",
        "",
        'Written by `bash bench/cold.sh` (see `bench/README.md`, "The cold run"); do not edit by hand.',
        "",
    ]
    if args.title:
        lines += [f"**{args.title}**", ""]
    load = raw.get("load_before") or [0, 0, 0]
    lines += [
        f"- Run: {raw['started']} → {raw.get('finished', '(unfinished)')}; code: {raw.get('label') or '?'}",
        f"- Machine: {os.cpu_count()} cores, Python {platform.python_version()}; load average before the run "
        f"{load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}. **The load client, gunicorn, PostgreSQL, Redis and "
        "Datasette share the same cores.**",
        f"- Site: gunicorn, {args.workers} sync workers (timeout 60 s), DEBUG=false, Redis shared by the "
        f"workers, PostgreSQL; {f(args.firms)} firms (`generate_network --firms 100000 --seed 1`).",
        "- Peer: Datasette (one process, default 3 SQL threads) over the same firms exported to SQLite by "
        "`bench/peer_export.py`: FTS5 over the same search terms, the same six facets "
        "(state, district, networks, competences, sectors, size; arrays for the many-valued ones), 25 rows "
        "a page, facet and SQL time limits raised to 60 s, facet suggestions off, HTML pages like the site's. "
        "Datasette pages by keyset, so the 8 deep-page queries ask it for the first page; it sorts a search by "
        "name (no ranking) and has no typo tolerance (a typo finds nothing, fast).",
        "- Load average (1 min) after each phase: "
        + ", ".join(
            f"{name} {p['load_after'][0]:.1f}"
            for name, p in raw["phases"].items()
            if isinstance(p, dict) and p.get("load_after")
        )
        + ".",
        f"- Queries: `bench/cold_queries.tsv`, {mix}. {typo_line}.",
        "- Cold: the site's cache flushed (FLUSHDB of the bench's own Redis) before each cold run, each URL sent "
        'once, in one fixed shuffled order shared by the site and the peer. "Clients" are threads with a '
        "keep-alive connection each (`bench/cold_client.py`), each request timed to its last byte. "
        'Percentiles are nearest-rank over every request of the run; "failed" are 5xx answers and '
        "connections dropped (a worker killed at gunicorn's timeout); req/s is requests ÷ the run's wall time.",
        "",
        "## Cold: distinct queries, cache empty",
        "",
        "| Run | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | failed (5xx/dropped) | over 2 s | 4xx | Target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]

    def row(name: str, s: dict | None, target: str) -> None:
        if not s or not s.get("n"):
            lines.append(f"| {name} | not run | | | | | | | | | {target} |")
            return
        lines.append(
            f"| {name} | {s['n']} | {f(s['rps'], 1)} | {f(s['p50'])} | {f(s['p95'])} | {f(s['p99'])} | {f(s['max'])} | "
            f"{s['failed']} ({s['dropped']} dropped) | {s['over2s']} | {s['s4xx']} | {target} |"
        )

    s1, h1, p1, s8, p8 = (fig.get(k) for k in ("site1", "site1_hard", "peer1", "site8", "peer8"))
    t1 = (
        (f"p50 ≤ {T1_P50}, p95 ≤ {T1_P95} ms: " + ok(s1["p50"] <= T1_P50 and s1["p95"] <= T1_P95))
        if s1 and s1.get("n")
        else ""
    )
    th = (f"p95 ≤ {T1_HARD_P95} ms: " + ok(h1["p95"] <= T1_HARD_P95)) if h1 and h1.get("n") else ""
    one = raw.get("one_client_queries") or len(raw["queries"])
    if one < len(raw["queries"]):
        lines.insert(
            len(lines) - 3,
            f"The 1-client runs sent a stratified sample of {one} of the {len(raw['queries'])} "
            "queries (every k-th of the file, `LIMIT_ONE`), to keep the run's length; the 8-client runs sent all.\n",
        )
    row("site, 1 client", s1, t1)
    row("site, 1 client: typos and words with no hit only", h1, th)
    row("peer (Datasette), 1 client", p1, "")
    t8 = ""
    if s8 and s8.get("n") and p8 and p8.get("n"):
        ratio = s8["rps"] / p8["rps"]
        t8 = (
            f"req/s ≥ {T8_RATIO:.0f}× peer ({ratio:.2f}×): {ok(ratio >= T8_RATIO)}; p99 ≤ {T8_P99} ms: "
            f"{ok(s8['p99'] <= T8_P99)}; none over 2 s: {ok(s8['over2s'] == 0)}; zero 5xx: {ok(s8['failed'] == 0)}"
        )
    elif s8 and s8.get("n"):
        t8 = f"p99 ≤ {T8_P99} ms: {ok(s8['p99'] <= T8_P99)}; none over 2 s: {ok(s8['over2s'] == 0)}; zero 5xx: {ok(s8['failed'] == 0)}"
    row(f"site, {raw['clients']} clients", s8, t8)
    row(f"peer (Datasette), {raw['clients']} clients", p8, "")

    # The peer's facet check.
    checks = [(name, p["facets"]) for name, p in raw["phases"].items() if isinstance(p, dict) and "facets" in p]
    if checks:
        lines += [
            "",
            "Every Datasette answer is checked for all six facets (it drops a facet slower than its "
            "facet time limit without an error):",
            "",
        ]
        for name, c in checks:
            by = ", ".join(f"{k} {v}" for k, v in c["missing_by_facet"].items() if v) or "none"
            lines.append(
                f"- {name}: {c['answers']} answers, **{c['answers_missing_a_facet']} missing a facet** (by facet: {by}), "
                f"{c['answers_with_timed_out_facets']} saying a facet timed out, {c['answers_not_200']} not 200."
            )

    # Per category.
    lines += [
        "",
        "### By category (p50 / p95 ms)",
        "",
        "| Category | queries | site, 1 client | peer, 1 client | site, 8 clients | peer, 8 clients |",
        "|---|---:|---|---|---|---|",
    ]
    runs = [phase(raw, prefix) for prefix in ("site cold, 1 client", "peer, 1 client", "site cold, 8", "peer, 8")]
    categories = list(dict.fromkeys(q["category"] for q in raw["queries"].values()))
    for category in categories:
        cells = []
        count = sum(1 for q in raw["queries"].values() if q["category"] == category)
        for p in runs:
            if not p:
                cells.append("–")
                continue
            group = by_category(raw, p["records"]).get(category, [])
            s = summary(group) if group else None
            bad = f", {s['failed']} failed" if s and s["failed"] else ""
            cells.append(f"{f(s['p50'])} / {f(s['p95'])}{bad}" if s else "–")
        lines.append(f"| {category} | {count} | " + " | ".join(cells) + " |")

    # Slowest site queries.
    p = phase(raw, "site cold, 1 client") or phase(raw, "site cold, 8")
    if p:
        slow = sorted(p["records"], key=lambda r: -r["ms"])[:12]
        lines += ["", f"Slowest site queries ({next(n for n, v in raw['phases'].items() if v is p)}):", ""]
        for r in slow:
            q = raw["queries"][str(r["n"])]
            lines.append(f"- {f(r['ms'])} ms, HTTP {r['status'] or 'dropped'}, {q['category']}: `{q['path']}`")

    # Write storm.
    storm = raw["phases"].get("write storm")
    lines += ["", "## Write storm: warm, then one write, then 30 s", ""]
    if storm:
        t = storm["write_at"]
        sa, sb = fig["storm_after"], fig["storm_before"]
        lines += [
            f"{raw['clients']} clients go round the query set (every page warm in the cache); "
            f"{t - storm['traffic_started']:.1f} s in, a separate process renames one firm through the ORM "
            f"({storm['writer']}); the window is the {storm['after_s']} s after its commit. Latencies are of the "
            "requests started in the window, req/s counts the answers completed in it."
            + (
                f" The storm goes round {storm['queries']} queries: {len(storm['left_out'])} were left out because the "
                "site never answered them in the warm-up or warm pass (a worker killed at gunicorn's timeout), so they "
                "are never in the cache; the cold runs measure them."
                if storm.get("left_out")
                else ""
            )
            + (f" {storm['note']}" if storm.get("note") else ""),
            "",
            "| Window | requests started | answers completed per s | p50 ms | p95 ms | p99 ms | max ms | failed | over 2 s | Target |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
            f"| {storm['before_s']} s before the write | {sb['n']} | {f(sb['done_rps'], 1)} | {f(sb['p50'])} | {f(sb['p95'])} | "
            f"{f(sb['p99'])} | {f(sb['max'])} | {sb['failed']} | {sb['over2s']} | |"
            if sb.get("n")
            else f"| {storm['before_s']} s before the write | 0 | {f(sb['done_rps'], 1)} | | | | | | | |",
            f"| {storm['after_s']} s after the write | {sa['n']} | {f(sa['done_rps'], 1)} | {f(sa['p50'])} | {f(sa['p95'])} | "
            f"{f(sa['p99'])} | {f(sa['max'])} | {sa['failed']} | {sa['over2s']} | p99 ≤ {STORM_P99} ms: "
            f"{ok(sa['p99'] <= STORM_P99)} |"
            if sa.get("n")
            else f"| {storm['after_s']} s after the write | 0 | {f(sa['done_rps'], 1)} | | | | | | | **missed** |",
            "",
            "Per 5 seconds, relative to the write (latencies by the request's start, answers by their end):",
            "",
            "| Seconds | requests started | answers completed per s | p50 ms | p99 ms | max ms | failed |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        start = -storm["before_s"]
        while start < storm["after_s"]:
            bucket = [r for r in storm["records"] if t + start <= r["start"] < t + start + 5]
            done = sum(1 for r in storm["records"] if t + start <= r["end"] < t + start + 5) / 5
            s = summary(bucket, 5)
            if s.get("n"):
                lines.append(
                    f"| {start:+d} to {start + 5:+d} | {s['n']} | {f(done, 1)} | {f(s['p50'])} | "
                    f"{f(s['p99'])} | {f(s['max'])} | {s['failed']} |"
                )
            else:
                lines.append(f"| {start:+d} to {start + 5:+d} | 0 | {f(done, 1)} | | | | |")
            start += 5
    else:
        lines.append("Not run.")

    # Floor.
    floors = raw["phases"].get("floor")
    lines += ["", "## The floor (wrk, 8 connections, same run)", ""]
    if floors:
        lines += [
            "| Page | requests | req/s | p50 ms | p95 ms | p99 ms | non-2xx | Target |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        bare = floors.get("bare Django view")
        for name, w in floors.items():
            target = ""
            if name == "site 404 page" and bare:
                ratio = bare["rps"] / w["rps"] if w["rps"] else float("inf")
                target = (
                    f"within {FLOOR_RATIO:.0f}× the bare view: {ratio:.2f}× its req/s, "
                    f"{w['p50_us'] / max(bare['p50_us'], 1):.2f}× its p50: {ok(ratio <= FLOOR_RATIO)}"
                )
            lines.append(
                f"| {name} | {w['requests']} | {f(w['rps'])} | {f(w['p50_us'] / 1000, 1)} | {f(w['p95_us'] / 1000, 1)} | "
                f"{f(w['p99_us'] / 1000, 1)} | {w['non_2xx_3xx']} | {target} |"
            )
        lines.append("")
        lines.append("(The 404 pages answer 404 by design, so their non-2xx count is every request.)")
    else:
        lines.append("Not run.")

    # Warm.
    w = fig.get("warm")
    lines += ["", "## Warm (for comparison only: the same queries again, every page in the cache)", ""]
    if w and w.get("n"):
        lines += [
            "| Run | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | failed |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            f"| **warm**, site, {raw['clients']} clients | {w['n']} | {f(w['rps'], 1)} | {f(w['p50'])} | {f(w['p95'])} | "
            f"{f(w['p99'])} | {f(w['max'])} | {w['failed']} |",
        ]
        p = phase(raw, "site warm")
        failing = {r["n"] for r in p["records"] if r["status"] == 0 or r["status"] >= 500}
        if failing:
            cached = summary([r for r in p["records"] if r["n"] not in failing])
            lines += [
                f"| **warm**, without the {len(failing)} queries never answered | {cached['n']} | – | {f(cached['p50'])} | "
                f"{f(cached['p95'])} | {f(cached['p99'])} | {f(cached['max'])} | {cached['failed']} |",
                "",
                f"{len(failing)} queries failed again in the warm pass (a worker killed at gunicorn's 60 s timeout): "
                "they never reach the cache, and each holds a worker for a minute, which is what the warm "
                "req/s above shows.",
            ]
    else:
        lines.append("Not run.")

    if before:
        b = figures(before)
        lines += [
            "",
            f"## Beside the earlier run ({before['started']}, {before.get('label') or '?'})",
            "",
            "| Figure | earlier | this run |",
            "|---|---:|---:|",
        ]
        for key, name in (
            ("site1", "site, 1 client"),
            ("site1_hard", "site, 1 client, typos and no hit"),
            ("site8", f"site, {raw['clients']} clients"),
            ("peer8", f"peer, {raw['clients']} clients"),
            ("storm_after", "30 s after a write"),
            ("warm", "warm, site"),
        ):
            x, y = b.get(key), fig.get(key)
            if not (x and y and x.get("n") and y.get("n")):
                continue
            for metric, label in (
                ("rps", "req/s"),
                ("p50", "p50 ms"),
                ("p95", "p95 ms"),
                ("p99", "p99 ms"),
                ("failed", "failed"),
                ("over2s", "over 2 s"),
            ):
                lines.append(f"| {name}: {label} | {f(x[metric], 1)} | {f(y[metric], 1)} |")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw", type=Path)
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "RESULTS-cold.md")
    parser.add_argument("--before", type=Path, default=BENCH_DIR / "results-cold-before.json")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--firms", type=int, default=100_000)
    parser.add_argument("--title", default=os.environ.get("TITLE", ""))
    args = parser.parse_args()
    raw = json.loads(args.raw.read_text())
    before = None
    if args.before and args.before.exists() and args.before.resolve() != args.raw.resolve():
        before = json.loads(args.before.read_text())
    markdown = render(raw, before, args)
    args.out.write_text(markdown)
    print(markdown)


if __name__ == "__main__":
    main()
