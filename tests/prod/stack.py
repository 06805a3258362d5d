"""The production shape, started natively for the prod suite (tests/prod/, `make test-prod`).

nginx with the repository's own deploy/nginx/portal.conf (rendered by bench/nginx.py: only ports and paths
change) → gunicorn with 2 sync workers (./gunicorn.conf.py) → PostgreSQL and Redis, a Celery worker and beat,
DEBUG=0, mail to an SMTP sink in this process. The servers run from the virtualenv built from requirements.txt
alone (PORTAL_PROD_VENV, made by `make test-prod`); this process (pytest, requests, Playwright) is the dev venv.

Everything listens on 127.0.0.1 only and every process started here is stopped here, by its own group id.
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

import requests

from bench.nginx import render as render_nginx

ROOT = Path(__file__).resolve().parent.parent.parent
PG_BASE = os.environ.get("PROD_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("PROD_DB", "portal_prod")
PROVINCE_HOST = "camau.gov.vn"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, *, timeout, what, interval=0.2):
    """Call check() until it returns something truthy; that value, or RuntimeError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except (OSError, requests.RequestException) as exc:
            last = exc
        time.sleep(interval)
    raise RuntimeError(f"{what}: not after {timeout}s (last error: {last!r})")


def stop_group(proc, sig=signal.SIGTERM, timeout=20):
    """Stop a process started with start_new_session=True, and its children, by its process group id."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


class MailSink:
    """A local SMTP server (aiosmtpd) keeping every message it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's handler name)
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def start(self):
        self._controller.start()

    def stop(self):
        self._controller.stop()

    def to(self, address):
        return [message for rcpts, message in self.messages if address in rcpts]

    def wait_for(self, address, *, timeout=30, count=1):
        return wait_until(
            lambda: (found := self.to(address)) and len(found) >= count and found,
            timeout=timeout,
            what=f"{count} email(s) to {address}",
        )


class ThroughNginx(requests.Session):
    """requests.Session whose paths ("/hoi-dap/") go to the stack's nginx."""

    def __init__(self, base):
        super().__init__()
        self.base = base

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", 20)
        return super().request(method, self.base + url if url.startswith("/") else url, *args, **kwargs)


