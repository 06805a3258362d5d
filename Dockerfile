# Image for web (gunicorn), Celery worker and Celery beat. It never migrates by itself: docker-compose.yml runs the
# one-shot `migrate` service once per deploy (docs/decisions/0753). The volume mount points (media, private files,
# archive) exist here, owned by the portal user, so new named volumes take that ownership.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=portal.settings VAR_DIR=/app/var STATIC_ROOT=/app/static-root MEDIA_ROOT=/app/media

RUN apt-get update && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 portal

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /app/var/private /app/var/archive /app/media && chown -R portal:portal /app/var /app/media

USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
