"""Through the repo's nginx and gunicorn configuration: an over-long request line gets nginx's Vietnamese page,
and whatever nginx passes on gunicorn accepts (never gunicorn's English "URI Too Long")."""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.nginx import render

ROOT = Path(__file__).resolve().parent.parent.parent


def nginx_path():
    path = shutil.which("nginx")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed; .ci/run installs Debian's nginx-light package")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    return path


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port, deadline=20):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


@pytest.fixture(scope="module")
def nginx_port(tmp_path_factory):
    nginx = nginx_path()
    tmp = tmp_path_factory.mktemp("nginx-long")
    upstream, listen = free_port(), free_port()
    # The repository's gunicorn.conf.py is read from the working directory, as in the image and compose.
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tests.portal.echo_wsgi:app", "--bind", f"127.0.0.1:{upstream}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    conf = render(
        upstream=f"127.0.0.1:{upstream}",
        listen=f"127.0.0.1:{listen}",
        directory=tmp / "nginx",
        static_root=tmp / "static",
        media_root=tmp / "media",
        access_log="off",
    )
    server = subprocess.Popen(
        [nginx, "-c", str(conf), "-p", str(tmp / "nginx")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(upstream)
        wait_for(listen)
        yield listen
    finally:
        for proc in (server, gunicorn):
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def get(port, target):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read().decode()
    finally:
        connection.close()


def test_a_query_of_several_kilobytes_reaches_the_application(nginx_port):
    status, _type, body = get(nginx_port, "/tim-kiem/?q=" + "a" * 7000)
    assert (status, body) == (200, "upstream 7002")


def test_an_over_long_request_line_gets_a_vietnamese_page_from_nginx(nginx_port):
    status, content_type, body = get(nginx_port, "/tim-kiem/?q=" + "a" * 9000)
    assert status == 414
    assert content_type.startswith("text/html") and "charset=utf-8" in content_type
    assert '<html lang="vi">' in body and "Đường dẫn quá dài" in body


@pytest.mark.parametrize("length", range(8180, 8200))
def test_at_the_limit_the_answer_is_the_application_or_the_vietnamese_page(nginx_port, length):
    target = "/?q=" + "a" * (length - len("GET /?q= HTTP/1.1"))
    status, _type, body = get(nginx_port, target)
    assert (status == 200 and body.startswith("upstream")) or (status == 414 and "Đường dẫn quá dài" in body)
