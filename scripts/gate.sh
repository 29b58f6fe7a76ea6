#!/usr/bin/env bash
# Quality gate: `reportclean check` on the generated fixtures (checks/fixtures.toml) and, when
# the dev corpus is present, on ../shared/corpus (checks/corpus.toml).  Outputs, JSON results and
# JUnit XML go to $GATE_OUT (default artifacts/gate/, git-ignored).  Exit 0 when every check
# passed, 1 when any failed (each failure is printed with its document, metric, value and
# floor), 2 on usage errors.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${GATE_OUT:-artifacts/gate}"
CORPUS="${GATE_CORPUS:-../shared/corpus}"
if command -v reportclean >/dev/null 2>&1; then RC=(reportclean); else RC=(python -m pipeline.cli); fi
mkdir -p "$OUT"
# A gate judges this code: never reuse outputs an earlier build of it wrote.
rm -rf "$OUT/fixtures-cleaned" "$OUT/corpus-cleaned"
status=0

python scripts/build_fixtures.py "$OUT/fixtures" >/dev/null || exit 2
"${RC[@]}" check "$OUT/fixtures" --out "$OUT/fixtures-cleaned" --expect checks/fixtures.toml \
    --json "$OUT/fixtures.json" --junit "$OUT/fixtures.junit.xml"
code=$?; [ "$code" -gt "$status" ] && status=$code

if [ -d "$CORPUS" ] && ls "$CORPUS"/*.pdf >/dev/null 2>&1; then
    "${RC[@]}" check "$CORPUS" --out "$OUT/corpus-cleaned" --expect checks/corpus.toml \
        --json "$OUT/corpus.json" --junit "$OUT/corpus.junit.xml"
    code=$?; [ "$code" -gt "$status" ] && status=$code
else
    echo "gate: no dev corpus at $CORPUS, corpus checks skipped"
fi
exit "$status"
