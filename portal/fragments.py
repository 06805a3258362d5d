"""Process-local copies of the blocks cached per portal generation, and cached rendered HTML fragments.

Why (bench/analysis.md §2): at 100k articles an uncached page spent most of its CPU rendering the same header,
menu and footer on every request and reading the same cached blocks (categories, portal list) from Redis several
times per request, each a round trip and an unpickle. Here every entry is keyed by the portal's *generation*
(portal.cache), which is read from the cache once per request; `portal.cache.bump` changes it on every content
change of the portal and its component portals and on every change of a portal row, so an entry is never used
after a change, in any process, from that process's next request on. Entries also expire after LOCAL_SECONDS,
which bounds what generations cannot see (content going live by the clock, a flushed cache) the way
PORTAL_PAGE_CACHE_SECONDS already bounds cached pages.

A cached fragment must not contain anything per visitor (CSRF token, user, form values, the current path): the
`portalcache` tag (portal_tags) keys it by portal, generation, language, script prefix and the values it is told
to vary on.
"""

import contextlib
import threading
import time
from collections import OrderedDict

from django.core.cache import cache
from django.urls import get_script_prefix
from django.utils import translation

from .cache import DATA_KEY, _timeout, generation

LOCAL_SECONDS = 60
MAX_ENTRIES = 2048

_entries: OrderedDict = OrderedDict()
_lock = threading.Lock()


def clear_local():
    """Forget every process-local entry (tests, after they clear the shared cache)."""
    with _lock:
        _entries.clear()


def local_data(portal, name, builder, timeout=None):
    """`portal.cache.cached_data` with a process-local layer in front: no round trip for a block read on every
    request. `builder()` returning None means "nothing": not cached, asked again next time."""
    if portal is None:
        return builder()
    gen = generation(portal.pk)
    if not gen:  # the cache is unreachable: nothing can be invalidated, so nothing is kept
        return builder()
    key = (portal.pk, gen, name)
    now = time.monotonic()
    entry = _entries.get(key)
    if entry is not None and entry[0] > now:
        return entry[1]
    # The shared layer is portal.cache.cached_data's (same keys), except that "nothing" is never stored: random
    # keys (ids in URLs) must not fill Redis or crowd real entries out of this process.
    shared_key = DATA_KEY.format(gen=gen, portal=portal.pk, name=name)
    try:
        value = cache.get(shared_key)
    except Exception:
        value = None
    if value is None:
        value = builder()
        if value is None:
            return None
        with contextlib.suppress(Exception):
            cache.set(shared_key, value, timeout or _timeout())
    with _lock:
        _entries[key] = (now + LOCAL_SECONDS, value)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def fragment_key(name, vary):
    """Key of a rendered fragment: links in it depend on the language and the /web/<slug>/ prefix."""
    parts = [name, translation.get_language() or "", get_script_prefix(), *(str(v) for v in vary)]
    return "fragment:" + "|".join(parts)
