# Netzwerkatlas: the app server image. gunicorn with gunicorn.conf.py on port 8000, DEBUG off,
# static files collected at build time and served by WhiteNoise. Configuration comes from the
# environment (docs/deploy.md); the database is migrated by `docker compose run --rm app
# python manage.py migrate` (or the compose service "migrate"), never by every app server.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# pg_dump/pg_restore for `manage.py backup` and `restore` run from the container.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The dependencies first, so a code change does not reinstall them: exactly the pinned
# versions and file hashes of the runtime lock (README.md, "Dependencies").
COPY requirements/runtime.txt ./requirements/runtime.txt
RUN pip install --require-hashes -r requirements/runtime.txt

COPY . .

# The hashed, compressed static files belong to the image: every container serves the same.
RUN DEBUG=false SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost DATABASE_URL=sqlite://:memory: \
    python manage.py collectstatic --noinput -v0

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin netzwerkatlas
USER netzwerkatlas

ENV DEBUG=false \
    GUNICORN_BIND=0.0.0.0:8000
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"

CMD ["gunicorn", "--config", "gunicorn.conf.py"]
