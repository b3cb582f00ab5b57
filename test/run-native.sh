#!/usr/bin/env bash
# The numerically important Vitest projects on the native TensorFlow backend (tfjs-node built by
# `npm run setup:native` against PyPI's tensorflow-cpu), one project at a time.
# Usage: npm run test:native [-- <project> ...]     (default: the projects below)
# Exit status: 0 when every project passes; 1 when one fails; 3 when the native backend cannot be
# built or loaded here (setup:native says why), so that a caller can tell "not tested" from "failed".
set -uo pipefail
cd "$(dirname "$0")/.."
projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  projects=(tensor models ada attacks training augment metrics corruptions)
fi
if ! npm run --silent setup:native; then
  echo "test:native: the native backend could not be built or loaded here; nothing was tested on it" >&2
  exit 3
fi
export ADA_BACKEND=tensorflow
failed=()
for p in "${projects[@]}"; do
  echo "== $p on the native backend (ADA_BACKEND=tensorflow)"
  npx vitest run --project "$p" || failed+=("$p")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "test:native: failed on the native backend: ${failed[*]}" >&2
  exit 1
fi
echo "test:native: ${projects[*]} pass on the native backend"
