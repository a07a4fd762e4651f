#!/usr/bin/env bash
# Production mode on this machine, on loopback ports: PostgreSQL, Redis, a Celery worker and beat,
# gunicorn and nginx, each started from the project's files and stopped by `stop`.
#   scripts/prod-local.sh start     # = make prod-local: start, migrate, seed the small demo, smoke test
#   PROD_LOCAL_SIZE=large scripts/prod-local.sh start   # the large demo instead (make bench-load)
#   scripts/prod-local.sh smoke     # the smoke test again, against what runs
#   scripts/prod-local.sh status    # what runs
#   scripts/prod-local.sh stop      # = make prod-stop: stop exactly what start started
# Everything lives under var/prod-local/ (data, logs, pid files); nothing is installed system-wide
# except missing Debian packages (nginx, postgresql-15, redis-server, curl) when run as root.
# `start` while it runs starts only what is missing; a failed `start` stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUN=${PROD_LOCAL_DIR:-$ROOT/var/prod-local}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
HTTP_PORT=${PROD_HTTP_PORT:-8480}
APP_PORT=${PROD_APP_PORT:-8481}
PG_PORT=${PROD_PG_PORT:-55481}
REDIS_PORT=${PROD_REDIS_PORT:-56481}
# The demo seeded into an empty database: small (about 2,000 people, a few seconds) or large (40,000 people,
# several minutes on PostgreSQL). The size is kept in $RUN/size; a folder holds one size, PROD_LOCAL_DIR another.
SIZE=${PROD_LOCAL_SIZE:-small}
PY=$ROOT/.venv/bin/python
COMPONENTS=(postgres redis worker beat gunicorn nginx)  # start order; stop goes the other way

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
say() { echo "$*"; }
fail() { echo "$*" >&2; exit 1; }

nginx_bin() { command -v nginx || echo /usr/sbin/nginx; }

install_missing() {
  local need=()
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
  [ -x "$PG_BIN/initdb" ] || need+=(postgresql-15)
  command -v redis-server >/dev/null || need+=(redis-server)
  command -v curl >/dev/null || need+=(curl)
  if [ ! -x .venv/bin/python ] && ! python3 -m venv --help >/dev/null 2>&1; then need+=(python3-venv); fi
  if [ ! -f vanguard/static/vendor/.built ] && ! command -v npm >/dev/null; then need+=(npm); fi
  if [ ${#need[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || fail "缺少 ${need[*]},请以 root 运行或先安装这些软件包。"
    say "Installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

# The virtualenv and the vendored assets, built once by `make setup`. An existing build is used as it is
# (after an upgrade run `make setup` first): rebuilding on every start would rewrite them under a running server.
ensure_app() {
  if [ -x .venv/bin/gunicorn ] && [ -x .venv/bin/celery ] && [ -f vanguard/static/vendor/.built ]; then return; fi
  say "make setup"
  make --no-print-directory setup >/dev/null
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
  # Plain HTTP on loopback: no HTTPS redirect, no HSTS, cookies over HTTP. Behind TLS these stay on.
  export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0
  # Small enough that the smoke test's import of the demo roster runs in the background.
  export ROSTER_BACKGROUND_ROWS=${ROSTER_BACKGROUND_ROWS:-200}
  # Likewise its roster export: built by the worker, fetched from its progress page.
  export EXPORT_BACKGROUND_ROWS=${EXPORT_BACKGROUND_ROWS:-200}
  export WEB_CONCURRENCY=${WEB_CONCURRENCY:-4}
}

wait_for() {  # wait_for <what> <command...>
  local what=$1; shift
  for _ in $(seq 150); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  fail "$what 未能启动 / did not start (logs in $RUN/log)"
}

pid_of() {  # pid_of <component>: its main process id, if it runs
  local file pid pattern
  case $1 in
    postgres) file=$RUN/pg/postmaster.pid; pattern=postgres ;;
    redis) file=$RUN/redis.pid; pattern=redis-server ;;
    worker) file=$RUN/celery-worker.pid; pattern=celery ;;
    beat) file=$RUN/celery-beat.pid; pattern=celery ;;
    gunicorn) file=$RUN/gunicorn.pid; pattern=gunicorn ;;
    nginx) file=$RUN/nginx.pid; pattern=nginx ;;
  esac
  [ -s "$file" ] || return 1
  pid=$(head -n1 "$file")
  # A pid file left by a crash may name a process that is something else now.
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$pattern" || return 1
  echo "$pid"
}