@dataclass
class Stack:
    venv: Path
    directory: Path
    mail: MailSink = field(default_factory=MailSink)
    procs: dict = field(default_factory=dict)
    ports: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)

    # --- the environment of every server ---------------------------------------------------------------
    def configure(self):
        for name in ("redis", "gunicorn", "nginx"):
            self.ports[name] = free_port()
        self.env = {
            "PATH": f"{self.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            "HOME": str(self.directory),
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": f"{PROVINCE_HOST},.{PROVINCE_HOST}",
            "DATABASE_URL": f"{PG_BASE}/{DB_NAME}",
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.mail.port}",
            "VAR_DIR": str(self.directory / "var"),
            "STATIC_ROOT": str(self.directory / "static"),
            "MEDIA_ROOT": str(self.directory / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.directory / "private"),
            # No TLS here: nginx listens on plain HTTP, so the HTTPS-only settings are turned off. Everything
            # else is production's default (DEBUG off, HSTS aside, secure headers, manifest static files).
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            # The browser sends an Origin with the port nginx listens on here (80 in production).
            "CSRF_TRUSTED_ORIGINS": f"http://{PROVINCE_HOST}:{self.ports['nginx']},http://*.{PROVINCE_HOST}:"
            f"{self.ports['nginx']}",
            "LOG_LEVEL": "WARNING",
        }

    def bin(self, name):
        return str(self.venv / "bin" / name)

    def manage(self, *args, timeout=300, check=True, env=None, replace_env=None):
        """Run manage.py from the production venv with the stack's settings (`env` added, or `replace_env`)."""
        result = subprocess.run(
            [self.bin("python"), "manage.py", *args],
            cwd=ROOT,
            env=replace_env if replace_env is not None else {**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
        return result

    def shell(self, code, **kwargs):
        """Python run by `manage.py shell` against the stack's database; its stdout, stripped."""
        return self.manage("shell", "--no-imports", "-c", code, **kwargs).stdout.strip()

    def _start(self, name, cmd, **kwargs):
        log = open(self.directory / f"{name}.log", "ab")  # noqa: SIM115 (closed in stop())
        self.procs[name] = (
            subprocess.Popen(
                cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **kwargs
            ),
            log,
        )

    def log(self, name):
        return (self.directory / f"{name}.log").read_text(errors="replace")

    # --- servers ---------------------------------------------------------------------------------------
    def database(self):
        admin = f"{PG_BASE}/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {DB_NAME}"], check=True)
        self.manage("migrate", "--noinput")
        self.manage("seed_demo", "--force")
        self.manage("collectstatic", "--noinput")

    def start_redis(self):
        self._start("redis", ["redis-server", "--port", str(self.ports["redis"]), "--bind", "127.0.0.1", "--save", ""])
        wait_until(self._redis_ping, timeout=15, what="redis-server")

    def _redis_ping(self):
        with socket.create_connection(("127.0.0.1", self.ports["redis"]), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    def stop_redis(self):
        proc, log = self.procs.pop("redis")
        stop_group(proc)
        log.close()

    def start_gunicorn(self):
        bind = f"127.0.0.1:{self.ports['gunicorn']}"
        # ./gunicorn.conf.py is read from the working directory, as in the Dockerfile's command.
        self._start("gunicorn", [self.bin("gunicorn"), "portal.wsgi:application", "--bind", bind, "--workers", "2"])

    def start_worker(self):
        self._start("worker", [self.bin("celery"), "-A", "portal", "worker", "--concurrency=1", "--loglevel=WARNING"])

    def start_beat(self):
        schedule = self.directory / "var" / "celerybeat-schedule"
        self._start("beat", [self.bin("celery"), "-A", "portal", "beat", "-s", str(schedule), "--loglevel=WARNING"])

    def start_nginx(self):
        directory = self.directory / "nginx"
        conf = render_nginx(
            upstream=f"127.0.0.1:{self.ports['gunicorn']}",
            listen=f"127.0.0.1:{self.ports['nginx']}",
            directory=directory,
            static_root=self.directory / "static",
            media_root=self.directory / "media",
        )
        subprocess.run(["nginx", "-t", "-q", "-c", str(conf), "-p", str(directory)], check=True)
        self._start("nginx", ["nginx", "-c", str(conf), "-p", str(directory)])

    def start(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        for sub in ("media", "private", "var"):
            (self.directory / sub).mkdir(exist_ok=True)
        self.configure()
        self.mail.start()
        self.start_redis()
        self.database()
        self.start_gunicorn()
        self.start_worker()
        self.start_beat()
        self.start_nginx()
        wait_until(lambda: self.get("/healthz").status_code == 200, timeout=60, what="/healthz through nginx")
        wait_until(lambda: "ok" in self.shell(WORKER_PING), timeout=60, what="the Celery worker")
        return self

    def stop(self):
        for name in reversed(list(self.procs)):
            proc, log = self.procs.pop(name)
            stop_group(proc)
            log.close()
        self.mail.stop()

    @contextlib.contextmanager
    def redis_down(self):
        """Redis (cache and broker) stopped for the block; started again and waited for afterwards."""
        self.stop_redis()
        try:
            yield
        finally:
            self.start_redis()
            wait_until(lambda: self.get("/healthz").status_code == 200, timeout=60, what="/healthz after Redis")

    # --- HTTP through nginx ---------------------------------------------------------------------------
    @property
    def url(self):
        return f"http://127.0.0.1:{self.ports['nginx']}"

    def session(self, client="203.0.113.10", host=PROVINCE_HOST):
        """A citizen's HTTP session through nginx: its own cookies, host and forwarded address.

        The test runner is nginx's (trusted, loopback) client; the address it forwards is the citizen's, as a
        load balancer in front of nginx would send it.
        """
        session = ThroughNginx(self.url)
        session.headers.update({"Host": host, "X-Forwarded-For": client})
        return session

    def get(self, path, *, host=PROVINCE_HOST, **kwargs):
        kwargs.setdefault("timeout", 20)
        kwargs.setdefault("allow_redirects", False)
        return requests.get(self.url + path, headers={"Host": host, **kwargs.pop("headers", {})}, **kwargs)


# A task through the real broker and worker (portal.ping answers "pong").
WORKER_PING = "from portal.tasks import ping; print('ok' if ping.delay().get(timeout=30) == 'pong' else 'no')"


def venv_from_environment():
    """The production venv `make test-prod` built from requirements.txt, or None."""
    path = os.environ.get("PORTAL_PROD_VENV")
    if path and (Path(path) / "bin" / "gunicorn").exists():
        return Path(path).resolve()
    return None


def nginx_available():
    return shutil.which("nginx") is not None and shutil.which("redis-server") is not None
