#!/usr/bin/env python3
"""Renders JMH JSON results of the benchmarks module as markdown tables.

Usage: python3 benchmarks/render.py RESULTS.json [HEAP.json] [COLD.json] > results.md

RESULTS.json is what `java -jar benchmarks.jar -rf json -rff RESULTS.json` writes (run.sh does); HEAP.json is
what `dev.flags.benchmarks.scale.HeapFootprint` writes, COLD.json what run.sh gathers from
`dev.flags.benchmarks.scale.ColdCompile`. Python 3 standard library only.

Times are JMH's scores: the mean of the measurement iterations with its 99.9% confidence half-width
("score ± error"), and the median of the iterations, which the ratios and the targets use (a shared machine's
hiccups move a mean more than a median). B/op is `gc.alloc.rate.norm` from `-prof gc`.
"""

import json
import statistics
import sys

SCENARIOS = ["staticOn", "rollout50", "ruleThenRollout", "ruleThenRollout2Threads", "missingFlag",
             "buildContextThenRollout"]

# Class simple name -> (label, uses its own sticky rollout). The order is the tables' column order; classes not
# listed here (a library added later) come after, labelled by their class name.
LIBRARIES = {
    "FlagsScenarios": ("flags", True),
    "UnleashScenarios": ("Unleash", True),
    "FlagdScenarios": ("OpenFeature+flagd", True),
    "LaunchDarklyScenarios": ("LaunchDarkly", True),
    "TogglzScenarios": ("Togglz", True),
    "Ff4jScenarios": ("FF4J", False),
    "FlagsProviderScenarios": ("flags via OpenFeature", True),
    "FlagStoreScenarios": ("flags via FlagStore", True),
}
OURS = "FlagsScenarios"
# This library by other paths: shown beside the rest, never counted as a peer.
OURS_TOO = {"FlagsProviderScenarios", "FlagStoreScenarios"}
ZERO_BYTES = 0.5      # gc.alloc.rate.norm below this is JMH's rounding noise: 0 B/op
FLAT_TOLERANCE = 1.15  # "flat": the median with 10,000 flags within 15% of the median with 10
MIB = 1024 * 1024      # HeapFootprint reports bytes; the tables show MiB
HARNESS = ["nextUser", "nextUserAndContainsKey"]


def split_name(benchmark):
    """'dev.flags.benchmarks.peers.UnleashScenarios.rollout50' -> ('UnleashScenarios', 'rollout50')."""
    parts = benchmark.split(".")
    return parts[-2], parts[-1]


def median(entry):
    percentiles = entry["primaryMetric"].get("scorePercentiles", {})
    return percentiles.get("50.0", entry["primaryMetric"]["score"])


def alloc(entry):
    metric = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return None if metric is None else metric["score"]


def fmt(value, digits=None):
    if value is None or isinstance(value, str):   # JMH writes "NaN" for an error it could not compute
        return "n/a"
    if digits is None:
        digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f}"


def fmt_score(entry):
    metric = entry["primaryMetric"]
    return f"{fmt(metric['score'])} ± {fmt(metric['scoreError'])}"


def fmt_bytes(value):
    if value is None:
        return "n/a"
    return "0" if value < ZERO_BYTES else fmt(value, 0)


def label(cls):
    return LIBRARIES.get(cls, (cls.removesuffix("Scenarios"), True))[0]


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def scenario_results(results):
    """{scenario: {class: entry}} for the Scenarios subclasses."""
    by_scenario = {}
    for entry in results:
        cls, method = split_name(entry["benchmark"])
        if method in SCENARIOS and cls.endswith("Scenarios"):
            by_scenario.setdefault(method, {})[cls] = entry
    return by_scenario


def ordered_classes(by_scenario):
    present = {cls for entries in by_scenario.values() for cls in entries}
    known = [cls for cls in LIBRARIES if cls in present]
    return known + sorted(present - set(known))


def fastest(entries, own_rollout_only=False):
    peers = [(median(e), cls) for cls, e in entries.items() if cls != OURS and cls not in OURS_TOO
             and (not own_rollout_only or LIBRARIES.get(cls, ("", True))[1])]
    return min(peers) if peers else None


