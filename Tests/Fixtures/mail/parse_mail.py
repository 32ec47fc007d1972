"""Parses a mail file with Python's email module and prints its structure as JSON: headers,
the decoded subject, and per leaf part its content type, file name and payload (text decoded,
attachments as hex)."""
import json
import sys
from email import policy
from email.parser import BytesParser

with open(sys.argv[1], "rb") as handle:
    message = BytesParser(policy=policy.default).parse(handle)
parts = []
for part in message.walk():
    if part.is_multipart():
        parts.append({"multipart": part.get_content_type()})
        continue
    payload = part.get_payload(decode=True)
    entry = {"type": part.get_content_type(), "filename": part.get_filename(),
             "encoding": part.get("Content-Transfer-Encoding")}
    if part.get_filename():
        entry["hex"] = payload.hex()
    else:
        entry["text"] = payload.decode(part.get_content_charset() or "ascii")
    parts.append(entry)
print(json.dumps({"subject": str(message["Subject"]), "from": str(message["From"]), "to": str(message["To"]),
                  "date": str(message["Date"]), "message_id": str(message["Message-ID"]),
                  "defects": [type(d).__name__ for d in message.defects], "parts": parts}))
