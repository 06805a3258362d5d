"""deploy/nginx/portal.conf renders for a native run, and the renderer notices when the compose file drifts."""

import shutil
import subprocess

import pytest

from bench.nginx import SITE_FILE, TemplateDrift, render, render_site


def test_site_file_renders_with_local_addresses_and_keeps_the_micro_cache():
    site = render_site(
        SITE_FILE.read_text(encoding="utf-8"),
        upstream="127.0.0.1:9001",
        listen="127.0.0.1:9080",
        static_root="/tmp/static",
        media_root="/tmp/media",
        cache_dir="/tmp/cache",
    )
    assert "server 127.0.0.1:9001;" in site
    assert "listen 127.0.0.1:9080 default_server;" in site
    assert "proxy_cache_path /tmp/cache " in site
    assert "web:8000" not in site and "/srv/" not in site
    assert "proxy_cache portal_pages;" in site
    assert "proxy_cache_bypass $portal_skip_cache;" in site
    # The TTL is nginx's own; what must not be shared is still never stored (decision 0760).
    assert "proxy_ignore_headers Cache-Control Expires;" in site
    assert "proxy_no_cache $portal_skip_cache $portal_upstream_private;" in site


def test_renderer_refuses_a_site_file_without_the_values_it_replaces():
    text = SITE_FILE.read_text(encoding="utf-8").replace("server web:8000;", "server app:8000;")
    with pytest.raises(TemplateDrift, match="web:8000"):
        render_site(text, upstream="x", listen="y", static_root="s", media_root="m", cache_dir="c")


def test_rendered_configuration_passes_nginx_syntax_check(tmp_path):
    if shutil.which("nginx") is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light); make bench installs it")
    conf = render(
        upstream="127.0.0.1:9001",
        listen="127.0.0.1:9080",
        directory=tmp_path / "nginx",
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
    )
    result = subprocess.run(
        ["nginx", "-t", "-c", str(conf), "-p", str(tmp_path / "nginx")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
