#!/usr/bin/env bash
# Validates deploy/ without a cluster (run by test/run-all.sh, so by CI):
#   1. kustomize build of the base and of every overlay;
#   2. kubeconform -strict of each render against Kubernetes, Strimzi and KEDA schemas built
#      offline by deploy/check/schemas.ts, plus a negative control (a render with a misspelt
#      field and a wrongly typed value must fail);
#   3. the Dockerfiles: each is what deploy/images/render.ts renders from its one template, and
#      they pass the Dockerfile lint (deploy/check/dockerfile_lint.ts);
#   4. the compiled bundles (deploy/build/bundle.ts) and the env/probe check of the base and dev
#      renders against them (deploy/check/manifest_env.ts).
# kustomize and kubeconform are built with `go install` from the Go module proxy; tools and
# schemas are cached in ${ADA_CACHE_DIR:-$HOME/.cache/ada} (outside the checkout).
set -euo pipefail
cd "$(dirname "$0")/../.."

KUSTOMIZE_VERSION=v5.7.1
KUBECONFORM_VERSION=v0.8.0
CACHE_DIR=${ADA_CACHE_DIR:-$HOME/.cache/ada}
TOOLS="$CACHE_DIR/deploy-tools/kustomize-$KUSTOMIZE_VERSION-kubeconform-$KUBECONFORM_VERSION"
# The schemas are rebuilt when the script that makes them (and so the pinned sources) changes.
SCHEMAS="$CACHE_DIR/deploy-schemas/$(sha256sum deploy/check/schemas.ts | cut -c1-16)"

say() { echo "deploy: $*" >&2; }
die() { say "error: $*"; exit 1; }
command -v go >/dev/null || die "'go' not found: Go 1.24+ builds kustomize and kubeconform"
for tool in curl unzip sha256sum; do
  command -v "$tool" >/dev/null || die "'$tool' not found (used to fetch and unpack the Strimzi CRDs)"
done

if [ ! -x "$TOOLS/kustomize" ] || [ ! -x "$TOOLS/kubeconform" ]; then
  say "building kustomize $KUSTOMIZE_VERSION and kubeconform $KUBECONFORM_VERSION (once) into $TOOLS"
  mkdir -p "$TOOLS"
  GOBIN="$TOOLS" GOFLAGS=-buildvcs=false go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
  GOBIN="$TOOLS" GOFLAGS=-buildvcs=false go install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION"
fi
if [ ! -f "$SCHEMAS/SOURCES.json" ]; then
  say "building the JSON schemas (once) into $SCHEMAS"
  mkdir -p "$(dirname "$SCHEMAS")" "$CACHE_DIR/deploy-schema-sources"
  node --import tsx deploy/check/schemas.ts "$SCHEMAS" "$CACHE_DIR/deploy-schema-sources"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
location="$SCHEMAS/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"

for overlay in base overlays/dev overlays/gpu overlays/dev-quick-run; do
  name=$(basename "$overlay")
  "$TOOLS/kustomize" build "deploy/k8s/$overlay" >"$work/$name.yaml"
  say "kubeconform $overlay"
  "$TOOLS/kubeconform" -strict -summary -schema-location "$location" "$work/$name.yaml"
done

# Negative control: the same render with a misspelt probe and a string partition count.
sed 's/readinessProbe:/readinesProbe:/; s/partitions: 16/partitions: "16"/' "$work/dev.yaml" >"$work/broken.yaml"
if "$TOOLS/kubeconform" -strict -schema-location "$location" "$work/broken.yaml" >"$work/broken.out"; then
  die "kubeconform accepted a render with a misspelt field: the schemas are not strict"
fi
grep -q "readinesProbe" "$work/broken.out" || die "kubeconform failed the broken render for another reason: $(cat "$work/broken.out")"
grep -q "/spec/partitions" "$work/broken.out" || die "kubeconform did not reject partitions: \"16\""
say "negative control: the misspelt and mistyped render is rejected"

say "Dockerfiles against their template (deploy/images/render.ts --check)"
node --import tsx deploy/images/render.ts --check
say "Dockerfile lint"
node --import tsx deploy/check/dockerfile_lint.ts deploy/images/*/Dockerfile*

say "compiling the services (deploy/build/bundle.ts)"
node --import tsx deploy/build/bundle.ts all
say "env and probes of the base and dev renders against the compiled services"
node --import tsx deploy/check/manifest_env.ts "$work/base.yaml" "$work/dev.yaml"
