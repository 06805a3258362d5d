"""Content-Security-Policy by path (docs/decisions/0732-security-headers.md).

django-csp writes the header; this subclass of its middleware picks the policy:

- the public site: `settings.CONTENT_SECURITY_POLICY`, strict (scripts and styles from our origin only, no
  inline code, no nonces: the pages are cached whole, so a per-request nonce could not work anyway);
- the back office (`settings.CSP_ADMIN_PATH_PREFIXES`): `settings.CONTENT_SECURITY_POLICY_ADMIN`, which lets
  CKEditor 5 set inline styles and preview pasted images (blob:).

Both allow the video embeds that article bodies may hold (editorial.sanitize: https `/embed/` URLs of
`EDITORIAL_IFRAME_HOSTS`) as frame sources, read at each request so the two lists never disagree.

The national EMC monitoring snippet (`EMC_TRACKING_CODE_HTML`, pasted by the operator into every public page)
is allowed exactly: each inline `<script>` of it by its SHA-256 hash, each host it names as a script, image and
connection source. Nothing else inline runs.
"""

import base64
import hashlib
import re
from functools import lru_cache

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings

_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.I | re.S)
_HOST = re.compile(r"(?:https?:)?//([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)", re.I)


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ("/admin/",))))


def embed_sources() -> list[str]:
    from editorial.sanitize import DEFAULT_IFRAME_HOSTS

    hosts = getattr(settings, "EDITORIAL_IFRAME_HOSTS", DEFAULT_IFRAME_HOSTS)
    return [f"https://{host.lower()}" for host in hosts]


@lru_cache(maxsize=4)
def snippet_sources(snippet: str) -> dict[str, list[str]]:
    """What the tracking snippet needs: {"script-src": [hashes and hosts], "img-src": [...], "connect-src": [...]}."""
    if not snippet:
        return {}
    hashes = [
        "'sha256-{}'".format(base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii"))
        for body in _INLINE_SCRIPT.findall(snippet)
    ]
    hosts = list(dict.fromkeys(f"https://{host.lower()}" for host in _HOST.findall(snippet)))
    return {"script-src": hashes + hosts, "img-src": hosts, "connect-src": hosts}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        admin = is_admin_path(request.path_info)
        if parts.config is None and admin:
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        update = {"frame-src": embed_sources()}
        if not admin:
            update.update(snippet_sources(getattr(settings, "EMC_TRACKING_CODE_HTML", "") or ""))
        for directive, sources in (parts.update or {}).items():
            update[directive] = [*update.get(directive, []), *sources]
        parts.update = update
        return parts
