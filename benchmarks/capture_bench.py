#!/usr/bin/env python3
"""Capture benchmark: sustained end-to-end throughput of `tollbook serve` through the TCP and HTTP
transports, with the connector in a worker process (isolation, the default) and in process, so the
cost of isolation is known (target: isolation costs < 20 % of throughput).

TCP: one connection streams a generated CUCM file (generate_cucm.py) to a cisco.cucm instance.
HTTP: several clients post innovaphone "Standard" bodies (one CDR each, keep-alive) to an
innovaphone.pbx instance, each answered only once the body is durable in the journal.
Throughput = records / (first byte sent .. all records stored, read from /metrics). Each
configuration runs --runs times, alternating; medians and the worker/in-process ratio are printed.
Not a test: figures depend on the machine.
"""
import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def metric(ops, name, instance):
    text = urllib.request.urlopen(f"http://127.0.0.1:{ops}/metrics", timeout=10).read().decode()
    prefix = f'{name}{{instance="{instance}"}} '
    for line in text.splitlines():
        if line.startswith(prefix):
            return float(line[len(prefix):])
    return 0.0


class Service:
    """One `tollbook serve` with one connector instance, in a fresh folder."""

    def __init__(self, tollbook, plugin, transport, isolation):
        self.folder = tempfile.mkdtemp(prefix="tollbook-capture-bench-")
        self.ops = free_port()
        self.port = free_port()
        config = os.path.join(self.folder, "tollbook.yaml")
        with open(config, "w") as f:
            f.write(f"""tariffs: {os.path.join(ROOT, "tariffs")}
service: {{ data_directory: data, listen: "127.0.0.1:{self.ops}", commit_records: 20000, commit_interval_ms: 500 }}
sites:
  - name: bench
    time_zone: Europe/Berlin
    numbering: {{ country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2799", "200-299"] }}
    providers: {{ default: nordtel }}
    connectors:
      - name: bench
        plugin: {plugin}
        isolation: {isolation}
        transport: {{ type: {transport}, listen: "127.0.0.1:{self.port}" }}
""")
        self.log = open(os.path.join(self.folder, "serve.log"), "w")
        self.process = subprocess.Popen([tollbook, "serve", "--config", config], stdout=self.log, stderr=self.log)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.ops}/healthz", timeout=2).read()
                return
            except Exception:
                time.sleep(0.05)
        sys.exit("tollbook serve did not start; see " + self.log.name)

    def wait_for(self, records, timeout=900):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if metric(self.ops, "tollbook_records_total", "bench") >= records:
                return time.perf_counter()
            time.sleep(0.02)
        sys.exit(f"only {metric(self.ops, 'tollbook_records_total', 'bench')} of {records} records stored")

    def stop(self):
        self.process.terminate()
        self.process.wait()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def tcp_run(tollbook, isolation, data, records):
    service = Service(tollbook, "cisco.cucm", "tcp", isolation)
    try:
        started = time.perf_counter()
        with socket.create_connection(("127.0.0.1", service.port)) as connection, open(data, "rb") as f:
            while True:
                piece = f.read(256 * 1024)
                if not piece:
                    break
                connection.sendall(piece)
        ended = service.wait_for(records)
        return records / (ended - started)
    finally:
        service.stop()


def http_bodies(count):
    with open(os.path.join(ROOT, "Tests/Fixtures/innovaphone/calls.xml")) as f:
        template = f.read().split("</cdr>")[0] + "</cdr>"
    bodies = []
    for index in range(count):
        element = template.replace('guid="0b1ec7000000000000000000000a0201"', f'guid="{index:032x}"')
        element = element.replace('utc="1772442000"', f'utc="{1772442000 + index}"')
        bodies.append(("log-msg" + element + "\r\n").encode())
    return bodies


def http_run(tollbook, isolation, bodies, clients):
    service = Service(tollbook, "innovaphone.pbx", "http", isolation)
    try:
        shares = [bodies[i::clients] for i in range(clients)]
        failures = []

        def post_all(share):
            connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=60)
            for body in share:
                connection.request("POST", "/cdr", body=body, headers={"Content-Type": "text/plain"})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failures.append(response.status)
            connection.close()

        started = time.perf_counter()
        threads = [threading.Thread(target=post_all, args=(share,)) for share in shares]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            sys.exit(f"{len(failures)} requests failed: {failures[:5]}")
        ended = service.wait_for(len(bodies))
        return len(bodies) / (ended - started)
    finally:
        service.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tollbook", default=os.path.join(ROOT, ".build/release/tollbook"))
    parser.add_argument("--tcp-rows", type=int, default=300_000)
    parser.add_argument("--http-bodies", type=int, default=20_000)
    parser.add_argument("--http-clients", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=os.path.join(ROOT, "bench-out"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    data = os.path.join(args.out, f"cdr_bench_{args.tcp_rows}.txt")
    if not os.path.exists(data):
        subprocess.run([sys.executable, os.path.join(HERE, "generate_cucm.py"), str(args.tcp_rows), data], check=True)
    bodies = http_bodies(args.http_bodies)
    results = {key: [] for key in ("tcp worker", "tcp in_process", "http worker", "http in_process")}
    for run in range(args.runs):
        for key in results:
            transport, isolation = key.split()
            if transport == "tcp":
                rate = tcp_run(args.tollbook, isolation, data, args.tcp_rows)
            else:
                rate = http_run(args.tollbook, isolation, bodies, args.http_clients)
            results[key].append(rate)
            print(f"run {run + 1} {key:16s}: {rate:10.0f} records/s", flush=True)
    print()
    medians = {key: statistics.median(rates) for key, rates in results.items()}
    for key, value in medians.items():
        print(f"median {key:16s}: {value:10.0f} records/s")
    for transport in ("tcp", "http"):
        ratio = medians[f"{transport} worker"] / medians[f"{transport} in_process"]
        print(f"{transport}: worker isolation keeps {ratio:.2f} of in-process throughput (cost {100 * (1 - ratio):.0f} %; target < 20 %)")


if __name__ == "__main__":
    main()
