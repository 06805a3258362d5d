"""ALLOWED_HOSTS that also accepts the domains configured on portals in the admin.

Django validates the Host header by iterating settings.ALLOWED_HOSTS. This list yields the hosts from
the environment first, then every active portal domain (cached), so adding a domain in the admin needs
no restart, while any other host is refused exactly as Django refuses it (400, DisallowedHost).
"""


class PortalAwareHosts(list):
    def __iter__(self):
        yield from super().__iter__()
        from django.apps import apps

        if not apps.ready:
            return
        from components.selectors import host_map

        try:
            domains = host_map()  # includes merged portals' old domains, which answer with a redirect
        except Exception:  # database unreachable (or blocked in tests): only the configured hosts count
            return
        yield from domains
