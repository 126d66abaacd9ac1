#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`footprint serve` end to end over loopback HTTP: api_test.py CASE FOOTPRINT SOURCE_DIR.

Each case starts its own server on a free port (--port 0; FPT_WRAPPER, e.g. valgrind, runs it),
talks to it only on 127.0.0.1, and stops it with SIGINT, which must end it with status 0 and,
under valgrind, without a memory error or leak. Every loop is bounded in count and time.

    routes      status codes, methods, content types
    security    the headers, the Host check, POST only as JSON, a page that loads nothing else
    hostile     oversized, chunked, malformed and garbage requests; the server keeps serving
    whatifs     bad what-ifs: 400 with the member and the message a scenario file gets
    round-trip  POST /api/scenario's file, solved by `footprint solve`, is /api/solve's result
    concurrent  many what-ifs at once, each answer equal to the command's; latencies printed
    options     --host warnings and refusals, a port in use, a sweep refused
    signal      SIGINT and SIGTERM stop it cleanly, a request in flight still answered
"""
import http.client
import json
import os
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

CASE, FOOTPRINT, SRC = sys.argv[1], sys.argv[2], sys.argv[3]
MODEL = os.path.join(SRC, "models", "england2013.xml")
HUB5M = os.path.join(SRC, "scenarios", "hub5m.xml")
WRAPPER = shlex.split(os.environ.get("FPT_WRAPPER", ""))
SLOW = bool(WRAPPER)  # under valgrind everything is tens of times slower
WORK = tempfile.mkdtemp(prefix="fpt-serve-")


def fail(message):
    print(f"FAIL [{CASE}]: {message} (servers' logs kept in {WORK})", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


class Server:
    """footprint serve on a free loopback port; stop() sends SIGINT and checks the exit."""

    def __init__(self, *args, scenario=HUB5M, expect_start=True):
        self.err_path = os.path.join(WORK, f"serve-{time.monotonic_ns()}.err")
        self.err = open(self.err_path, "w")
        self.proc = subprocess.Popen(
            WRAPPER + [FOOTPRINT, "serve", MODEL, scenario, "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=self.err, text=True)
        self.url = None
        if expect_start:
            line = self.proc.stdout.readline()
            check(line.startswith("http://"), f"no URL printed: {line!r} {self.stderr()}")
            self.url = line.strip()
            hostport = self.url.split("//")[1].rstrip("/")
            self.host, port = hostport.rsplit(":", 1)
            self.port = int(port)

    def stderr(self):
        if not self.err.closed:
            self.err.flush()
        with open(self.err_path) as f:
            return f.read()

    def conn(self, timeout=120):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, timeout=120):
        c = self.conn(timeout)
        h = {"Content-Type": "application/json"} if body is not None else {}
        h.update(headers or {})
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        payload = r.read()
        c.close()
        return r.status, dict(r.getheaders()), payload

    def json(self, method, path, body=None, status=200, headers=None):
        got, _, payload = self.request(method, path, body, headers)
        check(got == status,
              f"{method} {path} {str(body)[:80]}: {got}, expected {status}: {payload[:300]!r}")
        return json.loads(payload)

    def stop(self, sig=signal.SIGINT):
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=120 if SLOW else 20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("the server did not stop on a signal")
        self.err.close()
        check(code == 0, f"the server exited {code} on a signal: {self.stderr()}")
        return self.stderr()


def cli_json(scenario_path):
    out = subprocess.run(WRAPPER + [FOOTPRINT, "solve", MODEL, scenario_path, "--format", "json",
                                    "--no-why"], capture_output=True, text=True, timeout=300)
    check(out.returncode in (0, 4), f"footprint solve exited {out.returncode}: {out.stderr}")
    return json.loads(out.stdout)


def save(name, data):
    path = os.path.join(WORK, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


WHATIFS = [
    {},
    {"values": {"weight.scale": 3}},
    {"values": {"weight.local-knowledge": 2.5, "weight.visibility": 0.25}},
    {"values": {"level.hub.unit-population": 2500000, "finance.allowance-per-head-gbp": 21}},
    {"values": {"supply.legal.supply-wte": 40, "supply.analysts.premium-gbp": 20000}},
    {"values": {"set.bi-data.rating.scale": 1, "set.legal.staff.salary-gbp": 80000}},
    {"locks": [{"function": "legal", "level": "national", "mode": "forbid"},
               {"function": "bi-data", "level": "local", "mode": "fix"}]},
    {"values": {"finance.allowance-per-head-gbp": 5}},  # infeasible: the budget
]


def expected_results(server):
    """Each what-if's result as `footprint solve --format json --no-why` prints it."""
    out = []
    for i, w in enumerate(WHATIFS):
        status, headers, xml = server.request("POST", "/api/scenario", w)
        check(status == 200, f"/api/scenario {w}: {status} {xml[:200]!r}")
        check(headers.get("Content-Disposition", "").startswith("attachment"),
              "the scenario is not sent as a download")
        out.append(cli_json(save(f"whatif-{i}.xml", xml)))
    return out


