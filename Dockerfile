# syntax=docker/dockerfile:1

# Production image: gunicorn serves cms.wsgi; static files are collected at
# build time and served by WhiteNoise.
#
#   docker build -t samverkan .
#   docker run --rm --env-file prod.env samverkan docker/release.sh   # release step
#   docker run --env-file prod.env -p 8000:8000 samverkan              # web process
#
# prod.env holds at least SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (Postgres:
# the default SQLite file would sit in /app, which the app cannot write);
# .env.example lists every variable. The image sets the production settings.
#
# The release step runs the migrations. Run it once per deploy, before the new
# web containers start; CMD never migrates, so that several web containers do
# not race each other on the same database. Uploaded media belong on a volume
# mounted at /app/media.
#
# tests/test_dockerfile.py replays the RUN steps marked "# test: <name>" on the
# host, without Docker, and checks what they produce. Keep each marker directly
# above its RUN; mark only steps that write under /venv and /app, the paths the
# test maps into a temporary folder.

# --- builder: the virtualenv with every pinned requirement -------------------
FROM python:3.11-slim-bookworm AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1

# test: venv
RUN python -m venv /venv
ENV PATH="/venv/bin:$PATH"

WORKDIR /app
COPY requirements.txt .
# Every requirement ships as a manylinux wheel (psycopg[binary], Pillow and
# pillow-heif bundle libpq, libjpeg, libwebp and libheif), so this stage needs
# no compiler. Should a requirement ever need building, install
# build-essential and its -dev packages here and drop --only-binary.
# test: install
RUN pip install --no-cache-dir --only-binary=:all: -r requirements.txt

# --- runtime: the app, run by an unprivileged user ---------------------------
# Same base image as the builder: /venv/bin/python links to its interpreter.
FROM python:3.11-slim-bookworm AS runtime

# The wheels link only against libc, libstdc++ and zlib, which the base image
# already has, so no Debian packages are installed.
RUN groupadd --gid 1000 samverkan \
    && useradd --uid 1000 --gid samverkan --create-home --shell /usr/sbin/nologin samverkan

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    VIRTUAL_ENV=/venv \
    PATH="/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    STATIC_ROOT=/app/static \
    MEDIA_ROOT=/app/media \
    PORT=8000

COPY --from=builder /venv /venv
WORKDIR /app
# The code and collected static files stay owned by root, read-only to the app.
COPY . .

# Production settings refuse to start without a secret; collecting static files
# needs none, so a throwaway value will do.
# test: collectstatic
RUN SECRET_KEY=collectstatic-dummy python manage.py collectstatic --noinput

RUN mkdir -p /app/media && chown samverkan:samverkan /app/media

# samverkan, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000

EXPOSE 8000

# Healthy once gunicorn accepts connections; a TCP check needs no allowed host.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, socket; socket.create_connection(('127.0.0.1', int(os.environ['PORT'])), timeout=3).close()"]

CMD ["gunicorn", "-c", "gunicorn.conf.py", "cms.wsgi"]
