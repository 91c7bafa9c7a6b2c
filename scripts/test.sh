#!/usr/bin/env bash
# Runs every test project, one after another, and prints one closing line: "tests: N passed, N failed".
# Exits non-zero when any test fails or any project fails to run.
set -uo pipefail
cd "$(dirname "$0")/.."

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0

mapfile -t projects < <(find tests -name '*Tests.csproj' | sort)
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  echo "=== $name"
  if ! dotnet test "$project" --no-build -c "${CONFIGURATION:-Debug}" \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
      --logger "console;verbosity=minimal" ; then
    status=1
  fi
done

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$passed" -eq 0 ]; then
  echo "no tests ran"
  status=1
fi
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
