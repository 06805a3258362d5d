"""Content-Security-Policy by path (docs/decisions/0732-security-headers.md).

django-csp writes the header; this subclass of its middleware picks the policy:

- the public site: `settings.CONTENT_SECURITY_POLICY`, strict (scripts and styles from our origin only, no
  inline code, no nonces: the pages are cached whole, so a per-request nonce could not work anyway);
- the back office (`settings.CSP_ADMIN_PATH_PREFIXES`): `settings.CONTENT_SECURITY_POLICY_ADMIN`, which lets
  CKEditor 5 set inline styles and preview pasted images (blob:).

Both allow the video embeds that article bodies may hold (editorial.sanitize: https `/embed/` URLs of
`EDITORIAL_IFRAME_HOSTS`) as frame sources, read at each request so the two lists never disagree.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ("/admin/",))))


def embed_sources() -> list[str]:
    from editorial.sanitize import DEFAULT_IFRAME_HOSTS

    hosts = getattr(settings, "EDITORIAL_IFRAME_HOSTS", DEFAULT_IFRAME_HOSTS)
    return [f"https://{host.lower()}" for host in hosts]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        parts.update = {**(parts.update or {}), "frame-src": embed_sources()}
        return parts
