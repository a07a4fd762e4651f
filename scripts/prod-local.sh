#!/usr/bin/env bash
# Production mode on this machine, on loopback ports: PostgreSQL, Redis, a Celery worker and beat,
# gunicorn and nginx, each started from the project's files and stopped by `stop`.
#   scripts/prod-local.sh start     # = make prod-local: start, migrate, seed the small demo, smoke test
#   scripts/prod-local.sh stop      # = make prod-stop: stop exactly what start started
# Everything lives under var/prod-local/ (data, logs, pid files); nothing is installed system-wide
# except missing Debian packages (nginx, postgresql-15, redis-server) when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUN=${PROD_LOCAL_DIR:-$ROOT/var/prod-local}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
HTTP_PORT=${PROD_HTTP_PORT:-8480}
APP_PORT=${PROD_APP_PORT:-8481}
PG_PORT=${PROD_PG_PORT:-55481}
REDIS_PORT=${PROD_REDIS_PORT:-56481}
PY=$ROOT/.venv/bin/python

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

install_missing() {
  local need=()
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
  [ -x "$PG_BIN/initdb" ] || need+=(postgresql-15)
  command -v redis-server >/dev/null || need+=(redis-server)
  if [ ${#need[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "缺少 ${need[*]},请以 root 运行或先安装这些软件包。" >&2; exit 1; }
    echo "Installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

environment() {
  export DJANGO_SETTINGS_MODULE=vanguard.settings.production
  export DJANGO_SECRET_KEY
  DJANGO_SECRET_KEY=$(cat "$RUN/secret")
  export DATABASE_URL="postgres://vanguard@127.0.0.1:$PG_PORT/vanguard"
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  export TASK_BACKEND=celery
  export ALLOWED_HOSTS="127.0.0.1,localhost"
  export VANGUARD_VAR_DIR="$RUN/var"
  export VANGUARD_STATIC_ROOT="$RUN/static"
  export FILE_ACCEL_PREFIX=/protected/
  export CLIENT_ADDRESS_HEADER=HTTP_X_FORWARDED_FOR
  export SECURE_COOKIES=0  # plain HTTP on loopback; behind TLS this stays 1
  export WEB_CONCURRENCY=${WEB_CONCURRENCY:-4}
}

wait_for() {  # wait_for <what> <command...>
  local what=$1; shift
  for _ in $(seq 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "$what did not start (logs in $RUN/log)" >&2; exit 1
}

start_postgres() {
  if [ ! -d "$RUN/pg" ]; then
    mkdir -p "$RUN/pg" && [ "$(id -u)" = 0 ] && chown postgres "$RUN/pg"
    as_postgres "$PG_BIN/initdb" -D "$RUN/pg" -A trust -U vanguard -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  [ "$(id -u)" = 0 ] && chown postgres "$RUN/log"
  as_postgres "$PG_BIN/pg_ctl" -D "$RUN/pg" -l "$RUN/log/postgresql.log" -w \
    -o "-p $PG_PORT -k $RUN/pg -c listen_addresses=127.0.0.1" start >/dev/null
  as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U vanguard -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='vanguard'" | grep -q 1 \
    || as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U vanguard vanguard
}

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --pidfile "$RUN/redis.pid" \
    --logfile "$RUN/log/redis.log" --dir "$RUN" --save "" --appendonly no
  wait_for Redis redis-cli -p "$REDIS_PORT" ping
}

start_nginx() {
  mkdir -p "$RUN/nginx"
  sed -e "s|@UPSTREAM@|127.0.0.1:$APP_PORT|; s|@LISTEN@|127.0.0.1:$HTTP_PORT|; s|@SERVER_NAME@|localhost|" \
      -e "s|@STATIC_ROOT@|$RUN/static|; s|@MEDIA_ROOT@|$RUN/var/media|" deploy/nginx/vanguard.conf > "$RUN/nginx/site.conf"
  cat > "$RUN/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $RUN/nginx.pid;
error_log $RUN/log/nginx-error.log;
events { worker_connections 512; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $RUN/log/nginx-access.log;
  client_body_temp_path $RUN/nginx/body;
  proxy_temp_path $RUN/nginx/proxy;
  fastcgi_temp_path $RUN/nginx/fastcgi;
  uwsgi_temp_path $RUN/nginx/uwsgi;
  scgi_temp_path $RUN/nginx/scgi;
  sendfile on;
  include $RUN/nginx/site.conf;
}
CONF
  "$(command -v nginx || echo /usr/sbin/nginx)" -c "$RUN/nginx/nginx.conf" -p "$RUN/nginx" -e "$RUN/log/nginx-error.log"
}

start() {
  install_missing
  make --no-print-directory setup >/dev/null
  mkdir -p "$RUN/log" "$RUN/var" "$RUN/static"
  [ -s "$RUN/secret" ] || "$PY" -c "import secrets; print(secrets.token_urlsafe(50))" > "$RUN/secret"
  chmod 600 "$RUN/secret"
  environment
  echo "PostgreSQL on $PG_PORT"; start_postgres
  echo "Redis on $REDIS_PORT"; start_redis
  "$PY" manage.py migrate --noinput >"$RUN/log/migrate.log"
  "$PY" manage.py collectstatic --noinput >"$RUN/log/collectstatic.log"
  "$PY" manage.py seed_demo --size small --if-empty >"$RUN/log/seed.log"
  echo "Celery worker and beat"
  .venv/bin/celery -A vanguard worker --detach --concurrency=2 --loglevel=INFO \
    --pidfile="$RUN/celery-worker.pid" --logfile="$RUN/log/celery-worker.log"
  .venv/bin/celery -A vanguard beat --detach --loglevel=INFO --schedule="$RUN/celerybeat-schedule" \
    --pidfile="$RUN/celery-beat.pid" --logfile="$RUN/log/celery-beat.log"
  echo "gunicorn on $APP_PORT"
  .venv/bin/gunicorn vanguard.wsgi:application --config deploy/gunicorn.conf.py --bind "127.0.0.1:$APP_PORT" \
    --daemon --pid "$RUN/gunicorn.pid" --access-logfile "$RUN/log/gunicorn-access.log" --error-logfile "$RUN/log/gunicorn.log"
  wait_for gunicorn curl -sf "http://127.0.0.1:$APP_PORT/healthz"
  echo "nginx on $HTTP_PORT"; start_nginx
  wait_for nginx curl -sf "http://127.0.0.1:$HTTP_PORT/healthz"
  echo "Smoke test through nginx"
  "$PY" scripts/smoke.py "http://127.0.0.1:$HTTP_PORT"
  echo "Vanguard serves at http://127.0.0.1:$HTTP_PORT/ (make prod-stop stops it)."
}

stop_pidfile() {  # stop_pidfile <file>: TERM the process, wait for it to go
  local file=$1 pid
  [ -s "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$file"
}

stop() {
  [ -s "$RUN/nginx.pid" ] && { nginx -c "$RUN/nginx/nginx.conf" -p "$RUN/nginx" -s quit 2>/dev/null || true; }
  stop_pidfile "$RUN/nginx.pid"
  stop_pidfile "$RUN/gunicorn.pid"
  stop_pidfile "$RUN/celery-beat.pid"
  stop_pidfile "$RUN/celery-worker.pid"
  stop_pidfile "$RUN/redis.pid"
  if [ -f "$RUN/pg/postmaster.pid" ]; then as_postgres "$PG_BIN/pg_ctl" -D "$RUN/pg" -m fast -w stop >/dev/null; fi
  echo "Stopped."
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
