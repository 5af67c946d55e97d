#!/usr/bin/env bash
# Shows that every check of k8s/check can fail: each fixture in broken/ breaks one rule on purpose and names,
# in its first line, the problem it must be reported with (`# expect: [rule] message`). A fixture passes when
# the validator exits 1, prints that problem, and prints no problem of another rule (so a fixture cannot pass
# because of an unrelated mistake). good-deployment.yaml is the control that must pass. Each folder in broken/
# is a kustomization (most of them a real overlay with one mistake put back) that check.sh must fail with the
# message its kustomization.yaml names. Run after k8s/check/check.sh (which installs the npm packages).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE/broken"

failures=0
caught=0
bad() { echo "FIXTURE NOT CAUGHT: $*"; failures=$((failures + 1)); }

if ! out="$(node ../validate.mjs good-deployment.yaml 2>&1)"; then
  bad "good-deployment.yaml (the control) fails: $out"
fi

for f in *.yaml; do
  [ "$f" = good-deployment.yaml ] && continue
  expect="$(sed -n '1s/^# expect: //p' "$f")"
  [ -n "$expect" ] || { bad "$f has no '# expect:' first line"; continue; }
  rule="${expect%%]*}]"
  message="${expect#*] }"
  mode=()
  grep -q '^# mode: --sources' "$f" && mode=(--sources)
  out="$(node ../validate.mjs "${mode[@]}" "$f" 2>&1)"
  status=$?
  if [ "$status" -ne 1 ]; then bad "$f: exit status $status, expected 1"; echo "$out"; continue; fi
  if ! grep -F -- "$rule $f: " <<<"$out" | grep -qF -- "$message"; then
    bad "$f: no problem \"$expect\" in:"; echo "$out"; continue
  fi
  others="$(grep '^\[' <<<"$out" | grep -vF -- "$rule " || true)"
  if [ -n "$others" ]; then bad "$f: problems of other rules too:"; echo "$others"; continue; fi
  echo "caught $f: $(grep -F -- "$rule $f: " <<<"$out" | head -1)"
  caught=$((caught + 1))
done

for d in */; do
  d="${d%/}"
  expect="$(sed -n '1s/^# expect: //p' "$d/kustomization.yaml")"
  [ -n "$expect" ] || { bad "$d/kustomization.yaml has no '# expect:' first line"; continue; }
  if out="$("$HERE/check.sh" --dirs "$HERE/broken/$d" 2>&1)"; then
    bad "$d passes the check"
  elif ! grep -qF -- "$expect" <<<"$out"; then
    bad "$d: failed without \"$expect\":"; echo "$out"
  elif others="$(grep '^\[' <<<"$out" | grep -vF -- "${expect%%]*}] ")"; then
    bad "$d: problems of other rules too:"; echo "$others"
  else
    echo "caught $d: $(grep -F -- "$expect" <<<"$out" | head -1 | cut -c1-200)"
    caught=$((caught + 1))
  fi
done

if [ "$failures" -gt 0 ]; then
  echo "k8s check fixtures: $failures fixture(s) not caught as expected" >&2
  exit 1
fi
echo "k8s check fixtures: all $caught broken fixtures caught, each by its own rule"
