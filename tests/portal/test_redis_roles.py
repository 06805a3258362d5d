"""Redis roles: the start-up check against machine-local cache/broker, and Sentinel for the cache and the broker,
against a real redis-server and a real redis-sentinel on 127.0.0.1 (decisions 1704, 1705)."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SECRET = "k3Y-" + "abcdefghijKLMNOP0123456789" * 3
DROP = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "REDIS_URL", "REDIS_CACHE_URL", "CELERY_BROKER_URL"}
DROP |= {"CELERY_RESULT_BACKEND", "ALLOW_LOCAL_CACHE_AND_BROKER", "SECURE_SSL_REDIRECT"}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in DROP}
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="camau.gov.vn",
        VAR_DIR=str(ROOT / "var" / "test"),
    )
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_on_the_file_cache_and_filesystem_broker():
    result = manage("check")
    assert result.returncode != 0
    assert "portal.E001" in result.stderr and "FileBasedCache" in result.stderr
    assert "portal.E002" in result.stderr and "filesystem://" in result.stderr
    assert manage("migrate", "--plan").returncode != 0  # the deploy's first step stops there


def test_an_explicit_one_machine_installation_may_keep_them():
    assert manage("check", ALLOW_LOCAL_CACHE_AND_BROKER="1").returncode == 0
    assert manage("check", DEBUG="1").returncode == 0


def test_separate_redis_urls_pass_the_check_and_each_fall_back_to_redis_url():
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.CACHES['default']['LOCATION'], s.CELERY_BROKER_URL)",
        REDIS_URL="redis://127.0.0.1:6379/9",
        CELERY_BROKER_URL="redis://broker.internal:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["redis://127.0.0.1:6379/9", "redis://broker.internal:6379/0"]


def test_sentinel_urls_need_the_master_name():
    result = manage("check", REDIS_CACHE_URL="sentinel://127.0.0.1:26379", CELERY_BROKER_URL="redis://x:6379/0")
    assert result.returncode != 0 and "REDIS_CACHE_SENTINEL_MASTER" in result.stderr
    result = manage("check", REDIS_CACHE_URL="redis://x:6379/0", CELERY_BROKER_URL="sentinel://127.0.0.1:26379")
    assert result.returncode != 0 and "CELERY_BROKER_SENTINEL_MASTER" in result.stderr


def test_sentinel_settings_reach_the_cache_broker_and_result_backend():
    code = (
        "from django.conf import settings as s; c = s.CACHES['default']; "
        "print(c['BACKEND'], c['OPTIONS']['sentinel_master'], s.CELERY_BROKER_TRANSPORT_OPTIONS['master_name'], "
        "s.CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS['master_name'], "
        "s.CELERY_BROKER_TRANSPORT_OPTIONS['sentinel_kwargs']['password'])"
    )
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        code,
        REDIS_CACHE_URL="sentinel://10.0.0.1:26379;sentinel://10.0.0.2:26379/1",
        REDIS_CACHE_SENTINEL_MASTER="portal-cache",
        CELERY_BROKER_URL="sentinel://10.0.0.1:26379;sentinel://10.0.0.2:26379",
        CELERY_BROKER_SENTINEL_MASTER="portal-broker",
        REDIS_SENTINEL_PASSWORD="s3ntinel",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "portal.redis_cache.SentinelRedisCache",
        "portal-cache",
        "portal-broker",
        "portal-broker",
        "s3ntinel",
    ]


# --- A real Sentinel ------------------------------------------------------------------------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(check, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.2)
    raise RuntimeError("timed out")


@pytest.fixture
def sentinel(tmp_path):
    """A redis-server and a redis-sentinel monitoring it as `portal-master`, on free ports of 127.0.0.1."""
    import redis

    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    master_port, sentinel_port = _free_port(), _free_port()
    config = tmp_path / "sentinel.conf"
    config.write_text(
        f"port {sentinel_port}\nbind 127.0.0.1\ndir {tmp_path}\n"
        f"sentinel monitor portal-master 127.0.0.1 {master_port} 1\n"
        "sentinel down-after-milliseconds portal-master 1000\n"
    )
    procs = [
        subprocess.Popen(
            [server, "--port", str(master_port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
            stdout=subprocess.DEVNULL,
        ),
    ]
    procs.append(subprocess.Popen([server, str(config), "--sentinel"], stdout=subprocess.DEVNULL))
    try:
        probe = redis.Redis(port=sentinel_port)
        _wait(lambda: probe.sentinel_get_master_addr_by_name("portal-master"))
        yield {"port": master_port, "url": f"sentinel://127.0.0.1:{sentinel_port}"}
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)


def test_the_cache_finds_the_master_through_sentinel(sentinel):
    from portal.redis_cache import SentinelRedisCache

    cache = SentinelRedisCache(
        f"{sentinel['url']}/3", {"OPTIONS": {"sentinel_master": "portal-master", "socket_timeout": 2}}
    )
    cache.set("generation", 41)
    assert cache.incr("generation") == 42
    assert cache.get("generation") == 42
    import redis

    assert redis.Redis(port=sentinel["port"], db=3).keys("*generation") != []  # on the master, in db 3


def test_the_broker_delivers_through_kombus_sentinel_transport(sentinel):
    from kombu import Connection

    with Connection(sentinel["url"], transport_options={"master_name": "portal-master"}) as connection:
        queue = connection.SimpleQueue("portal-sentinel-test")
        queue.put({"task": "ping"})
        message = queue.get(timeout=5)
        assert message.payload == {"task": "ping"}
        message.ack()
        queue.close()
    import redis

    master = redis.Redis(port=sentinel["port"])
    assert master.exists("_kombu.binding.portal-sentinel-test") == 1  # the queue lives on the master
