#!/usr/bin/env bash
# The demo mirror inside compose. `zonewatch mirror` writes start URLs with the address it binds
# (0.0.0.0 here), which other containers cannot use, so the sites file they read is rewritten to
# the service name `mirror`. Every site gets its own port; the compose network reaches them all.
set -euo pipefail
shared="${ZONEWATCH_SHARED:-/opt/zonewatch/shared}"
raw="$(mktemp -d)/demo-sites.yaml"
zonewatch mirror --host-prefix 0.0.0.0 --print-sites "$raw" &
pid=$!
for _ in $(seq 1 60); do [ -s "$raw" ] && break; sleep 1; done
sed 's#http://0\.0\.0\.0:#http://mirror:#g' "$raw" > "$shared/demo-sites.yaml.tmp"
mv "$shared/demo-sites.yaml.tmp" "$shared/demo-sites.yaml"
echo "demo sites file: $shared/demo-sites.yaml"
wait "$pid"
