"""A real SMTP server for the mail tests (aiosmtpd): STARTTLS and AUTH required, every received
message written to OUT/NNN.eml (raw bytes) with OUT/NNN.json (envelope, TLS and AUTH state).

usage: smtp_server.py PORT CERT KEY USER PASSWORD_FILE OUT [plain]
With "plain" the server offers neither STARTTLS nor AUTH (a client must refuse to send to it).
Prints "ready" when it accepts connections; stops on SIGTERM.
"""
import json
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def main():
    port, cert, key, user, password_file, out = sys.argv[1:7]
    plain = sys.argv[7:8] == ["plain"]
    with open(password_file, encoding="utf-8") as handle:
        password = handle.read().strip()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    class Handler:
        def __init__(self):
            self.count = 0
            self.lock = threading.Lock()

        async def handle_DATA(self, server, session, envelope):
            with self.lock:
                self.count += 1
                base = os.path.join(out, "%03d" % self.count)
            with open(base + ".json", "w", encoding="utf-8") as handle:
                json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                           "tls": session.ssl is not None, "authenticated": bool(session.authenticated)}, handle)
            with open(base + ".eml.tmp", "wb") as handle:
                handle.write(envelope.original_content or envelope.content)
            os.rename(base + ".eml.tmp", base + ".eml")
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login == user.encode() \
                and auth_data.password == password.encode():
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    if plain:
        controller = Controller(Handler(), hostname="127.0.0.1", port=int(port), decode_data=False)
    else:
        controller = Controller(Handler(), hostname="127.0.0.1", port=int(port), tls_context=context,
                                require_starttls=True, auth_required=True, auth_require_tls=True,
                                authenticator=authenticator, decode_data=False)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