running() { pid_of "$1" >/dev/null; }

descendants() {  # a process and all its children, grandchildren…
  local pid=$1 child
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do descendants "$child"; done
}

start_postgres() {
  if [ ! -d "$RUN/pg" ]; then
    mkdir -p "$RUN/pg"
    [ "$(id -u)" = 0 ] && chown postgres "$RUN/pg"
    as_postgres "$PG_BIN/initdb" -D "$RUN/pg" -A trust -U vanguard -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  touch "$RUN/log/postgresql.log"
  [ "$(id -u)" = 0 ] && chown postgres "$RUN/log/postgresql.log"
  as_postgres "$PG_BIN/pg_ctl" -D "$RUN/pg" -l "$RUN/log/postgresql.log" -w \
    -o "-p $PG_PORT -k $RUN/pg -c listen_addresses=127.0.0.1" start >/dev/null
}

create_database() {
  as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U vanguard -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='vanguard'" | grep -q 1 \
    || as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U vanguard vanguard
}

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --pidfile "$RUN/redis.pid" \
    --logfile "$RUN/log/redis.log" --dir "$RUN" --save "" --appendonly no
  wait_for Redis redis-cli -p "$REDIS_PORT" ping
}

start_worker() {
  .venv/bin/celery -A vanguard worker --detach --concurrency=2 --loglevel=INFO \
    --pidfile="$RUN/celery-worker.pid" --logfile="$RUN/log/celery-worker.log"
  wait_for "Celery worker" running worker
}

start_beat() {
  .venv/bin/celery -A vanguard beat --detach --loglevel=INFO --schedule="$RUN/celerybeat-schedule" \
    --pidfile="$RUN/celery-beat.pid" --logfile="$RUN/log/celery-beat.log"
  wait_for "Celery beat" running beat
}

start_gunicorn() {
  .venv/bin/gunicorn vanguard.wsgi:application --config deploy/gunicorn.conf.py --bind "127.0.0.1:$APP_PORT" \
    --daemon --pid "$RUN/gunicorn.pid" --access-logfile "$RUN/log/gunicorn-access.log" \
    --error-logfile "$RUN/log/gunicorn.log"
  wait_for gunicorn curl -sf "http://127.0.0.1:$APP_PORT/healthz"
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
  "$(nginx_bin)" -t -q -c "$RUN/nginx/nginx.conf" -p "$RUN/nginx" -e "$RUN/log/nginx-error.log"
  "$(nginx_bin)" -c "$RUN/nginx/nginx.conf" -p "$RUN/nginx" -e "$RUN/log/nginx-error.log"
  wait_for nginx curl -sf "http://127.0.0.1:$HTTP_PORT/healthz"
}

STARTED=()

launch() {  # launch <component> <label>: start it unless it runs already
  if running "$1"; then
    say "$2: 已在运行 / already running (pid $(pid_of "$1"))"
    return
  fi
  say "$2"
  "start_$1"
  STARTED+=("$1")
}

