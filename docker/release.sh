#!/bin/sh
# Release step: run once per deploy, after the new image is built and before
# its web containers start, with the same environment as the web process:
#
#   docker run --rm --env-file prod.env samverkan docker/release.sh
#
# It is not part of the image's CMD, so that several web containers never
# race to migrate the same database.
set -eu

cd "$(dirname "$0")/.."

python manage.py migrate --noinput
