#!/usr/bin/env python3
"""Kill soak of `tollbook serve` (not a test: `make soak`, figures depend on the machine).

One service runs five connector instances of the test plugin (Tests/Fixtures/plugins/faulty_plugin.c,
one record per line `id;start;end;calling;called`), one per transport, all on 127.0.0.1:

  spool      files dropped into the spool folder (written as `_name`, then renamed)
  sftp       files uploaded with OpenSSH's sftp; an upload that fails is sent again (as a PBX does)
  http       bodies POSTed with keep-alive; a body without `200 OK` is sent again
  tcp        one connection; after a reconnect the sender resends its last --resend records
  tcp-noresend  one connection; after a reconnect the sender goes on with the next record

While the senders run, the service is killed with SIGKILL at a random moment of every round and
started again. At the end every record sent is looked up in the store: per transport the script
prints how many were lost and how many were stored twice (expected 0 / 0 for all but
tcp-noresend), and for tcp-noresend the records lost per kill: the window that TCP without an
application-level acknowledgement leaves open (what the kernel held in the socket buffers).
"""
import argparse
import http.client
import os
import random
import shutil
import signal
import socket
import sqlite3
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


def record(prefix, index):
    start = 1_772_442_000 + index * 60
    return f"{prefix}{index};{start};{start + 30};2001;030555{index % 10000:04d}\n"


class Sender(threading.Thread):
    """Sends records of one transport until stopped; `sent` holds every id handed over."""

    def __init__(self, name):
        super().__init__(daemon=True)
        self.name = name
        self.sent = set()
        self.stop = threading.Event()
        self.kills_seen = 0


class SpoolSender(Sender):
    def __init__(self, folder, per_file):
        super().__init__("spool")
        self.folder, self.per_file = folder, per_file

    def run(self):
        index = 0
        while not self.stop.is_set():
            ids = [f"sp{index + i}" for i in range(self.per_file)]
            text = "".join(record("sp", index + i) for i in range(self.per_file))
            name = f"cdr_{index:08d}"
            with open(os.path.join(self.folder, "_" + name), "w") as f:
                f.write(text)
            os.rename(os.path.join(self.folder, "_" + name), os.path.join(self.folder, name))
            self.sent.update(ids)
            index += self.per_file
            time.sleep(0.05)


class SFTPSender(Sender):
    def __init__(self, port, key, folder, per_file):
        super().__init__("sftp")
        self.port, self.key, self.folder, self.per_file = port, key, folder, per_file

    def run(self):
        index = 0
        while not self.stop.is_set():
            name = f"cdr_{index:08d}"
            local = os.path.join(self.folder, name)
            with open(local, "w") as f:
                f.write("".join(record("sf", index + i) for i in range(self.per_file)))
            # A PBX sends a file again until the server accepted it.
            while not self.stop.is_set():
                result = subprocess.run(
                    ["sftp", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                     "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5", "-o", "IdentitiesOnly=yes", "-i", self.key,
                     "-b", "-", "-P", str(self.port), "pbx@127.0.0.1"],
                    input=f"put {local}\n", capture_output=True, text=True)
                if result.returncode == 0:
                    self.sent.update(f"sf{index + i}" for i in range(self.per_file))
                    break
                time.sleep(0.1)
            os.unlink(local)
            index += self.per_file


class HTTPSender(Sender):
    def __init__(self, port, per_body):
        super().__init__("http")
        self.port, self.per_body = port, per_body

    def run(self):
        index = 0
        connection = None
        while not self.stop.is_set():
            body = "".join(record("ht", index + i) for i in range(self.per_body)).encode()
            while not self.stop.is_set():
                try:
                    if connection is None:
                        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                    connection.request("POST", "/cdr", body=body)
                    response = connection.getresponse()
                    response.read()
                    if response.status == 200:
                        break
                except (OSError, http.client.HTTPException):
                    connection = None
                    time.sleep(0.05)
            self.sent.update(f"ht{index + i}" for i in range(self.per_body))
            index += self.per_body


class TCPSender(Sender):
    def __init__(self, name, prefix, port, resend):
        super().__init__(name)
        self.prefix, self.port, self.resend = prefix, port, resend
        self.reconnects = 0

    def run(self):
        index = 0
        sock = None
        while not self.stop.is_set():
            if sock is None:
                try:
                    sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    if index > 0:
                        self.reconnects += 1
                        # A resending PBX sends its last records again after a reconnect.
                        index = max(0, index - self.resend)
                except OSError:
                    time.sleep(0.05)
                    continue
            try:
                sock.sendall(record(self.prefix, index).encode())
                self.sent.add(f"{self.prefix}{index}")
                index += 1
                if index % 20 == 0:
                    time.sleep(0.002)
            except OSError:
                sock.close()
                sock = None


