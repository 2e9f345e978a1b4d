#!/usr/bin/env bash
# audit.sh (action.yml step 2): runs pinkit audit with SARIF output, keeps
# going on findings so the report is uploaded, and records the exit code
# for the last step.
#   PINKIT_APPS PINKIT_FAIL_ON PINKIT_ARGS PINKIT_SARIF
set -uo pipefail

read -r -a apps <<<"${PINKIT_APPS:?apps input is required}"
read -r -a extra <<<"${PINKIT_ARGS:-}"
fail_on=(--fail-on "${PINKIT_FAIL_ON:-high}")
[ "${PINKIT_FAIL_ON:-}" = never ] && fail_on=(--fail-on critical)
sarif=${PINKIT_SARIF:-pinkit.sarif}

pinkit audit --format sarif --source-root "${GITHUB_WORKSPACE:-$PWD}" "${fail_on[@]}" "${extra[@]}" "${apps[@]}" >"$sarif"
code=$?
[ "${PINKIT_FAIL_ON:-}" = never ] && [ "$code" = 1 ] && code=0
{
	echo "sarif-file=$sarif"
	echo "exit-code=$code"
} >>"${GITHUB_OUTPUT:-/dev/null}"
echo "pinkit audit: exit $code, SARIF report in $sarif"
exit 0
