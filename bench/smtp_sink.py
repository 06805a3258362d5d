"""A local SMTP sink (aiosmtpd, dev-only) that counts connections and messages; for bench/ and the tests.

    .venv/bin/python -m bench.smtp_sink --port 8025     # until SIGTERM/Ctrl-C, then prints {"connections": …}

In-process: `with SmtpSink() as sink:` starts it on a free port of 127.0.0.1 (`sink.port`); `sink.refuse` holds
addresses answered with 550 at RCPT, `sink.messages` the (recipients, bytes) received, `sink.connections` the SMTP
sessions opened (one EHLO/HELO each).
"""

import argparse
import json
import signal
import socket
import threading

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self, keep_content=True):
        self.keep_content = keep_content
        self.lock = threading.Lock()
        self.connections = 0
        self.messages = []
        self.count = 0
        self.refuse = set()

    def _hello(self):
        with self.lock:
            self.connections += 1

    async def handle_HELO(self, server, session, envelope, hostname):
        self._hello()
        session.host_name = hostname
        return f"250 {server.hostname}"

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self._hello()
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            if self.keep_content:
                self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    def __init__(self, port=None, keep_content=True):
        self.handler = CountingHandler(keep_content=keep_content)
        self.port = port or free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def connections(self):
        return self.handler.connections

    @property
    def messages(self):
        return self.handler.messages

    @property
    def count(self):
        return self.handler.count

    @property
    def refuse(self):
        return self.handler.refuse


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8025)
    args = parser.parse_args()
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    with SmtpSink(port=args.port, keep_content=False) as sink:
        print(f"listening on 127.0.0.1:{sink.port}", flush=True)
        signal.sigwait({signal.SIGTERM, signal.SIGINT})
    print(json.dumps({"connections": sink.connections, "messages": sink.count}), flush=True)


if __name__ == "__main__":
    main()
