#!/usr/bin/env bash
# Proves the module-boundary rule works on this checkout, fresh clones included:
# 1. computes the Nx project graph (without it @nx/enforce-module-boundaries skips itself with
#    "No cached ProjectGraph is available");
# 2. lints a file that breaks a tag rule (libs/data, type:util, importing @ada/store, type:infra)
#    and requires ESLint to fail on it with the boundary message;
# 3. lints a file that keeps the rules and requires it to pass with no skip warning.
# Exit 0 when all holds; the temporary files are removed in every case.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true
npx nx show projects >/dev/null

bad=libs/data/src/zz_boundary_violation_check.ts
good=libs/data/src/zz_boundary_ok_check.ts
trap 'rm -f "$bad" "$good"' EXIT
printf "import { FsArtifactStore } from '@ada/store';\nexport const store = FsArtifactStore;\n" >"$bad"
printf "export const ok = 1;\n" >"$good"

if out=$(npx eslint --no-warn-ignored "$bad" 2>&1); then
  echo "check_boundaries: FAIL: a type:util lib importing a type:infra lib passed lint" >&2
  exit 1
fi
if ! grep -q 'tagged with "type:util" can only depend on libs tagged with "type:util"' <<<"$out"; then
  echo "check_boundaries: FAIL: lint failed, but not with the boundary rule:" >&2
  echo "$out" >&2
  exit 1
fi
out=$(npx eslint --no-warn-ignored "$good" 2>&1) || {
  echo "check_boundaries: FAIL: a file within the rules failed lint:" >&2
  echo "$out" >&2
  exit 1
}
if grep -q 'No cached ProjectGraph' <<<"$out"; then
  echo "check_boundaries: FAIL: the boundary rule skipped itself (no project graph)" >&2
  exit 1
fi
echo "check_boundaries: ok (a boundary violation fails lint; the rule is active)"
