#!/usr/bin/env bash
# manage.py with the production environment of the systemd units (/etc/vanguard/vanguard.env):
#   sudo -u vanguard /srv/vanguard/app/deploy/manage.sh migrate
# VANGUARD_ENV_FILE names another file.
set -euo pipefail
env_file=${VANGUARD_ENV_FILE:-/etc/vanguard/vanguard.env}
[ -r "$env_file" ] || { echo "无法读取 $env_file(需要 vanguard 用户或 root 权限)。" >&2; exit 1; }
set -a
# shellcheck disable=SC1090
. "$env_file"
set +a
cd "$(dirname "$0")/.."
exec .venv/bin/python manage.py "$@"
