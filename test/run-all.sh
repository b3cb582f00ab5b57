#!/usr/bin/env bash
# The whole test suite, as CI runs it: static checks, then every Vitest project, with the real
# Kafka broker and S3 server started by deploy/local/stack for the integration tests. Lint,
# typecheck and tests run as Nx targets (nx.json, project.json): a rerun replays the tasks whose inputs did not
# change from the Nx cache; NX_SKIP_NX_CACHE=true runs every task again.
# Usage: npm ci && npm run test:all        (or: bash test/run-all.sh)
# ADA_PROJECTS=data,errors limits the tests to those Nx projects.
set -euo pipefail
cd "$(dirname "$0")/.."
# No colour codes in the log: Vitest's colour library turns colour ON for any FORCE_COLOR value
# (FORCE_COLOR=0 included) and off only for NO_COLOR.
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false FORCE_COLOR=0 NO_COLOR=1

if [ ! -d node_modules/vitest ]; then
  echo "== installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

step() { echo; echo "== $*"; }

step "format (prettier --check)"
npx prettier --check . >/dev/null || { npx prettier --check . || true; exit 1; }
# Nx runs every task, then exits non-zero if any failed; static output keeps each task's log whole.
step "lint and typecheck (nx run-many -t lint typecheck: ESLint with the module boundaries, tsc)"
npx nx run-many -t lint typecheck --parallel=2 --outputStyle=static
step "build the dashboard (nx run dashboard:build, vite build)"
npx nx run dashboard:build --outputStyle=static
# The dashboard's browser test drives Debian's Chromium (browsers are not downloaded by npm).
if [ ! -x "${ADA_CHROMIUM:-/usr/bin/chromium}" ] && command -v apt-get >/dev/null 2>&1; then
  step "installing Chromium for the dashboard's browser test (apt-get install chromium)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null
fi

# Images and Kubernetes manifests: kustomize + kubeconform against offline schemas, the
# Dockerfile lint, the compiled services and the env/probe check (deploy/README.md).
# ADA_SKIP_DEPLOY=1 skips it (it needs Go to build kustomize and kubeconform once).
if [ -z "${ADA_SKIP_DEPLOY:-}" ]; then
  step "deploy manifests and images (deploy/check/validate.sh)"
  deploy/check/validate.sh
fi

# The stack is stopped at exit only when this script started it (a running one is reused and
# left running). ADA_SKIP_STACK=1 runs without it: the Kafka and S3 contract tests then skip.
started_stack=0
if [ -z "${ADA_SKIP_STACK:-}" ] && [ -x deploy/local/stack ]; then
  step "starting Kafka and the S3 server (deploy/local/stack start)"
  if deploy/local/stack status >/dev/null 2>&1; then
    echo "reusing the running stack"
  else
    started_stack=1
  fi
  deploy/local/stack start
  # shellcheck disable=SC1091
  eval "$(deploy/local/stack env)"
fi
cleanup() { if [ "$started_stack" = 1 ]; then deploy/local/stack stop || true; fi; }
trap cleanup EXIT

# The corruption-service image built from its Dockerfile (mmdebstrap + npm node base, buildah)
# and run with podman against the stack (deploy/README.md). Runs where it can: as root, with
# mmdebstrap, buildah, podman and runc (installed with apt-get when missing, like Chromium).
# ADA_SKIP_IMAGE_SMOKE=1 skips it.
image_smoke() {
  local tools=(mmdebstrap buildah podman runc) missing=() tool
  if [ -n "${ADA_SKIP_IMAGE_SMOKE:-}" ]; then
    step "image smoke test: SKIPPED (ADA_SKIP_IMAGE_SMOKE is set)"
    return
  fi
  if [ -n "${ADA_SKIP_STACK:-}" ]; then
    step "image smoke test: SKIPPED (it runs the image against the local stack; ADA_SKIP_STACK is set)"
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    step "image smoke test: SKIPPED (not root: buildah and podman keep images in /var/lib/containers)"
    return
  fi
  for tool in "${tools[@]}"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
      step "image smoke test: SKIPPED (${missing[*]} not installed and no apt-get to install them)"
      return
    fi
    step "installing ${missing[*]} for the image smoke test (apt-get install)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tools[@]}"; } >/dev/null
  fi
  step "image smoke test (deploy/images/smoke.sh)"
  deploy/images/smoke.sh
}
image_smoke

# The Python ports (bench/gpu/*.py: the GPU port's AugMix and line-search rule) are checked against
# the TypeScript by tests that need a Python with NumPy. ADA_PYTHON names one; otherwise python3 if
# it has NumPy, else a venv with PyPI's NumPy cached outside the checkout (created once). If that
# cannot be made (no PyPI), those tests skip and the log says so.
numpy_python() {
  if [ -n "${ADA_PYTHON:-}" ]; then return; fi
  if python3 -c 'import numpy' >/dev/null 2>&1; then
    export ADA_PYTHON=python3
    return
  fi
  local venv="${XDG_CACHE_HOME:-$HOME/.cache}/ada/ci/numpy-${ADA_NUMPY_VERSION:-2.3.5}"
  if ! "$venv/bin/python" -c 'import numpy' >/dev/null 2>&1; then
    step "installing NumPy ${ADA_NUMPY_VERSION:-2.3.5} for the Python port checks (venv in $venv, once)"
    rm -rf "$venv"
    if ! { python3 -m venv "$venv" && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "numpy==${ADA_NUMPY_VERSION:-2.3.5}"; }; then
      echo "!! WARNING: no Python with NumPy: the Python port checks will SKIP"
      rm -rf "$venv"
      return
    fi
  fi
  export ADA_PYTHON="$venv/bin/python"
}
numpy_python

# One Vitest project per Nx project, one at a time (timing-sensitive tests share 2 cores badly);
# each writes dist/test-results/<project>.json, which the cache restores with its log.
step "tests (nx run-many -t test: vitest run --project <name> per Nx project)"
rm -rf dist/test-results
set +e
npx nx run-many -t test --parallel=1 --outputStyle=static ${ADA_PROJECTS:+--projects="$ADA_PROJECTS"}
status=$?
set -e
node -e '
  const { readdirSync, readFileSync } = require("fs");
  const dir = "dist/test-results";
  let files = [];
  try { files = readdirSync(dir).filter((f) => f.endsWith(".json")); } catch {}
  const t = { passed: 0, failed: 0, skipped: 0 };
  for (const f of files) {
    const r = JSON.parse(readFileSync(`${dir}/${f}`, "utf8"));
    t.passed += r.numPassedTests;
    t.failed += r.numFailedTests;
    t.skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`\ntests: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped (${files.length} projects)`);
' || true

# Opt-in (ADA_TEST_NATIVE=1): the numerical projects again on the native TensorFlow backend. It
# downloads the tensorflow-cpu wheel (about 270 MB, cached in ~/.cache/ada/native) and builds the
# addon once. When the backend cannot be built here, the run still passes but says so loudly.
if [ "${ADA_TEST_NATIVE:-0}" = 1 ]; then
  step "tests on the native TensorFlow backend (test/run-native.sh)"
  set +e
  bash test/run-native.sh
  native=$?
  set -e
  if [ $native = 3 ]; then
    echo "!! WARNING: the native TensorFlow backend could not be built on this machine: NOT TESTED on it"
  elif [ $native != 0 ]; then
    status=$native
  fi
fi
exit $status