def render_scenarios(results, out, verdicts):
    by_scenario = scenario_results(results)
    if not by_scenario:
        return
    classes = ordered_classes(by_scenario)
    scenarios = [s for s in SCENARIOS if s in by_scenario]
    header = ["scenario"] + [label(c) for c in classes]

    out.append("### Time per evaluation (ns/op, mean ± 99.9% error; lower is better)\n")
    out.append(table(header, [[s] + [fmt_score(by_scenario[s][c]) if c in by_scenario[s] else "" for c in classes]
                              for s in scenarios]))
    out.append("\n### Allocation per evaluation (B/op, `gc.alloc.rate.norm`)\n")
    out.append(table(header, [[s] + [fmt_bytes(alloc(by_scenario[s][c])) if c in by_scenario[s] else ""
                                     for c in classes] for s in scenarios]))

    out.append("\n### Medians, and each library's median over the fastest peer's (1.00 = the fastest peer; "
               "below 1 is faster)\n")
    rows = []
    for s in scenarios:
        best = fastest(by_scenario[s])
        row = [s]
        for c in classes:
            entry = by_scenario[s].get(c)
            if entry is None:
                row.append("")
            else:
                ratio = f" ({median(entry) / best[0]:.2f})" if best else ""
                row.append(fmt(median(entry)) + ratio)
        rows.append(row)
    out.append(table(header, rows))

    if OURS not in classes:
        return
    out.append("\n### flags against the fastest peers (medians)\n")
    rows = []
    for s in scenarios:
        entries = by_scenario[s]
        ours = entries.get(OURS)
        best, best_own = fastest(entries), fastest(entries, own_rollout_only=True)
        if ours is None or best is None:
            continue
        rows.append([s, fmt(median(ours)), f"{label(best[1])} {fmt(best[0])}", f"{best[0] / median(ours):.1f}x",
                     f"{label(best_own[1])} {fmt(best_own[0])}" if best_own else "n/a",
                     f"{best_own[0] / median(ours):.1f}x" if best_own else "n/a"])
    out.append(table(["scenario", "flags ns/op", "fastest peer", "flags faster by",
                      "fastest peer with its own sticky rollout", "flags faster by"], rows))

    for s in ("rollout50", "ruleThenRollout"):
        if s in by_scenario and OURS in by_scenario[s] and fastest(by_scenario[s], True):
            best = fastest(by_scenario[s], True)
            factor = best[0] / median(by_scenario[s][OURS])
            verdicts.append((f"≥5x faster than the fastest peer with its own sticky rollout on `{s}`",
                             factor >= 5, f"{factor:.1f}x ({label(best[1])})"))
    behind = []
    for s in scenarios:
        entries = by_scenario[s]
        if OURS in entries:
            behind += [f"{s}: {label(c)} {fmt(median(e))} vs {fmt(median(entries[OURS]))}"
                       for c, e in entries.items()
                       if c != OURS and c not in OURS_TOO and median(e) <= median(entries[OURS])]
    verdicts.append(("ahead of every peer on every scenario", not behind,
                     "yes" if not behind else "not ahead in " + "; ".join(behind)))
    allocating = [f"{s} {fmt(alloc(by_scenario[s][OURS]), 1)} B/op" for s in scenarios
                  if s != "buildContextThenRollout" and OURS in by_scenario[s]
                  and alloc(by_scenario[s][OURS]) is not None and alloc(by_scenario[s][OURS]) >= ZERO_BYTES]
    if any(alloc(by_scenario[s].get(OURS, {})) is not None for s in scenarios if OURS in by_scenario[s]):
        verdicts.append(("0 B/op with a built context", not allocating,
                         "yes" if not allocating else "; ".join(allocating)))


def render_harness(results, out):
    """The floor under the scenarios: the harness's own cost per call, no library involved."""
    harness = {split_name(e["benchmark"])[1]: e for e in results if split_name(e["benchmark"])[0] == "Harness"}
    rows = [[m, fmt(median(harness[m])), fmt_score(harness[m])] for m in HARNESS if m in harness]
    if rows:
        out.append("\n### The harness alone (ns/op)\n")
        out.append(table(["benchmark", "median", "mean ± error"], rows))


def params_of(entry):
    return entry.get("params", {}) or {}


def render_scale(results, out, verdicts):
    scale = [e for e in results if split_name(e["benchmark"])[0] == "ScaleBenchmark"]
    if scale:
        out.append("\n### Evaluation with 10 and 10,000 flags in the snapshot (ns/op; B/op)\n")
        methods = sorted({split_name(e["benchmark"])[1] for e in scale},
                         key=lambda m: ["rollout50", "ruleThenRollout", "everyFlag"].index(m)
                         if m in ("rollout50", "ruleThenRollout", "everyFlag") else 9)
        rows = []
        for method in methods:
            by_size = {params_of(e).get("flags"): e for e in scale if split_name(e["benchmark"])[1] == method}
            small, large = by_size.get("10"), by_size.get("10000")
            ratio = median(large) / median(small) if small and large else None
            rows.append([method,
                         f"{fmt_score(small)} (median {fmt(median(small))}; {fmt_bytes(alloc(small))} B)" if small else "",
                         f"{fmt_score(large)} (median {fmt(median(large))}; {fmt_bytes(alloc(large))} B)" if large else "",
                         f"{ratio:.2f}" if ratio else ""])
            if method in ("rollout50", "ruleThenRollout") and small and large:
                s_lo = small["primaryMetric"]["score"] - small["primaryMetric"]["scoreError"]
                s_hi = small["primaryMetric"]["score"] + small["primaryMetric"]["scoreError"]
                l_lo = large["primaryMetric"]["score"] - large["primaryMetric"]["scoreError"]
                overlap = l_lo <= s_hi and s_lo <= large["primaryMetric"]["score"] + large["primaryMetric"]["scoreError"]
                verdicts.append((f"flat: 10,000 flags cost what 10 do (`{method}`)",
                                 ratio <= FLAT_TOLERANCE,
                                 f"10,000/10 = {ratio:.2f} (medians); error bars "
                                 + ("overlap" if overlap else "do not overlap")))
        out.append(table(["benchmark", "10 flags", "10,000 flags", "10,000 / 10 (medians)"], rows))

    compile_ = [e for e in results if split_name(e["benchmark"])[0] == "CompileBenchmark"]
    if compile_:
        out.append("\n### Compiling a 10,000-flag document (3 rules each) into a serving client\n")
        rows = []
        for e in compile_:
            p = params_of(e)
            allocated = alloc(e)
            rows.append([p.get("format", ""), p.get("flags", ""), fmt_score(e) + " " + e["primaryMetric"]["scoreUnit"],
                         fmt(median(e)), "n/a" if allocated is None else fmt(allocated / 1e6, 1)])
            if e["primaryMetric"]["scoreUnit"] == "ms/op":
                verdicts.append((f"a {int(p['flags']):,}-flag document ({p.get('format')}) compiles in under 1 s",
                                 median(e) < 1000, f"{fmt(median(e))} ms (median)"))
        out.append(table(["format", "flags", "time", "median", "allocated per compile (MB)"], rows))

    reload_ = [e for e in results if split_name(e["benchmark"])[0] == "ReloadBenchmark"]
    if reload_:
        out.append("\n### From a changed document to the new snapshot answering (ms/op)\n")
        rows = []
        for method in ("inMemory", "file"):
            by_size = {params_of(e).get("flags"): e for e in reload_ if split_name(e["benchmark"])[1] == method}
            if by_size:
                rows.append([method] + [f"{fmt_score(by_size[s])} (median {fmt(median(by_size[s]))})"
                                        if s in by_size else "" for s in ("10", "10000")])
        out.append(table(["change delivered by", "10 flags", "10,000 flags"], rows))


