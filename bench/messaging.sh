#!/bin/sh
# Delivery rate of the messaging workers to a local SMTP server (aiosmtpd)
# and a local Twilio-style SMS gateway stand-in. Figures: docs/PERFORMANCE.md.
#   bench/messaging.sh [--bin build/sanctuary] [--count 5000]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 "$here/messaging.py" "$@"
