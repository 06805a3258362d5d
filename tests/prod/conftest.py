"""The production-shape suite (`make test-prod`): one stack per session, see tests/prod/stack.py."""

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from .stack import Stack, nginx_available, venv_from_environment

# aiosmtpd logs every SMTP command at INFO; a failing test's output should show the test, not the mail dialogue.
logging.getLogger("mail.log").setLevel(logging.WARNING)

# seed_demo's password of every demo account (settings.DEMO_PASSWORD's default; the stack does not change it).
DEMO_PASSWORD = "Demo@2026!"

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def needs_fix(branch):
    """A regression test whose fix is being merged from another branch; the lead removes the marker after."""
    return pytest.mark.xfail(strict=False, reason=f"fixed on branch '{branch}', not merged yet")


def csrf_token(html):
    match = CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


@pytest.fixture(scope="session")
def prod_stack(request):
    venv = venv_from_environment()
    if venv is None or not nginx_available():
        message = "the production-shape suite runs with `make test-prod` (a venv from requirements.txt, nginx, redis)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    directory = Path(tempfile.mkdtemp(prefix="portal-prod-"))
    stack = Stack(venv=venv, directory=directory)
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        if request.session.testsfailed:
            print(f"\nproduction-shape stack logs: {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.conftest import chromium_path

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(),
            # Every portal host name is this machine; the port stays the one in the URL (nginx's).
            args=["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP *.gov.vn 127.0.0.1"],
        )
        yield chromium
        chromium.close()