def render_heap(heap, out, verdicts):
    out.append(f"\n### Heap held by a client (median of {heap.get('rounds')} builds, `HeapFootprint`)\n")
    rows = []
    for r in heap["results"]:
        mib = r["retainedBytes"] / MIB
        rows.append([f"{r['flags']:,}", r.get("rulesPerFlag", ""), f"{mib:.2f}",
                     f"{r['minBytes'] / MIB:.2f} - {r['maxBytes'] / MIB:.2f}"])
        if r["flags"] >= 10_000:
            verdicts.append((f"a {r['flags']:,}-flag document holds under 50 MB of heap", mib < 50,
                             f"{mib:.1f} MiB"))
    out.append(table(["flags", "rules per flag", "retained MiB", "range MiB"], rows))


def render_cold(cold, out):
    out.append(f"\n### The first compile of a {cold['flags']:,}-flag document in a fresh JVM (`ColdCompile`)\n")
    rows = []
    for format_, times in cold["results"].items():
        rows.append([format_, fmt(statistics.median(times)), f"{fmt(min(times))} - {fmt(max(times))}",
                     str(len(times))])
    out.append(table(["format", "median ms", "range ms", "JVMs"], rows))


def iteration_groups(results):
    """'3 x 1 s warm-up, 5 x 1 s measured: Scenarios classes, Harness; ...', one group per iteration setting."""
    groups = {}
    for r in results:
        key = (r["warmupIterations"], r["warmupTime"], r["measurementIterations"], r["measurementTime"])
        cls = split_name(r["benchmark"])[0]
        name = "Scenarios classes" if cls.endswith("Scenarios") else cls
        groups.setdefault(key, {}).setdefault(name)   # a dict keeps the order they came in
    return "; ".join(f"{wi} x {wt} warm-up, {mi} x {mt} measured: {', '.join(names)}"
                     for (wi, wt, mi, mt), names in groups.items())


def render_settings(results, out):
    if not results:
        return
    e = results[0]
    forks = {r["forks"] for r in results}
    out.append("\n### Settings\n")
    out.append(table(["", ""], [
        ["JMH", e.get("jmhVersion", "")],
        ["JVM", f"{e.get('vmName', '')} {e.get('vmVersion', '')} ({e.get('jdkVersion', '')})"],
        ["JVM options", " ".join(e.get("jvmArgs", [])) or "none"],
        ["forks", ", ".join(str(f) for f in sorted(forks))],
        ["iterations", iteration_groups(results)],
        ["threads", ", ".join(str(t) for t in sorted({r['threads'] for r in results}))],
        ["mode", e.get("mode", "")],
    ]))


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        results = json.load(f)
    out, verdicts = [], []
    render_scenarios(results, out, verdicts)
    render_harness(results, out)
    render_scale(results, out, verdicts)
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            extra = json.load(f)
        if extra.get("benchmark") == "HeapFootprint":
            render_heap(extra, out, verdicts)
        elif extra.get("benchmark") == "ColdCompile":
            render_cold(extra, out)
        else:
            print(f"{path}: neither HeapFootprint nor ColdCompile output, skipped", file=sys.stderr)
    render_settings(results, out)
    if verdicts:
        out.append("\n### Targets\n")
        out.append(table(["target", "holds", "measured"],
                         [[name, "yes" if ok else "**no**", detail] for name, ok, detail in verdicts]))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
