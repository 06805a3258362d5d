"""A WSGI app for tests/portal/test_nginx_long_requests.py: answers 200 with the query's length."""


def app(environ, start_response):
    body = f"upstream {len(environ.get('QUERY_STRING', ''))}".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
