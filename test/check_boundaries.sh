#!/usr/bin/env bash
# Proves the module-boundary rule works on this checkout, fresh clones included:
# 1. computes the Nx project graph (without it @nx/enforce-module-boundaries skips itself with
#    "No cached ProjectGraph is available"; `nx run-many -t lint` computes it first);
# 2. lints a file that breaks a type rule (libs/data, type:util, importing @ada/store,
#    type:infra) and requires ESLint to fail on it with the boundary message;
# 3. lints a file that keeps the type rules but breaks a scope rule (libs/contracts,
#    scope:platform, importing @ada/data, scope:ml) and requires the scope message;
# 4. lints a file that keeps the rules and requires it to pass with no skip warning.
# Exit 0 when all holds; the temporary files are removed in every case.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true
npx nx show projects >/dev/null

bad_type=libs/data/src/zz_boundary_violation_check.ts
bad_scope=libs/contracts/src/zz_boundary_scope_violation_check.ts
good=libs/data/src/zz_boundary_ok_check.ts
trap 'rm -f "$bad_type" "$bad_scope" "$good"' EXIT
printf "import { FsArtifactStore } from '@ada/store';\nexport const store = FsArtifactStore;\n" >"$bad_type"
printf "import { fmix32 } from '@ada/data';\nexport const mix = fmix32;\n" >"$bad_scope"
printf "export const ok = 1;\n" >"$good"

# expect_violation FILE WHAT MESSAGE: lint of FILE must fail, with MESSAGE in its output.
expect_violation() {
  local out
  if out=$(npx eslint --no-warn-ignored "$1" 2>&1); then
    echo "check_boundaries: FAIL: $2 passed lint" >&2
    exit 1
  fi
  if ! grep -qF "$3" <<<"$out"; then
    echo "check_boundaries: FAIL: lint failed on $2, but not with the boundary rule:" >&2
    echo "$out" >&2
    exit 1
  fi
}
expect_violation "$bad_type" 'a type:util lib importing a type:infra lib' \
  'tagged with "type:util" can only depend on libs tagged with "type:util"'
expect_violation "$bad_scope" 'a scope:platform contracts lib importing a scope:ml lib' \
  'can only depend on libs tagged with "scope:platform"'

out=$(npx eslint --no-warn-ignored "$good" 2>&1) || {
  echo "check_boundaries: FAIL: a file within the rules failed lint:" >&2
  echo "$out" >&2
  exit 1
}
if grep -q 'No cached ProjectGraph' <<<"$out"; then
  echo "check_boundaries: FAIL: the boundary rule skipped itself (no project graph)" >&2
  exit 1
fi
echo "check_boundaries: ok (type and scope violations fail lint; the rule is active)"
