#!/usr/bin/env python3
"""Writes cdr_kpi.txt (the KPI engine's CLI test) from rows of cdr_hunt_group.txt and cdr_133_basic.txt.

Kept to show how the file was made; the .txt is the fixture. Times are UTC epoch seconds, base
T = 1740988800 = 2025-03-03 08:00:00 UTC.
"""
import csv, io

def rows(name):
    with open(name, newline="") as f:
        lines = f.read().splitlines()
    header = next(csv.reader([lines[0]]))
    return lines[0], lines[1], header, [next(csv.reader([l])) for l in lines[2:]]

head, types, header, hunt = rows("cdr_hunt_group.txt")
_, _, _, basic = rows("cdr_133_basic.txt")
col = {name: i for i, name in enumerate(header)}
T = 1740988800

def quote(row):
    # CUCM quotes text columns; reuse the type line to decide.
    kinds = next(csv.reader([types]))
    out = []
    for value, kind in zip(row, kinds):
        out.append('"%s"' % value.replace('"', '""') if not kind.startswith("INTEGER") else value)
    return ",".join(out)

def leg(template, call, pkid, start, connect, end, calling=None, final=None, outpulsed=None, cause=16):
    r = list(template)
    r[col["globalCallID_callId"]] = str(call)
    r[col["pkid"]] = "c0ffee00-0000-4000-8000-%012d" % pkid
    r[col["dateTimeOrigination"]] = str(start)
    r[col["dateTimeConnect"]] = str(connect)
    r[col["dateTimeDisconnect"]] = str(end)
    r[col["duration"]] = str(end - connect if connect else 0)
    r[col["origCause_value"]] = str(cause)
    r[col["destCause_value"]] = "0"
    if calling is not None: r[col["callingPartyNumber"]] = calling
    if final is not None: r[col["finalCalledPartyNumber"]] = final
    if outpulsed is not None: r[col["outpulsedCalledPartyNumber"]] = outpulsed
    return quote(r)

ring_only, answered = hunt[0], hunt[1]
s1 = T + 3 * 3600            # 11:00:00
out = [head, types,
       # 81001: pilot 2300, 2301 rings 15 s, 2302 answers after 18 s, talks 82 s.
       leg(ring_only, 81001, 81001, s1, 0, s1 + 15, cause=0),
       leg(answered, 81001, 81002, s1, s1 + 18, s1 + 100),
       # 81002: pilot 2300 → 2301, the caller hangs up after 30 s (abandoned).
       leg(ring_only, 81002, 81003, s1 + 600, 0, s1 + 630, calling="+4917655501111"),
       # 81003: pilot 2300 → 2301, the caller hangs up after 3 s (short abandon), never called back.
       leg(ring_only, 81003, 81004, s1 + 1200, 0, s1 + 1203, calling="+4917655502222"),
       # 81004: 2301 calls +4917655501111 back at 11:40, answered after 5 s, 120 s.
       leg(basic[0], 81004, 81005, s1 + 2400, s1 + 2405, s1 + 2525, calling="2301", final="0017655501111",
           outpulsed="+4917655501111"),
       ]
with open("cdr_kpi.txt", "w", newline="") as f:
    f.write("\n".join(out) + "\n")
