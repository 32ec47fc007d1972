#!/usr/bin/env python3
"""A second baseline: the script an admin typically writes first — `csv.DictReader` (columns by
header name, as CUCM's changing layouts demand) and one `execute` per row, committed once.
Same fields as baseline_import.py; no validation, deduplication or classification.
"""
import csv
import sqlite3
import sys

from baseline_import import FIELDS


def main():
    path, db_path = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE IF NOT EXISTS cdr (%s)" % ", ".join(FIELDS))
    sql = "INSERT INTO cdr VALUES (%s)" % ",".join("?" * len(FIELDS))
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["cdrRecordType"] == "INTEGER":  # the type line
                continue
            db.execute(sql, [row[name] for name in FIELDS])
    db.commit()
    count = db.execute("SELECT count(*) FROM cdr").fetchone()[0]
    print(f"{count} rows")


if __name__ == "__main__":
    main()
