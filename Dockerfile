# syntax=docker/dockerfile:1
# Production image. One image, three uses (see README, "Configure production"):
#   web (default):  gunicorn on $PORT (cms/operations/gunicorn.py), JSON logs on stdout
#   worker:         python manage.py db_worker
#   commands:       python manage.py migrate --no-input   (once per release, before the web)
# Configure it with the variables in .env.example.

# --- builder: wheels of exactly the locked versions, checked against their hashes.
FROM python:3.11-slim AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /build
COPY requirements.lock .
RUN pip wheel --require-hashes --wheel-dir /wheels -r requirements.lock

# --- runtime: the wheels, the code and the collected static files; no compilers, no pip cache.
FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    PORT=8000

RUN useradd --create-home --uid 1000 --user-group cms
WORKDIR /app

# Only the wheels the builder checked; nothing is fetched from an index here.
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links=/wheels /wheels/*.whl

# The code belongs to root: the app user may read it, not change it. It writes
# only to var/ (file cache, and media when S3 is not configured).
COPY . .
# collectstatic needs settings that import; these throwaway values never reach runtime.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    ALLOWED_HOSTS=build WAGTAILADMIN_BASE_URL=http://build \
    python manage.py collectstatic --no-input -v 0 \
    && mkdir -p var \
    && chown cms:cms var

# Numeric, so the orchestrator can tell it is not root (runAsNonRoot) without an /etc/passwd.
USER 1000:1000
EXPOSE 8000
# The slim image has no curl: a few lines of Python ask the web process's /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "cms.operations.probe"]
CMD ["gunicorn", "--config", "python:cms.operations.gunicorn", "cms.wsgi:application"]
