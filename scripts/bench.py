#!/usr/bin/env python3
"""Benchmarks for ml-connector. Usage: scripts/bench.py MLC_BINARY PLUGIN_DIR

Every figure is the median of several runs (min and max beside it), all measured in this
one invocation, and written to bench/RESULTS.md with the machine and the date.
Benchmarks are not tests: nothing here runs in `make test`.
"""
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

RUNS = int(os.environ.get("MLC_BENCH_RUNS", "3"))


def peak_rss_run(argv, cwd):
    """Runs a command under wait4 to read its peak RSS (ru_maxrss, KiB on Linux)."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.chdir(cwd)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execv(argv[0], argv)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{' '.join(argv)} failed with status {status}")
    return seconds, usage.ru_maxrss / 1024.0


def write_config(work, count, mode, entities):
    config = {
        "plugin_dir": os.path.abspath(PLUGINS),
        "state_dir": "state",
        "enabled": ["generator", "jsonl"],
        "connections": {
            "gen": {"plugin": "generator", "config": {"count": count, "seed": 1}},
            "out": {"plugin": "jsonl", "config": {"dir": "out", "mode": mode, "fsync": False}},
        },
        "flows": [{"name": "bench", "source": "gen", "sink": "out", "entities": entities, "page_size": 1000}],
    }
    with open(os.path.join(work, "mlc.json"), "w") as f:
        json.dump(config, f)


def generator_to_jsonl(count, mode):
    """One fresh generator → JSON Lines run of `count` purchase orders."""
    work = os.path.abspath(os.path.join("bench", "work", f"gen-jsonl-{mode}-{count}"))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work, exist_ok=True)
    write_config(work, count, mode, ["purchase_order"])
    seconds, rss = peak_rss_run([MLC, "sync", "bench", "--config", os.path.join(work, "mlc.json")], work)
    lines = sum(1 for _ in open(os.path.join(work, "out", "purchase_order.jsonl"), "rb"))
    if lines != count:
        sys.exit(f"expected {count} records in the sink, found {lines}")
    size = os.path.getsize(os.path.join(work, "out", "purchase_order.jsonl"))
    shutil.rmtree(work, ignore_errors=True)
    return {"seconds": seconds, "rss": rss, "rate": count / seconds, "bytes": size}


def summarize(samples, key):
    values = [s[key] for s in samples]
    return statistics.median(values), min(values), max(values)


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "kernel": platform.release(),
            "swift": swift[0] if swift else "unknown"}


def main():
    global MLC, PLUGINS
    MLC, PLUGINS = os.path.abspath(sys.argv[1]), sys.argv[2]
    results = []
    for mode in ["append", "upsert"]:
        for count in [100_000, 1_000_000]:
            samples = []
            for run in range(RUNS):
                sample = generator_to_jsonl(count, mode)
                print(f"generator → jsonl ({mode}) {count:>9,} POs run {run + 1}/{RUNS}: "
                      f"{sample['rate']:,.0f} records/s, peak RSS {sample['rss']:.1f} MiB", file=sys.stderr)
                samples.append(sample)
            results.append((mode, count, samples))

    m = machine()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# Benchmark results", "",
        f"Measured {now} by `make bench` (release build), {RUNS} runs per figure: median (min–max).", "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']}, Linux {m['kernel']}, {m['swift']}.", "",
        "## Generator → JSON Lines (host overhead, one flow, purchase orders with 1–5 lines)", "",
        "The Swift generator connector emits synthetic canonical purchase orders; the C JSON Lines",
        "connector writes them (`fsync` off, page size 1000). Every page commits its audit rows and",
        "cursor in SQLite. Peak RSS is the whole `mlc` process.", "",
        "| sink mode | records | records/s | µs/record | peak RSS (MiB) | output |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for mode, count, samples in results:
        rate = summarize(samples, "rate")
        rss = summarize(samples, "rss")
        us = 1e6 / rate[0]
        size = samples[0]["bytes"] / 1024 / 1024
        out.append(f"| {mode} | {count:,} | {rate[0]:,.0f} ({rate[1]:,.0f}–{rate[2]:,.0f}) | {us:.2f} | "
                   f"{rss[0]:.1f} ({rss[1]:.1f}–{rss[2]:.1f}) | {size:,.0f} MiB |")
    out += ["", "`append` keeps no per-key state in the sink, so its RSS shows the host's own footprint;",
            "`upsert` holds the sink's key index (one entry per record key) in the C connector.", ""]
    os.makedirs("bench", exist_ok=True)
    with open(os.path.join("bench", "RESULTS.md"), "w") as f:
        f.write("\n".join(out))
    print("\n".join(out))


if __name__ == "__main__":
    main()
