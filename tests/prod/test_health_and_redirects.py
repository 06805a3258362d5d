"""The deployed stack answers: health of every part, and a merged portal's old addresses."""

import pytest

pytestmark = pytest.mark.prod


def test_healthz_through_nginx_reports_database_cache_and_broker_ok(prod_stack):
    response = prod_stack.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert {body[part] for part in ("database", "cache", "broker")} == {"ok"}, body


def test_static_files_come_from_nginx_with_a_long_lifetime(prod_stack):
    home = prod_stack.get("/")
    assert home.status_code == 200
    assert "<html" in home.text and 'lang="vi"' in home.text
    path = next(part.split('"')[0] for part in home.text.split('href="')[1:] if part.startswith("/static/"))
    asset = prod_stack.get(path)
    assert asset.status_code == 200
    assert "immutable" in asset.headers["Cache-Control"]


def test_a_merged_communes_old_address_moves_permanently_to_the_new_portal(prod_stack):
    response = prod_stack.get("/gioi-thieu/?a=1", host="khanhbinhtay.tranvanthoi.camau.gov.vn")
    assert response.status_code == 301
    assert "khanhbinh" in response.headers["Location"]
    assert "khanhbinhtay" not in response.headers["Location"]


def test_web_worker_and_beat_run_from_requirements_txt_alone(prod_stack):
    for name in ("gunicorn", "worker", "beat"):
        proc, _log = prod_stack.procs[name]
        assert proc.poll() is None, f"{name} exited:\n{prod_stack.log(name)[-3000:]}"
        log = prod_stack.log(name)
        assert "ModuleNotFoundError" not in log and "ImportError" not in log, log[-3000:]
    # The servers' venv is the runtime set only: no test tool came in through a back door.
    probe = prod_stack.shell("import importlib.util as u; print(u.find_spec('pytest') is None)")
    assert probe == "True"


def test_deploy_checks_pass_with_production_defaults(prod_stack):
    https_defaults = {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"}
    env = {key: value for key, value in prod_stack.env.items() if key not in https_defaults}
    result = prod_stack.manage("check", "--deploy", "--fail-level", "WARNING", check=False, replace_env=env)
    assert result.returncode == 0, result.stdout + result.stderr
