#!/usr/bin/env python3
"""Import benchmark: `tollbook import` of a generated 133-column CUCM file against the plain Python
csv + sqlite3 baseline, in the same invocation. Prints records/s (median of --runs), the ratio,
and each command's peak RSS (from wait4). With --baseline (an earlier build's `tollbook`), both
builds import the same file in turn, run by run, and the before/after ratio is printed too (the
refactoring rule: within 3 %). With --encrypted, the import with rating is also run into an
encrypted store (privacy.encryption with a fresh key file) and the ratio encrypted / plaintext is
printed (issue 18, P14). Not a test: figures depend on the machine.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def measure(command):
    """Runs a command; returns (seconds, peak RSS in MiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if status != 0:
        sys.exit(f"command failed ({status}): {' '.join(command)}\n{error}")
    return elapsed, usage.ru_maxrss / 1024.0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tollbook", default=".build/release/tollbook")
    parser.add_argument("--out", default="bench-out")
    parser.add_argument("--baseline", help="an earlier build's tollbook, imported in turn with --tollbook (before/after)")
    parser.add_argument("--encrypted", action="store_true",
                        help="also import with rating into an encrypted store; print the ratio encrypted / plaintext")
    parser.add_argument("--only-encryption", action="store_true",
                        help="with --encrypted: run only the rated imports, plaintext and encrypted")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    data = os.path.join(args.out, f"cdr_bench_{args.rows}.txt")
    if not os.path.exists(data):
        print(f"generating {args.rows} rows …", flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "generate_cucm.py"), str(args.rows), data], check=True)
    size = os.path.getsize(data)
    print(f"input: {data}, {args.rows} rows, {size / 1e6:.1f} MB ({size / args.rows:.0f} bytes/row)")

    config = os.path.join(os.path.abspath(args.out), "bench.yaml")
    with open(config, "w") as f:
        f.write(f"""tariffs: {os.path.join(os.path.dirname(HERE), "tariffs")}
sites:
  - name: bench
    time_zone: Europe/Berlin
    sources: [bench-rated]
    numbering: {{ country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2799"] }}
    providers: {{ default: nordtel }}
""")
    encrypted_config = os.path.join(os.path.abspath(args.out), "bench-encrypted.yaml")
    if args.encrypted:
        key_file = os.path.join(os.path.abspath(args.out), "bench.kek")
        for path in (key_file, key_file + ".epochs"):
            if os.path.exists(path):
                os.remove(path)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(descriptor, (os.urandom(32).hex() + "\n").encode())
        os.close(descriptor)
        with open(config) as f:
            plain = f.read()
        with open(encrypted_config, "w") as f:
            f.write(plain + f"privacy:\n  encryption:\n    key_file: {key_file}\n")
    results = {"tollbook": [], "tollbook-rated": [], "python": [], "python-dictreader": []}
    if args.encrypted and args.only_encryption:
        results = {"tollbook-rated": []}
    if args.encrypted:
        results["tollbook-rated-encrypted"] = []
    if args.baseline:
        results.update({"baseline": [], "baseline-rated": []})
    for run in range(args.runs):
        for name in results:
            db = os.path.join(args.out, f"{name}.db")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            binary = args.baseline if name.startswith("baseline") else args.tollbook
            if name in ("tollbook", "baseline"):
                command = [binary, "import", "--db", db, "--connector", "cisco.cucm", "--source", "bench", data]
            elif name in ("tollbook-rated", "baseline-rated", "tollbook-rated-encrypted"):
                command = [binary, "import", "--db", db, "--config", encrypted_config if name.endswith("encrypted") else config,
                           "--connector", "cisco.cucm", "--source", "bench-rated", data]
            elif name == "python":
                command = [sys.executable, os.path.join(HERE, "baseline_import.py"), data, db]
            else:
                command = [sys.executable, os.path.join(HERE, "baseline_import_dictreader.py"), data, db]
            os.sync()  # let the previous run's writes reach the disk first: they would slow this one
            seconds, rss = measure(command)
            results[name].append((seconds, rss))
            print(f"run {run + 1} {name:17s}: {seconds:7.2f} s  {args.rows / seconds:10.0f} records/s  peak RSS {rss:6.1f} MiB", flush=True)

    medians = {name: statistics.median(args.rows / s for s, _ in runs) for name, runs in results.items()}
    peaks = {name: max(r for _, r in runs) for name, runs in results.items()}
    print()
    for name in results:
        print(f"median {name:17s}: {medians[name]:9.0f} records/s, peak RSS {peaks[name]:6.1f} MiB")
    if "tollbook" in medians:
        for name in ("python", "python-dictreader"):
            print(f"ratio tollbook / {name:17s}: {medians['tollbook'] / medians[name]:.2f}x (target >= 3x)")
        print(f"import with rating / without: {medians['tollbook-rated'] / medians['tollbook']:.2f} (target >= 0.80)")
        print(f"tollbook peak RSS: {peaks['tollbook']:.1f} MiB (target <= 150 MB for 1 M rows)")
    if args.encrypted:
        print(f"import with rating, encrypted / plaintext: "
              f"{medians['tollbook-rated-encrypted'] / medians['tollbook-rated']:.2f} (issue 18 target: >= 0.70)")
    if args.baseline:
        for name in ("", "-rated"):
            # Pair by pair (run k of this build against run k of the baseline), then the median of the ratios.
            ratios = [b / a for (a, _), (b, _) in zip(results["tollbook" + name], results["baseline" + name])]
            print(f"this build / baseline{name:6s}: {statistics.median(ratios):.3f} (median of {len(ratios)} paired runs;"
                  f" target >= 0.97)")


if __name__ == "__main__":
    main()