undo_failed_start() {
  local rc=$? i
  trap - EXIT
  if [ "$rc" -ne 0 ] && [ ${#STARTED[@]} -gt 0 ]; then
    echo "启动失败,停止本次启动的服务 / start failed, stopping what it started: ${STARTED[*]}" >&2
    for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do stop_component "${STARTED[i]}" || true; done
    echo "日志 / logs: $RUN/log" >&2
  fi
  exit "$rc"
}

start() {
  install_missing
  ensure_app
  mkdir -p "$RUN/log" "$RUN/var" "$RUN/static"
  [ -s "$RUN/secret" ] || "$PY" -c "import secrets; print(secrets.token_urlsafe(50))" > "$RUN/secret"
  chmod 600 "$RUN/secret"
  environment
  trap undo_failed_start EXIT
  launch postgres "PostgreSQL on $PG_PORT"
  create_database
  launch redis "Redis on $REDIS_PORT"
  say "migrate, collectstatic, seed_demo --size $SIZE"
  "$PY" manage.py migrate --noinput >"$RUN/log/migrate.log"
  "$PY" manage.py collectstatic --noinput >"$RUN/log/collectstatic.log"
  seed
  launch worker "Celery worker"
  launch beat "Celery beat"
  launch gunicorn "gunicorn on $APP_PORT"
  launch nginx "nginx on $HTTP_PORT"
  smoke
  trap - EXIT
  say "Vanguard: http://127.0.0.1:$HTTP_PORT/ (演示账号 / demo logins: manage.py demo_logins; make prod-stop 停止 / stops it)"
}

seed() {  # the demo of $SIZE into an empty database; a database seeded with another size is refused
  local seeded
  seeded=$(cat "$RUN/size" 2>/dev/null || true)
  if [ -z "$seeded" ] && "$PY" manage.py shell -c "from vanguard.org.models import Person; exit(not Person.objects.exists())" >/dev/null 2>&1; then
    seeded=small  # seeded before the size was recorded: only the small demo was
    echo small > "$RUN/size"
  fi
  if [ -n "$seeded" ] && [ "$seeded" != "$SIZE" ]; then
    fail "$RUN 已有 $seeded 规模的演示数据 / holds the $seeded demo, not $SIZE: use another PROD_LOCAL_DIR"
  fi
  "$PY" manage.py seed_demo --size "$SIZE" --if-empty >"$RUN/log/seed.log"
  echo "$SIZE" > "$RUN/size"
}

smoke() {
  say "冒烟测试(经 nginx)/ smoke test through nginx"
  # The background import re-imports the whole exported roster: seconds on the small demo, too long on large.
  local quick=()
  [ "$SIZE" = small ] || quick=(--skip-import)
  "$PY" scripts/smoke.py "${quick[@]}" "http://127.0.0.1:$HTTP_PORT"
}

stop_component() {  # stop_component <component>: stop it and wait until it and its children are gone
  local pid pids left
  pid=$(pid_of "$1") || return 0
  pids=$(descendants "$pid")
  case $1 in
    postgres) as_postgres "$PG_BIN/pg_ctl" -D "$RUN/pg" -m fast -w stop >/dev/null ;;
    nginx) "$(nginx_bin)" -c "$RUN/nginx/nginx.conf" -p "$RUN/nginx" -e "$RUN/log/nginx-error.log" -s quit ;;
    *) kill -TERM "$pid" ;;
  esac
  for _ in $(seq 150); do
    left=$(for p in $pids; do if kill -0 "$p" 2>/dev/null; then echo "$p"; fi; done)
    [ -z "$left" ] && break
    sleep 0.2
  done
  if [ -n "$left" ]; then
    echo "$1: 30 秒后仍在运行,强制结束 / still running after 30 s, killing: $left" >&2
    # shellcheck disable=SC2086
    kill -KILL $left 2>/dev/null || true
    sleep 0.5
    for p in $left; do if kill -0 "$p" 2>/dev/null; then fail "$1: 进程 $p 无法结束 / process $p did not end"; fi; done
  fi
  case $1 in
    redis) rm -f "$RUN/redis.pid" ;;
    worker) rm -f "$RUN/celery-worker.pid" ;;
    beat) rm -f "$RUN/celery-beat.pid" ;;
    gunicorn) rm -f "$RUN/gunicorn.pid" ;;
    nginx) rm -f "$RUN/nginx.pid" ;;
  esac
  say "$1: 已停止 / stopped"
}

stop() {
  local i
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do stop_component "${COMPONENTS[i]}"; done
  say "已全部停止 / all stopped."
}

status() {
  local c
  for c in "${COMPONENTS[@]}"; do
    if running "$c"; then say "$c: 运行中 / running (pid $(pid_of "$c"))"; else say "$c: 未运行 / not running"; fi
  done
}

case "${1:-}" in
  start) start ;;
  smoke) [ -s "$RUN/secret" ] || fail "未启动 / not started"; environment; smoke ;;
  status) status ;;
  stop) stop ;;
  *) echo "usage: $0 start|smoke|status|stop" >&2; exit 2 ;;
esac