# ---- cases ---------------------------------------------------------------------------------

def case_routes():
    s = Server()
    status, headers, body = s.request("GET", "/")
    check(status == 200 and headers["Content-Type"].startswith("text/html"), "GET / is not the page")
    for path, kind in (("/page.css", "text/css"), ("/page.js", "text/javascript"),
                       ("/api/model", "application/json")):
        status, headers, _ = s.request("GET", path)
        check(status == 200 and headers["Content-Type"].startswith(kind), f"GET {path}: {status}")
    status, headers, body = s.request("HEAD", "/api/model")
    check(status == 200 and body == b"", "HEAD /api/model")
    check(s.request("GET", "/etc/passwd")[0] == 404, "a path outside the API is not 404")
    check(s.request("GET", "/../../etc/passwd")[0] == 404, "a dotted path is not 404")
    status, headers, _ = s.request("POST", "/api/model", {})
    check(status == 405 and headers.get("Allow") == "GET, HEAD", "POST /api/model is not 405")
    status, headers, _ = s.request("GET", "/api/solve")
    check(status == 405 and headers.get("Allow") == "POST", "GET /api/solve is not 405")
    status, _, _ = s.request("DELETE", "/api/solve")
    check(status == 405, "DELETE is not 405")
    m = s.json("GET", "/api/model")
    check(m["scenario"]["id"] == "hub5m" and len(m["functions"]) > 20, "the model is not described")
    s.stop()


CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
       "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def case_security():
    s = Server()
    check(s.host == "127.0.0.1", f"binds {s.host} by default")
    for path in ("/", "/api/model", "/nowhere"):
        _, h, _ = s.request("GET", path)
        check(h.get("Content-Security-Policy") == CSP, f"{path}: CSP {h.get('Content-Security-Policy')}")
        check(h.get("X-Frame-Options") == "DENY", f"{path}: framing allowed")
        check(h.get("X-Content-Type-Options") == "nosniff", f"{path}: no nosniff")
        check(h.get("Cache-Control") == "no-store", f"{path}: cached")
    status, _, _ = s.request("GET", "/api/model", headers={"Host": "evil.example:80"})
    check(status == 403, f"a foreign Host header got {status}")
    status, _, _ = s.request("GET", "/", headers={"Host": f"localhost:{s.port}"})
    check(status == 200, f"Host localhost got {status}")
    status, _, _ = s.request("POST", "/api/solve", b"{}", headers={"Content-Type": "text/plain"})
    check(status == 415, f"a text/plain POST got {status} (a cross-site form could send it)")
    page = b"".join(s.request("GET", p)[2] for p in ("/", "/page.css", "/page.js"))
    for bad in (b"http://", b"https://", b"@import", b"url(", b"eval(", b"style=\""):
        check(bad not in page.replace(b"http://www.w3.org/2000/svg", b""),
              f"the page holds {bad!r}")
    s.stop()


def raw(s, data, read=True, timeout=30):
    with socket.create_connection(("127.0.0.1", s.port), timeout=timeout) as c:
        c.sendall(data)
        if not read:
            return b""
        try:
            return c.recv(4096)
        except (ConnectionResetError, socket.timeout):
            return b""


