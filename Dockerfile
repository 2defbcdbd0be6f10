# Production image: gunicorn serving cms.settings.production, static files
# through WhiteNoise. Configure it with the variables in .env.example. From
# the same image, once per release: `python manage.py migrate`; and as the
# background worker: `python manage.py db_worker`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    PORT=8000

RUN useradd --create-home --uid 1000 cms
WORKDIR /app

# Exactly the locked versions, checked against their hashes (make lock writes it).
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

COPY --chown=cms:cms . .
# collectstatic needs settings to import; these throwaway values never reach runtime.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --no-input -v 0

USER cms
EXPOSE 8000
CMD ["sh", "-c", "exec gunicorn cms.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
