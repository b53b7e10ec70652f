# shellcheck shell=bash
# Sourced by every script in scripts/: `source "$(dirname "$0")/env.sh"`.
# Goes to the repo root, puts the pinned tools first on PATH, and sets the variables
# the build and test tools read. Safe to source twice. Sourcing it from an interactive
# shell (`source scripts/env.sh`) gives that shell the same PATH and variables.

CPT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CPT_ROOT
cd "$CPT_ROOT"

# PATH: npm's binaryen first (wasm-opt 132; Debian's binaryen 108 breaks the app: it builds a wasm that shows a blank page),
# then npm's .bin (playwright), then cargo's bin (trunk, wasm-bindgen, wasm-bindgen-test-runner).
_cpt_prepend_path() {
  local dir rest=""
  local IFS=:
  for dir in $PATH; do
    [[ -n $dir && $dir != "$1" ]] && rest="${rest:+$rest:}$dir"
  done
  PATH="$1${rest:+:$rest}"
}
_cpt_prepend_path "${CARGO_HOME:-$HOME/.cargo}/bin"
_cpt_prepend_path "$CPT_ROOT/node_modules/.bin"
_cpt_prepend_path "$CPT_ROOT/node_modules/binaryen/bin"
export PATH
unset -f _cpt_prepend_path

# Pinned versions. wasm-bindgen-cli is not pinned here: scripts/setup reads it from Cargo.lock.
export CPT_TRUNK_VERSION="0.21.14"
export CPT_WASM_OPT_VERSION="132"

# Trunk never downloads a tool nor checks for updates (downloads fail on these machines). The scripts also pass
# the flags; the variables cover a bare `trunk` run from a shell that sourced this file.
export TRUNK_OFFLINE=true
export TRUNK_SKIP_VERSION_CHECK=true
CPT_TRUNK_FLAGS=(--offline=true --skip-version-check)

# wasm-bindgen-test-runner: drive Debian's Chromium through chromedriver; the browser's
# arguments are in webdriver.json at the repo root (the runner reads it from the cwd).
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-30}"

# Playwright uses /usr/bin/chromium (playwright.config.ts) and must never fetch a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-auto}"

# --- timing helpers ---------------------------------------------------------------------
# cpt_now: seconds since the epoch with microseconds (bash 5's EPOCHREALTIME).
cpt_now() { printf '%s\n' "${EPOCHREALTIME/,/.}"; }
# cpt_elapsed START: seconds since START, one decimal.
cpt_elapsed() { awk -v a="$1" -v b="$(cpt_now)" 'BEGIN { printf "%.1f", b - a }'; }
# cpt_timed NAME CMD...: run CMD, then print "== NAME (12.3 s)" (or "FAILED"); returns CMD's status.
cpt_timed() {
  local name="$1" t0 rc=0
  shift
  t0="$(cpt_now)"
  echo "== $name ..."
  "$@" || rc=$?
  if [[ $rc -eq 0 ]]; then
    echo "== $name ($(cpt_elapsed "$t0") s)"
  else
    echo "== $name FAILED, exit $rc ($(cpt_elapsed "$t0") s)"
  fi
  return "$rc"
}