def case_hostile():
    s = Server("--max-solves", "2")
    big = b"{" + b" " * (1 << 20) + b"}"
    try:  # refused on its Content-Length: the server may close before the client has sent it all
        status, _, _ = s.request("POST", "/api/solve", big)
        check(status == 413, f"a 1 MB body got {status}")
    except (BrokenPipeError, ConnectionResetError):
        pass
    head = (f"POST /api/solve HTTP/1.1\r\nHost: 127.0.0.1:{s.port}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
    chunks = b"".join(b"8000\r\n" + b" " * 0x8000 + b"\r\n" for _ in range(4)) + b"0\r\n\r\n"
    reply = raw(s, head + chunks)
    check(reply.startswith(b"HTTP/1.1 413"), f"a chunked 128 KiB body got {reply[:40]!r}")
    claimed = (f"POST /api/solve HTTP/1.1\r\nHost: 127.0.0.1:{s.port}\r\n"
               "Content-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n{}").encode()
    check(raw(s, claimed).startswith(b"HTTP/1.1 413"), "a huge Content-Length is not 413")
    for junk in (b"\x00\xff\xfe GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"\r\n\r\n",
                 b"GET " + b"/a" * 40000 + b" HTTP/1.1\r\n\r\n",
                 b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 5000 + b"\r\n"):
        raw(s, junk, timeout=3)  # answered 400 or left to the idle timeout: either will do
    raw(s, b"POST /api/solve HTTP/1.1\r\nContent-Length: 10\r\n\r\n{", read=False)  # cut short
    for body in (b"{", b"[]", b"{\"values\": NaN}", b"{\"values\": {\"weight.scale\": 1e999}}",
                 b"{\"values\": {\"weight.scale\": \"1\"}}", b"{\"surprise\": 1}",
                 b"\xff\xfe{}", b"{\"values\": {\"weight.scale\": 99999999999999999999999}}",
                 b"[" * 20000 + b"]" * 20000):
        got = s.json("POST", "/api/solve", body, status=400)
        check("problems" in got and got["problems"], f"{body[:40]!r}: no problems listed")
    for _ in range(20):  # connections opened and dropped
        socket.create_connection(("127.0.0.1", s.port), timeout=5).close()
    r = s.json("POST", "/api/solve", {"values": {"weight.scale": 2}})
    check(r["result"]["status"] == "optimal", "the server stopped solving after bad input")
    check(s.json("GET", "/api/model")["scenario"]["id"] == "hub5m", "the model is gone")
    s.stop()


def cli_message(text):
    """What `footprint solve` says of a scenario file: the message after 'file:line: '."""
    path = save("bad.xml", text.encode())
    out = subprocess.run([FOOTPRINT, "solve", MODEL, path], capture_output=True, text=True)
    check(out.returncode == 3, f"footprint solve on a bad file exited {out.returncode}")
    return out.stderr.strip().split(": ", 1)[1]


def case_whatifs():
    s = Server()
    with open(HUB5M) as f:
        hub5m = f.read()
    cases = [
        ({"values": {"weight.scale": -1}}, "values.weight.scale",
         hub5m.replace('scale="1"', 'scale="-1"')),
        ({"values": {"finance.support-share": 1.5}}, "values.finance.support-share",
         hub5m.replace('support-share="0.5"', 'support-share="1.5"')),
        ({"values": {"supply.legal.supply-wte": -3}}, "values.supply.legal.supply-wte",
         hub5m.replace('supply-wte="60"', 'supply-wte="-3"')),
        ({"values": {"level.sub-national.units": 2.5}}, "values.level.sub-national.units",
         hub5m.replace('units="4"', 'units="2.5"')),
    ]
    for whatif, field, file_text in cases:
        got = s.json("POST", "/api/solve", whatif, status=400)
        p = got["problems"][0]
        check(p["field"] == field, f"{whatif}: field {p['field']}")
        expected = cli_message(file_text)
        check(p["message"] == expected, f"{whatif}: '{p['message']}' but a file gets '{expected}'")
    got = s.json("POST", "/api/solve", {"values": {"weight.beauty": 1}}, status=400)
    check("names nothing to vary" in got["problems"][0]["message"], "an unknown target")
    got = s.json("POST", "/api/scenario", {"locks": [{"function": "nobody", "level": "hub",
                                                      "mode": "fix"}]}, status=400)
    check("unknown function 'nobody'" in got["problems"][0]["message"], "an unknown function")
    r = s.json("POST", "/api/solve", {"locks": [{"function": "legal", "level": "national",
                                                 "mode": "fix"},
                                                {"function": "legal", "level": "national",
                                                 "mode": "forbid"}]})
    check(r["result"]["status"] == "infeasible" and r["result"]["clashes"], "locks clash")
    check(r["why"] is None, "a why without a plan")
    s.stop()


def case_round_trip():
    s = Server()
    expected = expected_results(s)
    for w, want in zip(WHATIFS, expected):
        got = s.json("POST", "/api/solve", w)
        check(got["result"] == want, f"{w}: /api/solve differs from footprint solve of the file")
        if got["result"]["status"] == "optimal":
            check(len(got["why"]) == len(got["result"]["assignments"]), f"{w}: why per function")
    check(expected[-1]["status"] == "infeasible", "the budget what-if is not infeasible")
    s.stop()


def load(s, whatifs, expected, clients, per_client):
    """clients threads each sending per_client what-ifs; every answer checked; latencies."""
    times, errors = [], []
    lock = threading.Lock()

    def client(k):
        c = s.conn()
        for i in range(per_client):
            j = (k * 7 + i) % len(whatifs)
            start = time.perf_counter()
            try:
                c.request("POST", "/api/solve", body=json.dumps(whatifs[j]),
                          headers={"Content-Type": "application/json"})
                r = c.getresponse()
                data = r.read()
                ms = 1000 * (time.perf_counter() - start)
                ok = r.status == 200 and json.loads(data)["result"] == expected[j]
            except Exception as e:  # counted, never fatal inside the thread
                ok, ms = False, 0
                data = str(e).encode()
            with lock:
                times.append(ms)
                if not ok:
                    errors.append((whatifs[j], data[:200]))
        c.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    check(not errors, f"{len(errors)} wrong or failed answers, first {errors[:1]}")
    check(len(times) == clients * per_client, "a client did not finish")
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def case_concurrent():
    s = Server("--max-solves", "4")
    expected = expected_results(s)
    per = 3 if SLOW else 25
    for clients in (1, 8):
        median, p95 = load(s, WHATIFS, expected, clients, per)
        print(f"{clients} client(s) x {per} what-ifs: median {median:.1f} ms, p95 {p95:.1f} ms")
    s.stop()


def start_fails(args, message, scenario=HUB5M):
    out = subprocess.run(WRAPPER + [FOOTPRINT, "serve", MODEL, scenario, *args],
                         capture_output=True, text=True, timeout=120)
    check(out.returncode == 2, f"serve {args} exited {out.returncode}")
    check(message in out.stderr, f"serve {args}: '{out.stderr.strip()}' lacks '{message}'")


def case_options():
    s = Server("--host", "0.0.0.0")
    time.sleep(0.2)
    check("warning: listening on 0.0.0.0" in s.stderr(), "no warning for 0.0.0.0")
    check(s.json("GET", "/api/model", headers={"Host": "somewhere:1"})["scenario"]["id"] == "hub5m",
          "a non-loopback server refuses other Host names")
    s2 = Server("--host", "127.0.0.1")
    check("warning" not in s2.stderr(), "a warning for loopback")
    start_fails(["--port", str(s2.port)], f"cannot listen on 127.0.0.1 port {s2.port}")
    s2.stop()
    s.stop()
    start_fails(["--host", "localhost"], "is not a numeric IPv4 or IPv6 address")
    start_fails(["--port", "70000"], "--port")
    start_fails(["--port", "0"], "has a sweep or Monte Carlo",
                scenario=os.path.join(SRC, "scenarios", "sweep-hub-size.xml"))


def case_signal():
    s = Server()
    check("stopping" not in s.stderr(), "stopping before a signal")
    err = s.stop(signal.SIGTERM)
    check("SIGTERM: stopping" in err, f"no word of stopping: {err}")
    s = Server()
    result = {}

    def slow_request():
        result["r"] = s.request("POST", "/api/solve", {"values": {"weight.scale": 1.5}})

    t = threading.Thread(target=slow_request)
    t.start()
    time.sleep(0.05)
    err = s.stop(signal.SIGINT)
    t.join(timeout=60)
    check("SIGINT: stopping" in err, f"no word of stopping: {err}")
    if "r" in result:  # answered before the server closed, and answered whole
        check(result["r"][0] == 200 and json.loads(result["r"][2])["result"], "a cut answer")


CASES = {"routes": case_routes, "security": case_security, "hostile": case_hostile,
         "whatifs": case_whatifs, "round-trip": case_round_trip, "concurrent": case_concurrent,
         "options": case_options, "signal": case_signal}

if __name__ == "__main__":
    CASES[CASE]()
    shutil.rmtree(WORK)  # kept when a case fails, for its servers' logs
    print(f"ok [{CASE}]")
