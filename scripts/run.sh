#!/usr/bin/env bash
# make run: a data folder with demo content on first run, then serve.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${SANCTUARY_DATA:-./data}
LISTEN=${SANCTUARY_LISTEN:-127.0.0.1:8080}
if [[ ! -f "$DATA/sanctuary.db" ]]; then
	build/sanctuary init --data "$DATA" --name "Jackson Heights Immigrant Solidarity" \
		--languages en,es,bn,ne,ur --default-lang en --timezone America/New_York
fi
build/sanctuary demo --data "$DATA"
echo "open http://$LISTEN in a browser (Ctrl-C stops the server)"
exec build/sanctuary serve --data "$DATA" --listen "$LISTEN"
