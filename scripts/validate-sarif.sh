#!/usr/bin/env bash
# validate-sarif.sh: writes every kind of SARIF log pinkit produces (audit of
# APKs, IPAs, source trees, with --source-root/--map, with an unreadable
# input; mitm with and without --events) and validates each one with
# Microsoft's SARIF Multitool and GitHub's upload rules (the "Gh" rule kind,
# what GitHub code scanning requires) plus the SARIF spec rules.
#
# Fails on any result of a GitHub rule (GH*) and on any error-level result.
# Warnings and notes of the spec rules (e.g. SARIF2017 "no region" for a
# finding located at an APK file itself) are printed, not fatal.
#
# The multitool comes from npm (@microsoft/sarif-multitool ships a
# self-contained Linux binary, no .NET needed) and is cached under
# $PINKIT_CACHE (default ~/.cache/pinkit-ci).
set -euo pipefail
cd "$(dirname "$0")/.."

MULTITOOL_VERSION=5.7.0
cache=${PINKIT_CACHE:-$HOME/.cache/pinkit-ci}/sarif-multitool-$MULTITOOL_VERSION
tool=$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -x "$tool" ]; then
	mkdir -p "$cache"
	(cd "$cache" && npm install --no-audit --no-fund --silent "@microsoft/sarif-multitool@$MULTITOOL_VERSION" >/dev/null)
	chmod u+x "$tool" # npm may skip the package's postinstall chmod
fi

out=$(mktemp -d /tmp/pinkit-sarif.XXXXXX)
trap 'rm -rf "$out"' EXIT
PINKIT_SARIF_OUT=$out/logs
mkdir -p "$PINKIT_SARIF_OUT"
export PINKIT_SARIF_OUT
go test -count=1 -run '^TestWriteSARIFSamples$' ./cmd/pinkit >/dev/null

status=0
for f in "$PINKIT_SARIF_OUT"/*.sarif; do
	name=$(basename "$f")
	report=$out/$name.validation.sarif
	# The URL reachability rule (SARIF2006) needs the network; it is a note.
	DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$tool" validate --rule-kind "Gh;Sarif" \
		--level "Error;Warning" --log ForceOverwrite -o "$report" "$f" >"$out/$name.log" 2>&1 || true
	if [ ! -s "$report" ]; then
		echo "sarif-multitool did not run on $name:"; cat "$out/$name.log"; status=1; continue
	fi
	# One line per result: LEVEL RULE message.
	node -e '
		const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		let bad = 0, warn = 0;
		for (const run of log.runs) for (const r of run.results || []) {
			const level = r.level || "warning";
			const fatal = r.ruleId.startsWith("GH") || level === "error";
			const text = (r.message.arguments || []).join(" | ");
			if (fatal) { bad++; console.log("  FAIL " + level + " " + r.ruleId + ": " + text); }
			else if (level === "warning") warn++;
		}
		const ok = (log.runs[0].invocations || []).every(i => i.executionSuccessful !== false);
		if (!ok) { bad++; console.log("  FAIL the multitool could not analyse the file"); }
		console.log((bad ? "FAIL " : "ok   ") + process.argv[2] + " (" + warn + " warning(s) of spec rules)");
		process.exit(bad ? 1 : 0);
	' "$report" "$name" || status=1
done
exit $status
