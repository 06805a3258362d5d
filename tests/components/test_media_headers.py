"""What nginx (deploy/nginx/portal.conf, rendered by bench.nginx) answers for files under /media/: never HTML,
SVG or script on the portal's origin; documents are downloads; every answer is nosniff and sandboxed (0720).

Runs the real nginx on a free loopback port; skips when nginx is absent, fails in CI (.ci/run installs it)."""

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from bench.nginx import render

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SCRIPT = b"<script>fetch('/admin/auth/user/')</script>"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_media(tmp_path_factory):
    """(base URL, media directory) of a running nginx with the repository's site file."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed; .ci/run installs Debian's nginx-light package")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    root = tmp_path_factory.mktemp("nginx-media")
    media = root / "media"
    (media / "p/1/articles/2026/12").mkdir(parents=True)
    (media / "p/1/drafts/2026").mkdir(parents=True)
    files = {
        "p/1/articles/2026/12/anh.png": PNG,
        "p/1/drafts/2026/cu.pdf": b"%PDF-1.4\n" + SCRIPT,
        "p/1/drafts/2026/x.html": b"%PDF-1.4\n" + SCRIPT,
        "p/1/drafts/2026/x.HTM": SCRIPT,
        "p/1/drafts/2026/so-do.svg": b"<svg xmlns='http://www.w3.org/2000/svg'>" + SCRIPT + b"</svg>",
        "p/1/drafts/2026/a.js": b"alert(1)",
        "p/1/drafts/2026/a.xml": b"<x/>",
        "p/1/drafts/2026/khong-ro": SCRIPT,
        "p/1/drafts/2026/bang.xlsx": b"PK\x03\x04",
    }
    for name, data in files.items():
        (media / name).write_bytes(data)
    port = free_port()
    conf = render(
        upstream=f"127.0.0.1:{free_port()}",  # nothing listens: only /media/ is asked for
        listen=f"127.0.0.1:{port}",
        directory=root / "nginx",
        static_root=root / "static",
        media_root=media,
    )
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(root / "nginx")], stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/media/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def assert_inert(headers):
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_an_image_is_shown_inline_but_sandboxed(nginx_media):
    status, headers = get(nginx_media + "p/1/articles/2026/12/anh.png")
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert headers["Content-Disposition"] is None
    assert_inert(headers)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("p/1/drafts/2026/cu.pdf", "application/pdf"),
        ("p/1/drafts/2026/bang.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("p/1/drafts/2026/khong-ro", "application/octet-stream"),
    ],
)
def test_documents_are_downloads_with_their_type(nginx_media, name, content_type):
    status, headers = get(nginx_media + name)
    assert status == 200 and headers["Content-Type"] == content_type
    assert headers["Content-Disposition"] == "attachment"
    assert_inert(headers)


@pytest.mark.parametrize(
    "name",
    [
        "p/1/drafts/2026/x.html",
        "p/1/drafts/2026/x.HTM",
        "p/1/drafts/2026/so-do.svg",
        "p/1/drafts/2026/a.js",
        "p/1/drafts/2026/a.xml",
    ],
)
def test_html_svg_script_and_xml_are_never_served(nginx_media, name):
    status, headers = get(nginx_media + name)
    assert status == 403
    assert_inert(headers)


def test_a_missing_file_answers_with_the_same_headers(nginx_media):
    status, headers = get(nginx_media + "p/1/drafts/2026/none.pdf")
    assert status == 404
    assert_inert(headers)
