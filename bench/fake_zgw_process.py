"""The fake ZGW APIs as a process of their own, for the registration benchmark with worker processes.

    python -m bench.fake_zgw_process --latency 0.05

Prints one JSON line with the API roots once it listens (127.0.0.1, a free port), then
serves until stdin closes. ``GET /__calls`` answers the number of API calls served so far.
The fake does not validate against the OpenAPI files here (the tests do): its CPU would be
taken from the workers on the same machine.
"""

import argparse
import json
import sys

from tests.registrations.fake_zgw import FakeZGW


class CountingFake(FakeZGW):
    def wsgi(self, environ, start_response):
        if environ.get("PATH_INFO") == "/__calls":
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps(len(self.calls)).encode()]
        return super().wsgi(environ, start_response)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    fake = CountingFake(validate=False)
    fake.latency = args.latency
    print(json.dumps({"base": fake.base, "roots": fake.roots}), flush=True)
    sys.stdin.read()  # until the benchmark closes our stdin (or ends)
    fake.close()


if __name__ == "__main__":
    main()
