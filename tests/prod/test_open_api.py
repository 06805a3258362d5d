"""The open API on the deployed shape: through nginx, on the seeded demo, docs page assets from the manifest."""

import re

import pytest

pytestmark = pytest.mark.prod


def test_api_answers_through_nginx_and_its_docs_page_loads_its_own_files(prod_stack):
    portals = prod_stack.get("/api/v1/portals/")
    assert portals.status_code == 200 and portals.headers["Content-Type"].startswith("application/json")
    slug = portals.json()["results"][0]["slug"]
    articles = prod_stack.get(f"/api/v1/portals/{slug}/articles/")
    assert articles.status_code == 200 and articles.json()["count"] > 0
    again = prod_stack.get(f"/api/v1/portals/{slug}/articles/")
    # nginx's edge cache (3 s) or, once it expired, Django's API cache answers the repeat.
    assert again.headers.get("X-Cache-Status") == "HIT" or again.headers["X-Api-Cache"] == "hit", again.headers

    docs = prod_stack.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "script-src 'self'" in docs.headers["Content-Security-Policy"]
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', docs.text)
    assert any("swagger-ui-bundle" in path for path in assets), assets
    for path in assets:  # hashed names from collectstatic's manifest, served by nginx
        assert prod_stack.get(path).status_code == 200, path
    init = re.search(r'<script src="([^"]*\?[^"]*script[^"]*)"', docs.text).group(1).replace("&amp;", "&")
    assert "SwaggerUIBundle" in prod_stack.get(init).text
    schema = prod_stack.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
