"""docker-compose.yml from a fresh clone (no .env): it validates, migrates once per deploy in a one-shot service,
keeps every file that outlives a container on a named volume, and gives the cache and the broker their own Redis
with the right eviction policy (issue #12 bullets 7 and 10; docs/decisions/0752, 0753)."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose(tmp_path_factory):
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose is not installed (apt-get install docker-compose; .ci/run does)")
    empty = tmp_path_factory.mktemp("compose") / "empty.env"
    empty.write_text("")
    # --env-file: as from a fresh clone, whatever .env this checkout has.
    result = subprocess.run(
        ["docker-compose", "--env-file", str(empty), "-f", str(ROOT / "docker-compose.yml"), "config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def command_of(service):
    command = service.get("command", "")
    return command if isinstance(command, str) else " ".join(command)


def test_the_compose_file_needs_no_env_file(compose):
    assert not any("env_file" in service for service in compose["services"].values())
    assert compose["services"]["web"]["environment"]["DEBUG"] == "0"


def test_migrations_run_once_in_a_one_shot_service_the_others_wait_for(compose):
    services = compose["services"]
    for name, service in services.items():
        if name != "migrate":
            assert "migrate" not in command_of(service), name
    migrate = services["migrate"]
    assert command_of(migrate) == "python manage.py migrate --noinput"
    assert migrate["restart"] == "no"
    for name in APP_SERVICES:
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name


def test_the_image_does_not_migrate_either():
    dockerfile = (ROOT / "Dockerfile").read_text()
    [cmd] = [line for line in dockerfile.splitlines() if line.startswith(("CMD", "ENTRYPOINT"))]
    assert "migrate" not in cmd


def test_media_private_files_and_the_archive_live_on_named_volumes(compose, settings):
    named = set(compose["volumes"])
    assert {"media", "private", "archive"} <= named

    def mounts(service):
        return {v.split(":")[1]: v.split(":")[0] for v in compose["services"][service].get("volumes", [])}

    # Inside the image: MEDIA_ROOT=/app/media, VAR_DIR=/app/var (PRIVATE_MEDIA_ROOT and the archive under it).
    for name in ("web", "worker"):
        assert mounts(name)["/app/media"] == "media"
        assert mounts(name)["/app/var/private"] == "private"
        assert mounts(name)["/app/var/archive"] == "archive"  # the worker writes it (feedback.archive, monthly)
    assert Path(settings.FEEDBACK_ARCHIVE_ROOT).parent.name == "archive"
    backups = (ROOT / "docs" / "operations.md").read_text()
    for volume in ("`media`", "`private`", "`archive`"):
        assert volume in backups


def test_cache_and_broker_have_their_own_redis_with_the_right_eviction(compose):
    services = compose["services"]
    cache = command_of(services["redis-cache"])
    assert "--maxmemory 256mb" in cache and "--maxmemory-policy allkeys-lru" in cache
    broker = command_of(services["redis-broker"])
    assert "--maxmemory-policy noeviction" in broker and "--appendonly yes" in broker
    assert "redis" not in services  # no shared instance left
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["REDIS_CACHE_URL"].startswith("redis://redis-cache:")
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis-broker:")
