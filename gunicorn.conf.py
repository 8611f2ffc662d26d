"""Gunicorn settings for the production image, tuned through the environment.

The Dockerfile's CMD runs `gunicorn -c gunicorn.conf.py cms.wsgi`. The
variables read here are listed in `.env.example`; each can change per
deployment without rebuilding the image.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"

# Processes x threads = concurrent requests per container. More than one
# thread switches gunicorn to its gthread worker.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# Kill a worker stuck on one request for longer than this many seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On restart or shutdown (SIGTERM), workers get this long to finish requests.
graceful_timeout = 30
# Seconds an idle connection from the load balancer stays open.
keepalive = 5

# Recycle each worker after about this many requests so that slow memory growth
# never accumulates; the jitter keeps the workers from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10

# Logs go to stdout and stderr, where the container runtime collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

# Workers touch a heartbeat file every second; on a disk-backed /tmp (Docker's
# overlay filesystem) that can block them, so keep it in memory.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
