# Production-like image: gunicorn for web, the same image for the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint needs Pango, and HarfBuzz-Subset to cut the embedded Korean font down to the glyphs a
# PDF uses (without it: the same PDF, ~25x slower to render; README "What a production host
# needs"). libpq is not needed (psycopg[binary]).
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir "uv>=0.9,<1" && uv pip install --system --no-cache -r requirements.lock
COPY . .
# Static files are collected at build time; SECRET_KEY is only needed to import settings here.
RUN SECRET_KEY=build-only DATABASE_URL=postgresql://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput --verbosity 0

RUN useradd --system --uid 1000 works && mkdir -p /app/media && chown works /app/media
USER works
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
