#!/usr/bin/env bash
# Sets up a fresh Debian machine or a developer box for HubKeeper; safe to run again.
#   1. installs the Debian packages the project needs, only those missing (skip with --no-apt);
#   2. enables git-lfs for the current user;
#   3. installs the npm dependencies from package-lock.json (without the Electron binary).
set -euo pipefail

# git + git-lfs: integration tests with real clients; chromium: end-to-end UI tests;
# nginx-light, wrk, openssl, curl: benchmarks and TLS tests; g++, make, python3: building
# better-sqlite3 from source when no prebuilt binary can be downloaded.
PACKAGES=(git git-lfs chromium nginx-light wrk openssl curl g++ make python3)

usage() {
  echo "usage: bash scripts/bootstrap.sh [--no-apt]"
  echo "  --no-apt  do not install Debian packages (${PACKAGES[*]})"
}

use_apt=1
for arg in "$@"; do
  case "$arg" in
    --no-apt) use_apt=0 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bootstrap: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
  esac
done

say() { echo "bootstrap: $*"; }

is_installed() {
  dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}

install_debian_packages() {
  if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
    say "apt-get not found: not a Debian-like system, skipping system packages."
    say "install these yourself if tests or benchmarks need them: ${PACKAGES[*]}"
    return
  fi
  local missing=() package
  for package in "${PACKAGES[@]}"; do
    is_installed "$package" || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages already installed."
    return
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      say "missing packages (${missing[*]}) and neither root nor sudo available; run as root or use --no-apt." >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  say "installing ${missing[*]}"
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

enable_git_lfs() {
  if ! command -v git >/dev/null 2>&1 || ! git lfs version >/dev/null 2>&1; then
    say "git-lfs not found: skipping 'git lfs install' (tests that push LFS files will fail)."
    return
  fi
  if [ -n "$(git config --global --get filter.lfs.process 2>/dev/null || true)" ]; then
    say "git-lfs already enabled."
    return
  fi
  git lfs install --skip-repo
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$use_apt" -eq 1 ]; then
  install_debian_packages
else
  say "--no-apt: skipping Debian packages."
fi
enable_git_lfs

if ! command -v npm >/dev/null 2>&1 || ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  say "Node.js 20 or newer with npm is required (found: $(node -v 2>/dev/null || echo none))." >&2
  exit 1
fi
# The Electron binary comes from GitHub, which is not always reachable; the desktop shell is
# optional and everything else runs under plain Node (see README).
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci

# Python's huggingface_hub is the hub's main client: the interop tests drive the real one from a
# private virtualenv when pip can install it here (they say they skip, and why, when it cannot).
install_python_client() {
  if [ -x .venv-hf/bin/python ] && .venv-hf/bin/python -c 'import huggingface_hub' >/dev/null 2>&1; then
    say "Python huggingface_hub already installed in .venv-hf."
    return
  fi
  if ! command -v python3 >/dev/null 2>&1 || ! python3 -m venv .venv-hf >/dev/null 2>&1; then
    say "python3 with venv not available: the Python interop tests will skip."
    rm -rf .venv-hf
    return
  fi
  if ! .venv-hf/bin/python -m pip install --quiet --retries 0 huggingface_hub; then
    say "pip could not install huggingface_hub: the Python interop tests will skip."
    rm -rf .venv-hf
  fi
}
install_python_client
say "done."
