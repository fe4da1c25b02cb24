"""The production shape on loopback for the fault suite: its own PostgreSQL, Redis, gunicorn, Celery worker, beat
and mail server.

Every process is started here, in its own process group, and recorded by pid; `Processes.cleanup()` ends each
of them (SIGTERM, then SIGKILL) however the suite ends. Nothing is started when a tool is missing or a port
is taken: `HarnessError` names the tool or the port. Ports are FAULTS_PORT_BASE (default 57300) and the next
few; set FAULTS_PORT_BASE to move them.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import psycopg
import requests

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VENV_BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))
HOST = "lernhafen.test"  # the name the reverse proxy would pass on; clients connect to 127.0.0.1
PORT_NAMES = ("postgresql", "redis", "gunicorn", "smtp", "sqlite-site")
QUEUE = "lernhafen-faults"


class HarnessError(RuntimeError):
    """The harness cannot start: the message names the missing tool or the taken port."""


def tools():
    """Every program the harness runs, by name."""
    return {
        "initdb": PG_BIN / "initdb",
        "postgres": PG_BIN / "postgres",
        "pg_dump": PG_BIN / "pg_dump",
        "pg_restore": PG_BIN / "pg_restore",
        "redis-server": shutil.which("redis-server") or "redis-server",
        "gunicorn": VENV_BIN / "gunicorn",
        "celery": VENV_BIN / "celery",
        "locust": VENV_BIN / "locust",
        "aiosmtpd": VENV_BIN / "aiosmtpd",
    }


def check_tools(names=None):
    found = {}
    for name, path in tools().items():
        if names is not None and name not in names:
            continue
        path = Path(path)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise HarnessError(
                f"The fault suite needs the program {name!r} ({path}), which is missing. "
                "Install it (PostgreSQL 15 and redis-server: .ci/run does; the others: make install)."
            )
        found[name] = str(path)
    if os.getuid() == 0:
        import pwd  # only as root

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise HarnessError(
                "Running as root, the fault suite starts PostgreSQL as the user 'postgres', which does not exist "
                "(useradd --system --no-create-home postgres, as .ci/run does)."
            ) from None
    return found


def ports():
    base = int(os.environ.get("FAULTS_PORT_BASE", "57300"))
    return {name: base + offset for offset, name in enumerate(PORT_NAMES)}


def port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As the servers do: a port whose last connections linger in TIME_WAIT is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def check_ports(wanted=None):
    wanted = wanted or ports()
    for name, port in wanted.items():
        if not port_is_free(port):
            raise HarnessError(
                f"Port {port} on 127.0.0.1 (for {name}) is taken: the fault suite starts its own servers "
                "and will not share one. Stop what listens there or set FAULTS_PORT_BASE."
            )
    return wanted


def wait_for(what, predicate, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if predicate():
                return
        except Exception:  # noqa: BLE001 - not ready yet
            pass
        if time.monotonic() > deadline:
            raise HarnessError(f"{what} did not become ready within {timeout:.0f} s")
        time.sleep(interval)


def listening(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Processes:
    """The processes the harness started, by name and pid; each leads a process group of its own."""

    def __init__(self, logs):
        self.logs = Path(logs)
        self.logs.mkdir(parents=True, exist_ok=True)
        self.running = {}  # name -> psutil.Process
        self.started = []  # (name, pid) of every process ever started, to prove that cleanup ended them

    def start(self, name, argv, env, user=None):
        if self.alive(name):
            raise HarnessError(f"{name} is already running (pid {self.pid(name)})")
        with open(self.logs / f"{name}.log", "ab") as log:
            log.write(f"\n--- {time.strftime('%H:%M:%S')} start {' '.join(map(str, argv))}\n".encode())
            log.flush()
            process = subprocess.Popen(
                [str(part) for part in argv],
                cwd=BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                user=user,
            )
        self.running[name] = psutil.Process(process.pid)
        self.started.append((name, process.pid))
        return process

    def adopt(self, pids):
        """Take over processes a previous harness started (FAULTS_ATTACH, for working on a case)."""
        for name, pid in pids.items():
            with contextlib.suppress(psutil.NoSuchProcess):
                self.running[name] = psutil.Process(pid)
                self.started.append((name, pid))

    def pids(self):
        return {name: process.pid for name, process in self.running.items()}

    def pid(self, name):
        return self.running[name].pid

    def alive(self, name):
        return name in self.running and _alive(self.running[name])

    def send_signal(self, name, sig):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.running[name].pid, sig)

    def stop(self, name, sig=signal.SIGTERM, timeout=20):
        """End the process and its group: `sig`, then SIGKILL after `timeout` seconds."""
        process = self.running.get(name)
        if process is None:
            return
        if _alive(process):
            self.send_signal(name, sig)
            try:
                process.wait(timeout)
            except psutil.TimeoutExpired:
                self.send_signal(name, signal.SIGKILL)
                process.wait(10)
        # Children that outlived their leader (a pool process) share its process group.
        self.send_signal(name, signal.SIGKILL)
        del self.running[name]

    def kill9(self, name):
        """kill -9 of the whole process group: no handler runs, nothing is flushed or acknowledged."""
        process = self.running.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def log(self, name):
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def cleanup(self):
        for name in reversed(list(self.running)):
            try:
                self.stop(name, timeout=10)
            except Exception as exc:  # noqa: BLE001 - end the others whatever this one does
                print(f"faults: could not stop {name}: {exc}", file=sys.stderr)
        # SIGKILL is delivered at once but a process takes a moment to go.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            left = [(name, pid) for name, pid in self.started if psutil.pid_exists(pid) and _not_zombie(pid)]
            if not left:
                break
            time.sleep(0.1)
        return left


def _alive(process):
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _not_zombie(pid):
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


class PostgreSQL:
    def __init__(self, processes, root, port):
        self.processes, self.port = processes, port
        self.data = Path(root) / "pg"
        self.socket_dir = Path(root)
        self.user = "postgres" if os.getuid() == 0 else None  # PostgreSQL refuses to run as root
        self.url = f"postgres://lernhafen@127.0.0.1:{port}/lernhafen"

    def init(self):
        self.data.mkdir(mode=0o700)
        if self.user:
            shutil.chown(self.data, self.user)
            shutil.chown(self.socket_dir, self.user)
        subprocess.run(
            [PG_BIN / "initdb", "-D", self.data, "-U", "lernhafen", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
            check=True,
            capture_output=True,
            user=self.user,
        )  # fmt: skip

    def start(self):
        # fsync off as in .ci/run: the restart case stops PostgreSQL cleanly (fast shutdown), which writes
        # everything committed; a crash of the machine is not what the suite tests.
        self.processes.start(
            "postgresql",
            [PG_BIN / "postgres", "-D", self.data, "-h", "127.0.0.1", "-p", self.port, "-k", self.socket_dir,
             "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=100"],
            env={"PATH": os.environ["PATH"], "LANG": "C.UTF-8"},
            user=self.user,
        )  # fmt: skip
        wait_for("PostgreSQL", lambda: self.connect(dbname="postgres").close() or True, 30)

    def stop(self):
        # SIGINT: fast shutdown, what `pg_ctl restart -m fast` does (clients are disconnected at once).
        self.processes.stop("postgresql", sig=signal.SIGINT, timeout=30)

    def connect(self, dbname="lernhafen", **kwargs):
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="lernhafen", dbname=dbname, connect_timeout=3, **kwargs
        )

    def create_database(self):
        with self.connect(dbname="postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE lernhafen")

    def query(self, sql, params=None):
        with self.connect() as conn:
            return conn.execute(sql, params).fetchall()


class Redis:
    def __init__(self, processes, root, port):
        self.processes, self.port, self.root = processes, port, Path(root)

    def start(self):
        self.processes.start(
            "redis",
            [tools()["redis-server"], "--bind", "127.0.0.1", "--port", self.port, "--save", "",
             "--appendonly", "no", "--dir", self.root],
            env={"PATH": os.environ["PATH"]},
        )  # fmt: skip
        wait_for("Redis", lambda: listening(self.port), 15)

    def stop(self):
        self.processes.stop("redis", timeout=10)


class Stack:
    """PostgreSQL, Redis, the seeded site, gunicorn (2 workers), a Celery worker and beat: the production shape."""

    def __init__(self, root, learner_count=240, attach=False):
        self.root = Path(root)
        self.ports = ports() if attach else check_ports()
        check_tools()
        self.processes = Processes(self.root / "logs")
        self.pg = PostgreSQL(self.processes, self.root, self.ports["postgresql"])
        self.redis = Redis(self.processes, self.root, self.ports["redis"])
        self.learner_count = learner_count
        self.base_url = f"http://127.0.0.1:{self.ports['gunicorn']}"
        self.facts = None
        self.timings = {}
        self.stranded = set()
        redis_url = f"redis://127.0.0.1:{self.ports['redis']}"
        self.env = {
            "PATH": os.environ["PATH"],
            "LANG": "C.UTF-8",
            "HOME": str(self.root),
            "DJANGO_SETTINGS_MODULE": "learning.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1,localhost",
            "DATABASE_URL": self.pg.url,
            "REDIS_URL": f"{redis_url}/1",
            "CELERY_BROKER_URL": f"{redis_url}/0",
            "CELERY_RESULT_BACKEND": f"{redis_url}/2",
            "CELERY_QUEUE": QUEUE,
            "BASE_URL": f"https://{HOST}",
            "PUBLIC_BASE_URL": f"https://www.{HOST}",
            # Nothing listens there: no flow under test sends mail in the request.
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.ports["smtp"]),
            "EMAIL_USE_TLS": "false",
            "DEFAULT_FROM_EMAIL": f"lernhafen@{HOST}",
            "MEDIA_ROOT": str(self.root / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.root / "private"),
            "STATIC_ROOT": str(self.root / "static"),
            "LERNHAFEN_VAR_DIR": str(self.root / "var"),
            # No nginx in front: Django hands out videos itself (nobody in the suite plays them).
            "MEDIA_SERVE_MODE": "django",
            "HEALTHZ_ALLOWED_NETWORKS": "127.0.0.1/32",
            # Fresh health answers, so the Redis case sees the outage in /healthz while it lasts.
            "HEALTHZ_CACHE_SECONDS": "1",
            # The reconciliation every 10 s instead of 15 min, so its repair is seen within a case.
            "RECONCILE_COMPLETIONS_SECONDS": "10",
            # The sessions are made once at the start; the suite takes longer than the 30-minute idle limit.
            "SESSION_IDLE_MINUTES": "240",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, *args, env=None, timeout=600):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise HarnessError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}"
            )
        return result.stdout

    def build(self):
        """Start the servers and seed the site: migrate, demo content, static files, the suite's people."""
        for folder in ("media", "private", "static", "var"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        with self.timed("postgresql"):
            self.pg.init()
            self.pg.start()
            self.pg.create_database()
        with self.timed("redis"):
            self.redis.start()
        with self.timed("mail"):
            self.start_mail()
        # collectstatic needs no database: it runs beside migrate and seed_demo.
        collect = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        with self.timed("migrate"):
            self.manage("migrate", "--no-input")
        # seed_demo refuses production settings (demo accounts have a known password): the same database
        # and folders, seeded with the dev settings, as the embedded default seeds itself.
        with self.timed("seed_demo"):
            self.manage("seed_demo", env={**self.env, "DJANGO_SETTINGS_MODULE": "learning.settings.dev"})
        with self.timed("collectstatic (rest)"):
            _, errors = collect.communicate(timeout=600)
            if collect.returncode != 0:
                raise HarnessError(f"manage.py collectstatic failed:\n{errors.decode()[-4000:]}")
        with self.timed("prepare"):
            self.facts = self.prepare(self.env)

    @contextlib.contextmanager
    def timed(self, step):
        started = time.monotonic()
        yield
        self.timings[step] = round(time.monotonic() - started, 1)

    def prepare(self, env):
        out = self.root / f"facts-{time.monotonic_ns()}.json"
        result = subprocess.run(
            [sys.executable, "-m", "tests.faults.prepare", str(out), str(self.learner_count)],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise HarnessError(f"tests.faults.prepare failed:\n{result.stderr[-4000:]}")
        return json.loads(out.read_text())

    def start_mail(self):
        """The mail server the site sends to: an SMTP sink that accepts every message (aiosmtpd). Without
        one, every invitation and notification would wait in the queue for its retries."""
        port = self.ports["smtp"]
        self.processes.start(
            "mail",
            [tools()["aiosmtpd"], "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
            env=self.env,
        )  # fmt: skip
        wait_for("the mail server", lambda: listening(port), 15)

    # The web processes, the worker and beat.

    def start_gunicorn(self):
        # Explicit options instead of a config file: 2 sync workers, as the production shape asks.
        self.processes.start(
            "gunicorn",
            [tools()["gunicorn"], "learning.wsgi:application", "--workers", "2",
             "--bind", f"127.0.0.1:{self.ports['gunicorn']}", "--timeout", "30", "--graceful-timeout", "5",
             "--access-logfile", "-", "--error-logfile", "-"],
            env=self.env,
        )  # fmt: skip
        wait_for("gunicorn", lambda: self.get("/healthz").status_code in (200, 503), 60)
        wait_for("both gunicorn workers", lambda: len(self.gunicorn_workers()) == 2, 30)

    def gunicorn_workers(self):
        return sorted(child.pid for child in psutil.Process(self.processes.pid("gunicorn")).children())

    def start_worker(self):
        self.processes.start(
            "worker",
            [tools()["celery"], "-A", "learning", "worker", "--loglevel=INFO", "--concurrency=2",
             "-Q", QUEUE, "-n", "faults@%h", "--without-gossip", "--without-mingle"],
            env=self.env,
        )  # fmt: skip

    def start_beat(self, **env):
        self.processes.start(
            "beat",
            [tools()["celery"], "-A", "learning", "beat", "--loglevel=INFO",
             "--schedule", self.root / "var" / "celerybeat-schedule"],
            env={**self.env, **env},
        )  # fmt: skip

    @contextlib.contextmanager
    def production_schedule(self):
        """Beat with the production interval of the reconciliation (15 min) instead of the suite's 10 s."""
        self.processes.stop("beat")
        self.start_beat(RECONCILE_COMPLETIONS_SECONDS="900")
        try:
            yield
        finally:
            self.processes.stop("beat")
            self.start_beat()

    def start_all(self):
        self.start_worker()
        self.start_beat()
        self.start_gunicorn()
        self.wait_healthy()

    def wait_healthy(self, timeout=90):
        wait_for(
            "/healthz 200 (database, cache, worker)",
            lambda: self.get("/healthz").status_code == 200,
            timeout,
            1,
        )

    def get(self, path, **kwargs):
        return requests.get(
            self.base_url + path, headers={"Host": HOST, "X-Forwarded-Proto": "https"}, timeout=10, **kwargs
        )

    def health(self):
        response = self.get("/healthz")
        return response.status_code, response.json()

    def celery_call(self, task, args, task_id=None):
        """Send a task the way the site does (same broker, queue and serializer), from a short-lived process."""
        code = (
            "import sys, json; from learning.celery import app; "
            "app.send_task(sys.argv[1], args=json.loads(sys.argv[2]), queue=sys.argv[3], "
            "task_id=sys.argv[4] or None); print('sent')"
        )
        subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}", task, json.dumps(args), QUEUE, task_id or ""],
            cwd=BASE_DIR,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=60,
        )  # fmt: skip

    def broker(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.ports["redis"], db=0)

    def strand_unacked(self):
        """Messages a killed worker held (acks_late): Redis gives them back only after the visibility
        timeout, an hour; until then they are not "work in progress" for wait_idle."""
        self.stranded |= set(self.broker().hkeys("unacked"))

    def wait_idle(self, timeout=120):
        """Until the queue is empty and no task runs: nothing in Redis's list, nothing unacknowledged."""

        def idle():
            broker = self.broker()
            return broker.llen(QUEUE) == 0 and set(broker.hkeys("unacked")) <= self.stranded

        wait_for("an idle Celery queue", idle, timeout, 0.5)

    def save_state(self):
        state = {"env": self.env, "facts": self.facts, "pids": self.processes.pids()}
        (self.root / "state.json").write_text(json.dumps(state))

    def attach(self):
        """Use the stack a previous run left running (FAULTS_ATTACH=1 with FAULTS_KEEP=1, while working on
        a case): same folder, environment, people and processes."""
        state = json.loads((self.root / "state.json").read_text())
        self.env, self.facts = state["env"], state["facts"]
        self.processes.adopt(state["pids"])

    def close(self):
        return self.processes.cleanup()


class EmbeddedSite:
    """The embedded default (`make run`): SQLite in var/, dev settings, Django's threaded server, no Redis.

    SQLITE_BUSY_TIMEOUT is 2 s here instead of 20, so that a writer held past it is seen within the case."""

    def __init__(self, root, processes, port, learner_count=20, busy_timeout=2):
        self.root = Path(root)
        self.processes, self.port = processes, port
        self.base_url = f"http://127.0.0.1:{port}"
        self.database = self.root / "var" / "lernhafen.sqlite3"
        self.learner_count = learner_count
        self.facts = None
        self.env = {
            "PATH": os.environ["PATH"],
            "LANG": "C.UTF-8",
            "HOME": str(self.root),
            "DJANGO_SETTINGS_MODULE": "learning.settings.dev",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "LERNHAFEN_VAR_DIR": str(self.root / "var"),
            "MEDIA_ROOT": str(self.root / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.root / "private"),
            "SQLITE_BUSY_TIMEOUT": str(busy_timeout),
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=self.env, capture_output=True, text=True,
            timeout=900,
        )  # fmt: skip
        if result.returncode != 0:
            raise HarnessError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}")

    def build(self):
        for folder in ("media", "private", "var"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        self.manage("migrate", "--no-input")
        self.manage("createcachetable")
        self.manage("seed_demo")
        out = self.root / "facts.json"
        subprocess.run(
            [sys.executable, "-m", "tests.faults.prepare", str(out), str(self.learner_count)],
            cwd=BASE_DIR, env=self.env, check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        self.facts = json.loads(out.read_text())

    def start(self):
        # What scripts/run-dev starts (without the autoreloader, which would fork a second process).
        self.processes.start(
            "runserver",
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            env=self.env,
        )
        up = lambda: requests.get(self.base_url + "/healthz", timeout=5).status_code in (200, 503)  # noqa: E731
        wait_for("the embedded site", up, 60, 0.5)
