#!/usr/bin/env python3
"""Read-path benchmark (issue 16 §6): lists the same calls table side by side, in the same run,
with the sqlite3 shell (`sqlite3 -json DB "select * from calls"`), `tollbook calls --format jsonl`
(the database owner: no scope) and the query layer as a principal scoped to org subtrees that
cover all and half of the calls (`ReadBench`). Output goes to /dev/null. Prints rows/s (median of
--runs), the ratio to the sqlite3 shell and each command's peak RSS (from wait4).

The store is generated directly (rows written with Python's sqlite3 into a store migrated by
tollbook): --rows calls of 200 extensions, half owned by people placed in Berlin/Sales, half in
Hamburg. Not a test: figures depend on the machine.
"""
import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time


def measure(command):
    """Runs a command with standard output to /dev/null; returns (seconds, CPU seconds, peak RSS in MiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if status != 0:
        sys.exit(f"command failed ({status}): {' '.join(command)}\n{error}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def generate(tollbook, path, rows):
    """A store with `rows` calls, pricing keys and an org chart (node ids 2 Berlin, 3 Berlin/Sales, 4 Hamburg)."""
    if os.path.exists(path):
        os.remove(path)
    # tollbook creates and migrates the store (an empty listing).
    subprocess.run([tollbook, "calls", "--db", path, "--format", "jsonl"], check=True, stdout=subprocess.DEVNULL)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("INSERT INTO sources(id, name, connector, time_zone, created_ms) VALUES (1, 'berlin-cucm', 'cisco.cucm', 'Europe/Berlin', 0)")
    keys = [("rated", "local", "local", "Berlin"), ("rated", "national", "national", "Deutschland"),
            ("rated", "mobile", "mobile", "Mobilfunk"), ("rated", "international", "eu", "Frankreich"),
            ("unrated", "unknown", "", "")]
    for index, (status, category, zone, destination) in enumerate(keys, start=1):
        db.execute("""INSERT INTO pricing_keys(id, status, remote_category, currency, provider, tariff_version, zone,
                      destination, bands, increments, reason, pricing) VALUES (?, ?, ?, 'EUR', ?, ?, ?, ?, ?, ?, ?, ?)""",
                   (index, status, category, "fernwerk" if status == "rated" else "", "2025-01-01" if status == "rated" else "",
                    zone, destination, "day" if status == "rated" else "", "60/1" if status == "rated" else "",
                    "" if status == "rated" else "no zone matches", "rated" if status == "rated" else "unrated"))
    db.execute("INSERT INTO org_nodes(id, parent_id, name, type, created_ms) VALUES (2, NULL, 'Berlin', 'site', 0)")
    db.execute("INSERT INTO org_nodes(id, parent_id, name, type, created_ms) VALUES (3, 2, 'Sales', 'department', 0)")
    db.execute("INSERT INTO org_nodes(id, parent_id, name, type, created_ms) VALUES (4, NULL, 'Hamburg', 'site', 0)")
    for person in range(1, 201):
        db.execute("INSERT INTO participants(id, name, created_ms) VALUES (?, ?, 0)", (person, f"Person {person}"))
        db.execute("INSERT INTO participant_placements(participant_id, node_id, valid_from_ms) VALUES (?, ?, 0)",
                   (person, 3 if person % 2 else 4))
        db.execute("INSERT INTO classifiers(id, kind, value, created_ms) VALUES (?, 'extension', ?, 0)",
                   (person, f"berlin-cucm/{2000 + person}"))
        db.execute("INSERT INTO classifier_assignments(classifier_id, participant_id, valid_from_ms) VALUES (?, ?, 0)",
                   (person, person))
    rng = random.Random(16)
    start = 1_735_714_800_000

    def row(i):
        person = 1 + i % 200
        ext = str(2000 + person)
        remote = f"0{rng.randrange(30_000_000, 99_999_999)}"
        begin = start + i * 2_500
        talk = rng.randrange(0, 600) * 1000
        key = 1 + i % 5
        return (i + 1, 1, i + 1, f"{i + 1:08d}", f"1:{i // 3}", begin, begin + 4_000 if talk else None,
                begin + 4_000 + talk, 4_000, talk, 2 if i % 2 else 1, 1 if talk else 2, 4 if i % 17 == 0 else 0,
                "GW-BER-1", f"SEP0011{person:04d}", "GW-BER-1", "", 16, "normal call clearing", None, None, "",
                i * 600, 590, '{"origIpAddr":"10.1.2.3","destIpAddr":"10.9.8.7","orig_cause":"16"}',
                ext, remote, remote, remote, "", ext, remote, "", "", "",
                f"+49{remote[1:]}", f"berlin-cucm/{ext}", key, rng.randrange(0, 500) if key < 5 else None,
                f"+4930555{ext}", 0x600021)

    columns = """id, source_id, vendor_key, vendor_record_id, correlation_id, start_ms, answer_ms, end_ms, ring_ms, talk_ms,
        direction, disposition, flags, trunk, device, remote_device, hunt_group, cause, cause_text, charge_units,
        charge_minor, charge_currency, source_offset, source_length, extra, calling, called, original_called, connected,
        redirecting, extension, remote, account_code, pin, project_code, remote_e164, extension_key, pricing_key,
        cost_minor, local_e164, number_categories"""
    placeholders = ", ".join("?" * 41)
    batch = 50_000
    for first in range(0, rows, batch):
        db.executemany(f"INSERT INTO calls({columns}) VALUES ({placeholders})",
                       (row(i) for i in range(first, min(rows, first + batch))))
    db.commit()
    db.close()


def reusable(path, rows):
    """Whether a store generated earlier with `rows` calls is there."""
    if not os.path.exists(path):
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM calls").fetchone()[0] == rows
    except sqlite3.Error:
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tollbook", default=".build/release/tollbook")
    parser.add_argument("--readbench", default=".build/release/ReadBench")
    parser.add_argument("--out", default="bench-out")
    parser.add_argument("--regenerate", action="store_true", help="write the store again even if one exists")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, f"read_bench_{args.rows}.db")
    if args.regenerate or not reusable(path, args.rows):
        print(f"generating a store with {args.rows} calls …", flush=True)
        generate(args.tollbook, path, args.rows)
    half = args.rows // 2 + args.rows % 2
    commands = [
        ("sqlite3 -json (select * from calls)", ["sqlite3", "-json", path, "select * from calls"], args.rows),
        ("tollbook calls --format jsonl (owner)", [args.tollbook, "calls", "--db", path, "--format", "jsonl"], args.rows),
        ("query layer, scope covering all calls", [args.readbench, path, "2,4"], args.rows),
        ("query layer, scope covering half the calls", [args.readbench, path, "2"], half),
    ]
    results = {name: [] for name, _, _ in commands}
    cpu = {name: [] for name, _, _ in commands}
    rss = {name: 0.0 for name, _, _ in commands}
    for _ in range(args.runs):
        # Interleaved, so that every command sees the same machine load.
        for name, command, _ in commands:
            seconds, cpu_seconds, peak = measure(command)
            results[name].append(seconds)
            cpu[name].append(cpu_seconds)
            rss[name] = max(rss[name], peak)
    baseline = statistics.median(results[commands[0][0]])
    cpu_baseline = statistics.median(cpu[commands[0][0]])
    print(f"{args.rows} calls, median of {args.runs} runs, output to /dev/null")
    print(f"{'command':45} {'seconds':>8} {'rows/s':>10} {'vs sqlite3':>10} {'CPU s':>7} {'vs sqlite3':>10} {'peak RSS':>9}")
    for name, _, listed in commands:
        median = statistics.median(results[name])
        cpu_median = statistics.median(cpu[name])
        print(f"{name:45} {median:8.2f} {listed / median:10.0f} {baseline / median:9.2f}x {cpu_median:7.2f} "
              f"{cpu_baseline / cpu_median:9.2f}x {rss[name]:7.1f} MiB")
    print("(vs sqlite3: how many times faster than the sqlite3 shell on the whole table; rows/s counts the rows listed)")


if __name__ == "__main__":
    main()
