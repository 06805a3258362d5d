"""request.portal comes from the Host header, the /web/<slug>/ prefix, or falls back to the province."""

import pytest

from tests.factories import PortalFactory

pytestmark = pytest.mark.django_db


def test_host_of_a_component_portal_shows_that_portal(client, department):
    response = client.get("/", HTTP_HOST="sokhcn.camau.gov.vn")
    assert response.status_code == 200
    assert response.wsgi_request.portal == department
    assert "Sở Khoa học và Công nghệ tỉnh Cà Mau" in response.content.decode()


def test_web_prefix_shows_the_component_portal_and_keeps_links_inside_it(client, department):
    response = client.get("/web/sokhcn/")
    assert response.status_code == 200
    assert response.wsgi_request.portal == department
    html = response.content.decode()
    assert 'href="/web/sokhcn/"' in html  # the brand link stays inside the component portal
    assert 'href="/web/sokhcn/en/"' in html  # so does the language switch


def test_web_prefix_without_trailing_slash_redirects(client, department):
    response = client.get("/web/sokhcn")
    assert response.status_code == 301
    assert response["Location"] == "/web/sokhcn/"


def test_unknown_portal_slug_is_404(client, province):
    assert client.get("/web/khong-co/").status_code == 404


def test_unknown_allowed_host_falls_back_to_the_province(client, province, department):
    response = client.get("/", HTTP_HOST="localhost")
    assert response.wsgi_request.portal == province


def test_host_neither_configured_nor_allowed_is_refused(client, province):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400


def test_domain_added_in_the_admin_is_accepted_without_restart(client, province):
    PortalFactory(parent=province, slug="xakhanhbinh", domain="khanhbinh.camau-moi.vn")
    response = client.get("/", HTTP_HOST="khanhbinh.camau-moi.vn")
    assert response.status_code == 200
    assert response.wsgi_request.portal.slug == "xakhanhbinh"


def test_english_under_the_web_prefix(client, department):
    response = client.get("/web/sokhcn/en/")
    assert response.status_code == 200
    assert response.wsgi_request.portal == department
    assert '<html lang="en">' in response.content.decode()
