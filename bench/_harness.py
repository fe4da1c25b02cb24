"""Shared parts of the benchmarks: a throw-away seeded site served by gunicorn on loopback, a client, statistics."""

import argparse
import contextlib
import html
import http.client
import json
import os
import re
import runpy
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SETTINGS = "bench.settings"
GUNICORN_CONFIG = REPO / "learning" / "gunicorn.conf.py"
# The server shape a benchmark may change, and the environment variable of learning/gunicorn.conf.py for each.
SHAPE_VARIABLES = {
    "workers": "WEB_CONCURRENCY",
    "worker_class": "GUNICORN_WORKER_CLASS",
    "threads": "GUNICORN_THREADS",
    "keepalive": "GUNICORN_KEEPALIVE",
}
DEMO_PASSWORD = "lernhafen-demo"
SEEDED_MARKER = "bench-seeded.json"
HTTP_TIMEOUT = 30.0


class BenchError(RuntimeError):
    """The benchmark could not run; the message says what failed."""


def _sigterm_to_exit(signum, frame):
    # A plain SIGTERM would skip the finally blocks that stop gunicorn and remove the temp dir.
    raise SystemExit(128 + signum)


def common_arguments(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--var-dir",
        help="reuse (or create and keep) this var dir instead of a throw-away one; it is seeded only once",
    )
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: learning/gunicorn.conf.py's)")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], help="gunicorn worker class")
    parser.add_argument("--threads", type=int, help="threads per gthread worker")
    parser.add_argument("--keepalive", type=int, help="seconds gunicorn keeps an idle connection open")
    parser.add_argument("--markdown", help="append the results as Markdown to this file")
    parser.add_argument(
        "--database-url",
        help="an empty PostgreSQL database to use instead of SQLite (migrated and seeded like the var dir)",
    )
    parser.add_argument(
        "--redis-url", help="Redis for the caches and sessions (REDIS_URL) instead of the database"
    )
    return parser


def services_from(args):
    """DATABASE_URL and REDIS_URL as given on the command line; the embedded default without them."""
    services = {"DATABASE_URL": args.database_url, "REDIS_URL": args.redis_url}
    return {name: value for name, value in services.items() if value}


def shape_from(args):
    """The server shape given on the command line: {"workers": 2, ...}, only what was given."""
    return {
        name: getattr(args, name, None) for name in SHAPE_VARIABLES if getattr(args, name, None) is not None
    }


def effective_shape(overrides=None):
    """The shape a server started with these overrides has: learning/gunicorn.conf.py's defaults otherwise."""
    env = {name: value for name, value in os.environ.items() if name not in SHAPE_VARIABLES.values()}
    env.update({SHAPE_VARIABLES[name]: str(value) for name, value in (overrides or {}).items()})
    config = gunicorn_settings(env)
    return {name: config[name] for name in SHAPE_VARIABLES}


def describe_shape(shape):
    """A server shape in words, for the notes of a report."""
    if shape["worker_class"] == "sync":
        return f"gunicorn {shape['workers']} sync workers (a new connection per request)"
    return (
        f"gunicorn {shape['workers']} {shape['worker_class']} workers × {shape['threads']} threads, "
        f"keep-alive {shape['keepalive']} s"
    )


