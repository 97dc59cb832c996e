#!/usr/bin/env bash
# Runs on the server after the files are copied: rebuild the app image, then restart with the least
# downtime Compose allows (the database, Casdoor and Caddy keep running), then prune old images.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f .env ]; then
    echo "No .env next to docker-compose.yml: write it from the ENV_FILE secret first" >&2
    exit 1
fi

docker compose build app
# Only the app is recreated; Caddy holds connections while it starts and sends none until it is healthy.
docker compose up -d --no-deps --wait app
docker compose up -d --wait
docker image prune -f
docker compose ps
