#!/usr/bin/env bash
# Render the edge config into a self-contained nginx prefix, the way the web image
# does it (envsubst over NGINX_* variables only), so Debian's nginx can run or test it
# without root paths:
#
#   NGINX_... docker/nginx/render.sh OUT_DIR [plain] [tls]
#   nginx -p OUT_DIR/ -c OUT_DIR/nginx.conf -t
#
# Servers: `plain` (plain.conf, listens on NGINX_PLAIN_PORT) and/or `tls` (tls.conf:
# redirect on NGINX_HTTP_PORT, TLS on NGINX_HTTPS_PORT). Default: tls.
# Shared by scripts/validate-deploy.sh and e2e/edge; keep it free of test logic.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: render.sh OUT_DIR [plain] [tls]}"
shift
servers=("$@")
[ "${#servers[@]}" -gt 0 ] || servers=(tls)

mime_types="${NGINX_MIME_TYPES:-/etc/nginx/mime.types}"
[ -f "$mime_types" ] || { echo "render.sh: $mime_types not found (is nginx installed?)" >&2; exit 1; }

templates=("$here/templates/edge.conf.template" "$here/templates/edge-locations.inc.template")
for s in "${servers[@]}"; do
  case "$s" in
    tls) templates+=("$here/templates/tls.conf.template") ;;
    plain) templates+=("$here/plain.conf.template") ;;
    *) echo "render.sh: unknown server '$s' (plain|tls)" >&2; exit 2 ;;
  esac
done

mkdir -p "$out/conf.d" "$out/snippets"
cp "$here/nginx.conf" "$out/nginx.conf"
cp "$here"/snippets/*.conf "$out/snippets/"
cp "$mime_types" "$out/mime.types"

# Substitute only NGINX_* names (the image sets NGINX_ENVSUBST_FILTER=NGINX_), so
# nginx's own $variables pass through. A placeholder left unset is an error here
# rather than a confusing "unknown variable" from nginx later.
for t in "${templates[@]}"; do
  # shellcheck disable=SC2016 # literal ${...} patterns, not expansions
  for name in $(grep -o '\${NGINX_[A-Z0-9_]*}' "$t" | tr -d '${}' | sort -u); do
    if [ -z "${!name:-}" ]; then
      echo "render.sh: $name is not set (needed by $(basename "$t"))" >&2
      exit 1
    fi
  done
  # shellcheck disable=SC2016 # the single quotes keep the list literal for envsubst
  names="$(compgen -e | grep '^NGINX_' | sed 's/.*/${&}/' | tr '\n' ' ')"
  target="$out/conf.d/$(basename "$t" .template)"
  envsubst "$names" <"$t" >"$target"
done
