#!/bin/sh
# Rebuilds pinned.ipa from src/ (a Payload/ tree: an XML Info.plist with ATS
# pins, an exception domain and a report-only TrustKit domain; the fat Mach-O
# fixture of audit/load/ipa/testdata as executable; a bundled leaf certificate).
set -eu
cd "$(dirname "$0")"
rm -f pinned.ipa
(cd src && TZ=UTC touch -t 202601010000 Payload Payload/Pinned.app Payload/Pinned.app/* && zip -q -X -r ../pinned.ipa Payload)
