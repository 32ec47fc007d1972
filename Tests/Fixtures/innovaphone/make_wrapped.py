#!/usr/bin/env python3
"""Writes the three HTTP wrappings of the first three <cdr> of calls.xml (run from this folder)."""
import re
import urllib.parse

cdrs = re.findall(r"<cdr .*?</cdr>", open("calls.xml", encoding="utf-8").read(), re.S)[:3]
with open("wrapped_standard.txt", "w", encoding="utf-8", newline="") as f:
    for c in cdrs:
        f.write("log-msg" + c + "\r\n")
with open("wrapped_get.txt", "w", encoding="utf-8", newline="") as f:
    for i, c in enumerate(cdrs):
        f.write("?event=syslog&time=%d&date=20260302-0%d0000&from=IP811-00-90-33-00-00-01&msg=%s\n"
                % (1772442100 + i, i, urllib.parse.quote_plus(c)))
with open("wrapped_post.txt", "w", encoding="utf-8", newline="") as f:
    f.write("event=syslog&time=1772442000&date=20260302-090000&from=IP811-00-90-33-00-00-01&msg=PBX+started\n")
    for c in cdrs:
        f.write("event=syslog&time=1772442100&date=20260302-090140&from=IP811-00-90-33-00-00-01&msg=%s\r\n"
                % urllib.parse.quote(c, safe=""))