def gunicorn_settings(env):
    """What learning/gunicorn.conf.py sets under the environment `env` (it reads os.environ)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        return runpy.run_path(str(GUNICORN_CONFIG))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def free_port():
    """A free port on loopback: the first free one from BENCH_PORT_BASE on (and the next 99) when it is set,
    so that a benchmark on a shared machine stays out of the ports other jobs have been given; any free one
    otherwise."""
    base = os.environ.get("BENCH_PORT_BASE", "").strip()
    candidates = range(int(base), int(base) + 100) if base else [0]
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise BenchError(f"no free port from BENCH_PORT_BASE={base} to {int(base) + 99}")


class Server:
    """gunicorn serving the site on 127.0.0.1:<port>; stop() ends the master and its workers."""

    # The sign-in page: it needs the database but is never put into the public page cache, so waiting for
    # it leaves the cache as empty as it was.
    def __init__(self, site, shape=None, extra_env=None, ready_path="/anmelden/"):
        self.site = site
        self.port = free_port()
        self.log_path = site.var_dir / f"gunicorn-{self.port}.log"
        env = site.env(**(extra_env or {}))
        # learning/gunicorn.conf.py as production and `make run` read it, with the benchmark's port and shape;
        # variables of the calling shell that would change the shape unasked are dropped.
        for name in (
            *SHAPE_VARIABLES.values(),
            "GUNICORN_RELOAD",
            "GUNICORN_ACCESS_LOG",
            "GUNICORN_CMD_ARGS",
        ):
            env.pop(name, None)
        env["GUNICORN_BIND"] = f"127.0.0.1:{self.port}"
        env.update({SHAPE_VARIABLES[name]: str(value) for name, value in (shape or {}).items()})
        config = gunicorn_settings(env)
        self.shape = {name: config[name] for name in SHAPE_VARIABLES}
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            "--config",
            str(GUNICORN_CONFIG),
            "--chdir",
            str(REPO),
            "--graceful-timeout",
            "5",
        ]
        # A session of its own: Ctrl-C in the terminal reaches only the benchmark, which then stops gunicorn
        # in its finally block, so the two never race to shut down.
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_ready(ready_path)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, path, timeout=90.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn ended at start-up; see {self.log_path}:\n{self.log_tail()}")
            client = Client(self.port)
            try:
                status, _headers, _body, _seconds = client.request("GET", path)
                if status == 200 and len(self.worker_pids()) >= 1:
                    return
            except OSError:
                pass
            finally:
                client.close()
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer {path} within {timeout:.0f} s:\n{self.log_tail()}")

    def describe(self):
        return describe_shape(self.shape)

    def cpu_seconds(self):
        """CPU time (user + system) the server has used so far: the master, its live workers, and the
        workers that have ended (their time is in the master's cutime/cstime once it has reaped them)."""
        total = 0
        for pid in [self.process.pid, *self.worker_pids()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # Fields 14-17 of /proc/<pid>/stat (utime, stime, cutime, cstime); fields[0] here is field 3.
            utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
            total += utime + stime + (cutime + cstime if pid == self.process.pid else 0)
        return total / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines=30):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def worker_pids(self):
        """The pids of gunicorn's workers: the children of the master process."""
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            return [int(child) for child in children]
        except OSError:
            pass
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == pid:
                    found.append(int(entry.name))
        return found

    def stop(self):
        if self.process.poll() is None:
            workers = self.worker_pids()
            self.process.send_signal(signal.SIGTERM)  # gunicorn stops its workers gracefully
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                for pid in [self.process.pid, *workers]:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self._log.close()


class Site:
    """A throw-away Lernhafen: a temp var dir with SQLite and media, migrated, seeded and prepared once."""

    def __init__(self, var_dir=None, services=None):
        self.keep = var_dir is not None
        self.services = services or {}
        self.var_dir = Path(var_dir or tempfile.mkdtemp(prefix="lernhafen-bench-")).resolve()
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.servers = []
        self.targets = None

    def __enter__(self):
        signal.signal(signal.SIGTERM, _sigterm_to_exit)
        # A shell starts background jobs with SIGINT ignored; the benchmark still wants to clean up on it.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            self.prepare()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def env(self, **extra):
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE=SETTINGS,
            LERNHAFEN_VAR_DIR=str(self.var_dir),
            MEDIA_ROOT=str(self.var_dir / "media"),
            PRIVATE_MEDIA_ROOT=str(self.var_dir / "private"),
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(REPO),
        )
        for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
            env.pop(name, None)  # the embedded default, whatever the calling shell points at
        env.update(self.services)
        env.update({name: str(value) for name, value in extra.items()})
        return env

    def run(self, *args, timeout=600, env=None):
        result = subprocess.run(
            [PYTHON, *args],
            cwd=REPO,
            env=self.env(**(env or {})),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise BenchError(f"{' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
        return result.stdout

    def django(self, command, payload=None, timeout=300, env=None):
        """Run a step of bench/_django.py inside Django against this site's database; returns its JSON."""
        out = self.run("bench/_django.py", command, json.dumps(payload or {}), timeout=timeout, env=env)
        return json.loads(out.strip().splitlines()[-1])

    def prepare(self):
        marker = self.var_dir / SEEDED_MARKER
        if marker.exists():
            self.targets = json.loads(marker.read_text())
            return
        # The filesystem broker does not create its folders; heartbeats that complete a lesson enqueue a task.
        for folder in ("queue", "processed", "control", "results"):
            (self.var_dir / "celery" / folder).mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        log(
            "migrating a fresh",
            "PostgreSQL database for" if self.services.get("DATABASE_URL") else "SQLite database in",
            self.var_dir,
        )
        self.run("manage.py", "migrate", "--no-input")
        self.run("manage.py", "createcachetable")
        log("seeding demo content (seed_demo, about a minute)")
        self.run("manage.py", "seed_demo", timeout=900)
        self.targets = self.django("prepare")
        self.targets["seed_seconds"] = round(time.monotonic() - started, 1)
        marker.write_text(json.dumps(self.targets, indent=2))
        log(f"site ready after {self.targets['seed_seconds']} s")

    def server(self, shape=None, **extra_env):
        server = Server(self, shape=shape, extra_env=extra_env)
        self.servers.append(server)
        return server

    def stop_servers(self):
        while self.servers:
            self.servers.pop().stop()

    def close(self):
        try:
            self.stop_servers()
        finally:
            if not self.keep:
                shutil.rmtree(self.var_dir, ignore_errors=True)


def log(*parts):
    print("#", *parts, file=sys.stderr, flush=True)


class Client:
    """One HTTP client with its own cookies, like one browser tab; not shared between threads."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.connection = None

    def _connect(self):
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)

    def request(self, method, path, body=None, headers=None, sink=False):
        """(status, headers, body, seconds); with sink=True the body is read in chunks and only counted."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if isinstance(body, str):
            body = body.encode()
        for attempt in range(2):
            if self.connection is None:
                self._connect()
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                if sink:
                    size = 0
                    while chunk := response.read(1024 * 1024):
                        size += len(chunk)
                    content = size
                else:
                    content = response.read()
                seconds = time.perf_counter() - started
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server had already closed: one fresh try.
                self.close()
                if attempt:
                    raise
                continue
            for cookie in response.msg.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                value = rest.split(";", 1)[0]
                if value and "max-age=0" not in cookie.lower():
                    self.cookies[name.strip()] = value
                else:
                    self.cookies.pop(name.strip(), None)
            if response.will_close:
                self.close()
            return response.status, response.msg, content, seconds
        raise AssertionError("unreachable")

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_from(page_html):
    match = CSRF_INPUT.search(page_html.decode("utf-8", "replace"))
    if not match:
        raise BenchError("no csrfmiddlewaretoken in the page")
    return html.unescape(match.group(1))


def login(port, username, password=DEMO_PASSWORD):
    """A client signed in through the sign-in form, as a browser would: GET the form, POST it back."""
    client = Client(port)
    status, _headers, body, _seconds = client.request("GET", "/anmelden/")
    if status != 200:
        raise BenchError(f"GET /anmelden/ answered {status}")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf_from(body), "username": username, "password": password}
    )
    status, _headers, _body, _seconds = client.request(
        "POST",
        "/anmelden/",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 302 or "sessionid" not in client.cookies:
        raise BenchError(f"signing in as {username} failed (status {status})")
    return client


class Recorder:
    """Latencies and statuses of many requests from many threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.statuses = {}
        self.failures = []
        self.bytes = 0

    def add(self, status, seconds, size=0):
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.bytes += size

    def fail(self, error):
        with self.lock:
            self.failures.append(repr(error))


def run_clients(clients, total, one_request, max_seconds=120.0, rate=None):
    """`total` requests shared by len(clients) threads, each `one_request(client, i) -> (status, size)`.

    Without `rate` every client sends its next request as soon as the last one is answered (closed loop: the
    most the server can do). With `rate` (requests/s over all clients) each client sends on a fixed schedule,
    like browsers whose heartbeats come every few seconds. Stops early after `max_seconds`.
    Returns (recorder, wall seconds).
    """
    recorder = Recorder()
    counter = iter(range(total))
    counter_lock = threading.Lock()
    start = threading.Barrier(len(clients) + 1)
    clock = {"deadline": 0.0, "began": 0.0}
    period = len(clients) / rate if rate else 0.0

    def worker(number, client):
        start.wait()
        sent = 0
        while time.monotonic() < clock["deadline"]:
            with counter_lock:
                index = next(counter, None)
            if index is None:
                return
            if period:
                # Spread the clients evenly over one period, then keep each on its own beat.
                due = clock["began"] + (number / len(clients) + sent) * period
                time.sleep(max(0.0, min(due, clock["deadline"]) - time.monotonic()))
                sent += 1
            started = time.perf_counter()
            try:
                status, size = one_request(client, index)
            except Exception as error:  # noqa: BLE001 - a failed request is a result, not a crash
                recorder.fail(error)
                recorder.add("error", time.perf_counter() - started)
                continue
            recorder.add(status, time.perf_counter() - started, size)

    threads = [
        threading.Thread(target=worker, args=(number, client), daemon=True)
        for number, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    clock["began"] = time.monotonic()
    clock["deadline"] = clock["began"] + max_seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join(max_seconds + HTTP_TIMEOUT + 5)
    return recorder, time.perf_counter() - began


def percentiles(values):
    """p50, p95, p99 and max in milliseconds."""
    if not values:
        return {"p50": None, "p95": None, "p99": None, "max": None}
    if len(values) == 1:
        ms = values[0] * 1000
        return {"p50": ms, "p95": ms, "p99": ms, "max": ms}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000, "max": max(values) * 1000}


def summary_row(label, recorder, wall, ok=(200,)):
    stats = percentiles(recorder.latencies)
    count = len(recorder.latencies)
    errors = sum(n for status, n in recorder.statuses.items() if status not in ok)
    return {
        "case": label,
        "requests": count,
        "req/s": round(count / wall, 1) if wall else None,
        "p50 ms": fmt(stats["p50"]),
        "p95 ms": fmt(stats["p95"]),
        "p99 ms": fmt(stats["p99"]),
        "max ms": fmt(stats["max"]),
        "errors": errors,
    }


def fmt(value, digits=1):
    return None if value is None else round(value, digits)


class Report:
    """Tables and notes of one benchmark: printed as text, optionally appended to a Markdown file."""

    def __init__(self, title):
        self.title = title
        self.parts = []
        self.load_before = os.getloadavg()[0]

    def finish(self):
        """Note the machine's load: other jobs on the same two cores show up in every number here."""
        self.note(f"Load average (1 min) before / after: {self.load_before:.2f} / {os.getloadavg()[0]:.2f}.")
        return self

    def row(self, case):
        """The first table row whose first column is `case`."""
        for kind, _text, rows in self.parts:
            for row in rows or [] if kind == "table" else []:
                if next(iter(row.values())) == case:
                    return row
        raise KeyError(case)

    def rows(self, caption_start):
        """The rows of the first table whose caption starts with `caption_start`."""
        for kind, text, rows in self.parts:
            if kind == "table" and text.startswith(caption_start):
                return rows
        raise KeyError(caption_start)

    def table(self, caption, rows):
        self.parts.append(("table", caption, rows))

    def note(self, text):
        self.parts.append(("note", text, None))

    def markdown(self):
        lines = [f"### {self.title}", ""]
        for kind, text, rows in self.parts:
            if kind == "note":
                lines += [text, ""]
                continue
            lines += [f"**{text}**", ""]
            if rows:
                columns = list(rows[0])
                lines.append("| " + " | ".join(columns) + " |")
                lines.append("|" + "|".join("---" for _ in columns) + "|")
                for row in rows:
                    lines.append("| " + " | ".join(_cell(row.get(c)) for c in columns) + " |")
            lines.append("")
        return "\n".join(lines)

    def text(self):
        lines = [f"== {self.title} =="]
        for kind, text, rows in self.parts:
            if kind == "note":
                lines.append(text)
                continue
            lines.append(f"-- {text}")
            if rows:
                columns = list(rows[0])
                widths = [max(len(c), *(len(_cell(row.get(c))) for row in rows)) for c in columns]
                lines.append("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
                for row in rows:
                    cells = (_cell(row.get(c)).ljust(w) for c, w in zip(columns, widths, strict=True))
                    lines.append("  ".join(cells))
        return "\n".join(lines)

    def emit(self, markdown_path=None):
        print(self.text(), flush=True)
        if markdown_path:
            with open(markdown_path, "a", encoding="utf-8") as handle:
                handle.write(self.markdown() + "\n")


def _cell(value):
    return "–" if value is None else str(value)


def main_with_site(description, run, configure=None):
    """Entry point of a single benchmark: arguments, a prepared site, run(site, args) -> Report."""
    parser = common_arguments(description)
    if configure:
        configure(parser)
    args = parser.parse_args()
    with Site(args.var_dir, services_from(args)) as site:
        report = run(site, args).finish()
    report.emit(args.markdown)
