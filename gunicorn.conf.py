"""gunicorn settings read by every start of the web process: gunicorn loads ./gunicorn.conf.py from its working
directory (/app in the Dockerfile's and docker-compose.yml's commands, the repository root for native and bench
runs). Command-line flags still win over it."""

# The longest request line gunicorn accepts: its maximum, so everything nginx passes on (nginx answers a line
# longer than its 8k large_client_header_buffers with its own Vietnamese 414 page) reaches Django, which cuts
# over-long values (docs/decisions/0742-over-long-requests.md).
limit_request_line = 8190
