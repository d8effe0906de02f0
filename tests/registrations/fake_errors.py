"""The error a fake API answers with, in the shape ZGW servers use (``Fout`` / ``ValidatieFout``)."""

import uuid


class Refused(Exception):
    def __init__(self, status: int, detail: str, params: list[tuple[str, str, str]] = ()):
        self.status = status
        self.body = {
            "type": "about:blank",
            "code": "invalid" if status == 400 else "error",
            "title": detail,
            "status": status,
            "detail": detail,
            "instance": f"urn:uuid:{uuid.uuid4()}",
        }
        if params:
            self.body["invalidParams"] = [{"name": n, "code": c, "reason": r} for n, c, r in params]
