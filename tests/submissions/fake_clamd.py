"""A stand-in for ClamAV's clamd that speaks its wire protocol (PING, INSTREAM) on a local TCP port.

It knows one signature, the EICAR test file, and answers the way clamd does
(``stream: Eicar-Test-Signature FOUND``), so the scan hook, the clamd client and the
socket between them are all exercised; only the virus database is small.
"""

import base64
import socketserver
import struct
import threading

EICAR = base64.b64decode(
    b"WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo="
)
SIGNATURE = "Eicar-Test-Signature"


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        command = b""
        while not command.endswith((b"\n", b"\0")):
            byte = self.rfile.read(1)
            if not byte:
                return
            command += byte
        terminator = command[-1:]
        name = command[1:-1] if command[:1] in (b"n", b"z") else command[:-1]
        if name == b"PING":
            self.wfile.write(b"PONG" + terminator)
        elif name == b"INSTREAM":
            data = bytearray()
            while True:
                (length,) = struct.unpack("!L", self.rfile.read(4))
                if length == 0:
                    break
                data += self.rfile.read(length)
            self.server.scanned.append(bytes(data))
            verdict = f"stream: {SIGNATURE} FOUND" if EICAR in data else "stream: OK"
            self.wfile.write(verdict.encode() + terminator)
        else:
            self.wfile.write(b"UNKNOWN COMMAND" + terminator)


class FakeClamd(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.scanned: list[bytes] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        host, port = self.server_address
        return f"tcp://{host}:{port}"

    def __enter__(self) -> "FakeClamd":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()