class Service:
    def __init__(self, tollbook, folder, config):
        self.tollbook, self.folder, self.config = tollbook, folder, config
        self.process = None
        self.log = open(os.path.join(folder, "serve.log"), "ab")

    def start(self, ops):
        self.process = subprocess.Popen([self.tollbook, "serve", "--config", self.config, "--plugin-dir",
                                         os.path.join(self.folder, "plugins")], stdout=self.log, stderr=self.log,
                                        cwd=self.folder)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{ops}/healthz", timeout=2).read()
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("tollbook serve did not come up; see " + os.path.join(self.folder, "serve.log"))

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def terminate(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tollbook", default=os.path.join(ROOT, ".build/release/tollbook"))
    parser.add_argument("--rounds", type=int, default=5, help="kills (at least 30 for the figures)")
    parser.add_argument("--resend", type=int, default=2000, help="records a resending TCP sender sends again")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="tollbook-soak-")
    plugins = os.path.join(folder, "plugins")
    os.makedirs(plugins)
    subprocess.run(["cc", "-std=c11", "-O2", "-shared", "-fPIC", "-fvisibility=hidden",
                    "-I", os.path.join(ROOT, "Sources/PluginAPI/include"), "-o", os.path.join(plugins, "libfaulty.so"),
                    os.path.join(ROOT, "Tests/Fixtures/plugins/faulty_plugin.c")], check=True)
    spool = os.path.join(folder, "spool")
    uploads = os.path.join(folder, "uploads")
    outgoing = os.path.join(folder, "outgoing")
    for path in (spool, uploads, outgoing):
        os.makedirs(path)
    key = os.path.join(folder, "pbx_key")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
    shutil.copy(key + ".pub", os.path.join(folder, "pbx.keys"))
    ops, sftp, http_port, tcp, tcp_noresend = (free_port() for _ in range(5))
    config = os.path.join(folder, "tollbook.yaml")
    with open(config, "w") as f:
        f.write(f"""tariffs: {os.path.join(ROOT, "tariffs")}
service: {{ data_directory: data, listen: "127.0.0.1:{ops}", commit_interval_ms: 200 }}
sites:
  - name: soak
    time_zone: UTC
    numbering: {{ country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }}
    providers: {{ default: nordtel }}
    plugins: {{ allow_unsigned: true }}
    connectors:
      - {{ name: spool, plugin: test.faulty, transport: {{ type: spool, path: {spool}, poll_interval_ms: 100, stable_ms: 0 }} }}
      - name: sftp
        plugin: test.faulty
        transport: {{ type: sftp_server, listen: "127.0.0.1:{sftp}", accounts: [{{ user: pbx, authorized_keys: pbx.keys, directory: {uploads} }}] }}
      - {{ name: http, plugin: test.faulty, transport: {{ type: http, listen: "127.0.0.1:{http_port}" }} }}
      - {{ name: tcp, plugin: test.faulty, transport: {{ type: tcp, listen: "127.0.0.1:{tcp}" }} }}
      - {{ name: tcp-noresend, plugin: test.faulty, transport: {{ type: tcp, listen: "127.0.0.1:{tcp_noresend}" }} }}
""")
    service = Service(os.path.abspath(args.tollbook), folder, config)
    service.start(ops)
    senders = [SpoolSender(spool, 50), SFTPSender(sftp, key, outgoing, 50), HTTPSender(http_port, 5),
               TCPSender("tcp", "tr", tcp, args.resend), TCPSender("tcp-noresend", "tn", tcp_noresend, 0)]
    for sender in senders:
        sender.start()
    random.seed(13)
    for round_number in range(1, args.rounds + 1):
        time.sleep(random.uniform(0.5, 2.0))
        service.kill()
        print(f"round {round_number}/{args.rounds}: killed", flush=True)
        service.start(ops)
    time.sleep(1.0)
    for sender in senders:
        sender.stop.set()
    for sender in senders:
        sender.join(timeout=120)
    # Let the service ingest everything, then stop it cleanly.
    time.sleep(2.0)
    deadline = time.time() + 120
    while time.time() < deadline:
        body = urllib.request.urlopen(f"http://127.0.0.1:{ops}/metrics", timeout=5).read().decode()
        lags = [line for line in body.splitlines() if line.startswith("tollbook_journal_lag_entries{")]
        if lags and all(line.endswith(" 0") for line in lags):
            break
        time.sleep(0.5)
    time.sleep(1.0)
    service.terminate()

    database = sqlite3.connect(os.path.join(folder, "data", "tollbook.db"))
    stored = {}
    for name, vendor_id in database.execute(
            "SELECT s.name, c.vendor_record_id FROM calls c JOIN sources s ON s.id = c.source_id"):
        stored.setdefault(name, []).append(vendor_id)
    print()
    print(f"kill soak: {args.rounds} SIGKILLs of tollbook serve, all peers on 127.0.0.1")
    print(f"{'transport':<14}{'sent':>9}{'stored':>9}{'lost':>7}{'doubled':>9}")
    failed = False
    for sender in senders:
        ids = stored.get(sender.name, [])
        unique = set(ids)
        lost = len(sender.sent - unique)
        doubled = len(ids) - len(unique)
        print(f"{sender.name:<14}{len(sender.sent):>9}{len(unique):>9}{lost:>7}{doubled:>9}")
        if sender.name != "tcp-noresend" and (lost or doubled):
            failed = True
    noresend = senders[-1]
    lost = len(noresend.sent - set(stored.get("tcp-noresend", [])))
    per_kill = lost / max(1, noresend.reconnects)
    print(f"TCP without resend: {lost} records lost over {noresend.reconnects} reconnects "
          f"({per_kill:.1f} records, about {per_kill * 58:.0f} bytes, per kill: the kernel's socket buffers at the crash)")
    if args.keep:
        print("work folder:", folder)
    else:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
