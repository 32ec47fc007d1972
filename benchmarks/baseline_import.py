#!/usr/bin/env python3
"""The baseline: what an admin would otherwise write to load CUCM CDR files into SQLite.

Plain `csv` + `sqlite3`, columns mapped by header name, the same fields Tollbook stores, one
transaction, executemany. It does no validation, deduplication or classification.
"""
import csv
import sqlite3
import sys

FIELDS = [
    "pkid", "globalCallId_ClusterID", "globalCallID_callManagerId", "globalCallID_callId", "dateTimeOrigination",
    "dateTimeConnect", "dateTimeDisconnect", "duration", "callingPartyNumber", "originalCalledPartyNumber",
    "finalCalledPartyNumber", "lastRedirectDn", "origDeviceName", "destDeviceName", "huntPilotDN",
    "clientMatterCode", "authorizationCodeValue", "origCause_value", "destCause_value", "outpulsedCalledPartyNumber",
    "joinOnBehalfOf", "origIpv4v6Addr", "destIpv4v6Addr",
]


def main():
    path, db_path = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE IF NOT EXISTS cdr (%s)" % ", ".join(FIELDS))
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        next(reader)  # type line
        positions = [header.index(name) for name in FIELDS]
        rows = ([row[i] for i in positions] for row in reader)
        with db:
            db.executemany("INSERT INTO cdr VALUES (%s)" % ",".join("?" * len(FIELDS)), rows)
    count = db.execute("SELECT count(*) FROM cdr").fetchone()[0]
    print(f"{count} rows")


if __name__ == "__main__":
    main()
