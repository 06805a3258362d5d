"""Every link a citizen can click on a seeded portal's home page (menus, boxes, footer) answers, in both
languages (one level: the pages the home page links to)."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/", "/tep/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def internal_links(html):
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.links:
        href, _fragment = urldefrag(href)
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith(SKIPPED_PREFIXES):
            continue  # other sites (public services, social networks), mail and phone links, files, the admin
        found.append(href)
    return found


def _get(client, url):
    response = client.get(url, follow=True)
    return response.status_code, response


@pytest.fixture
def demo(settings, tmp_path):
    from components.models import Portal

    settings.DEBUG = True
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("seed_demo")
    settings.DEBUG = False
    return list(Portal.objects.filter(status=Portal.Status.ACTIVE))


def test_every_link_of_every_seeded_portal_answers_in_vietnamese_and_english(client, demo):
    homes = []
    for portal in demo:
        home = portal.get_absolute_url()
        english = re.search(r'href="([^"]+)" hreflang="en"', client.get(home).content.decode())
        homes += [home, english.group(1)]  # the English home, as the language switch links it
    broken, seen, second_level = [], set(), []
    for home in homes:
        status, response = _get(client, home)
        seen.add(home)
        if status != 200:
            broken.append((status, home, "—"))
            continue
        for link in internal_links(response.content.decode()):
            if link not in seen:
                seen.add(link)
                second_level.append((link, home))
    for link, origin in second_level:
        status, _response = _get(client, link)
        if status != 200:
            broken.append((status, link, origin))
    assert not broken, "\n".join(f"{status} {url} (linked from {origin})" for status, url, origin in broken)


def test_no_seeded_page_says_the_same_thing_twice(client, demo):
    for portal in demo:
        home = portal.get_absolute_url()
        english = re.search(r'href="([^"]+)" hreflang="en"', client.get(home).content.decode()).group(1)
        for url in (home, english):
            page = client.get(url).content.decode()
            assert "Cổng thông tin điện tử Cổng" not in page, url
            menus = page[page.index('id="site-menu"') : page.index("</header>")]
            assert menus.count(">News<") <= 1 and menus.count(">Tin tức<") <= 1, url
