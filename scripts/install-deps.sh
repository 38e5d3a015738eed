#!/usr/bin/env bash
# Installs what building and testing hdoc needs on Debian 12, skipping what is already there.
# Safe to run again; used by `make run`, `make test`, `make lint` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libcurl4-openssl-dev libssl-dev zlib1g-dev libbrotli-dev libgtest-dev libgmock-dev
  sqlite3 curl zip openjdk-17-jre-headless nodejs npm)
if [ "${HDOC_DEPS:-}" = "lint" ]; then
  # `make lint`: configuring (for compile_commands.json) needs the libraries; then the clang tools.
  packages+=(clang-format clang-tidy)
fi
if [ "${HDOC_DEPS:-}" = "run" ]; then
  # `make run` needs only the compiler and libraries.
  packages=(build-essential cmake ninja-build libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
    libsqlite3-dev libcurl4-openssl-dev libssl-dev zlib1g-dev libbrotli-dev curl)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from outside Debian (then it brings npm itself).
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -ra missing <<<"${missing[*]}"
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# AWS's CloudFormation linter (Python) for the template tests (tests/infra): its package index is not
# one this script may reach, so it is only checked for here; the machine image (CI's too) has it,
# under pyenv. The tests look for it the same way: on PATH, else pyenv's shim.
if [ -z "${HDOC_DEPS:-}" ]; then
  cfn_lint=$(command -v cfn-lint || true)
  pyenv_shim="${PYENV_ROOT:-${HOME:-}/.pyenv}/shims/cfn-lint"
  [ -z "$cfn_lint" ] && [ -x "$pyenv_shim" ] && cfn_lint=$pyenv_shim
  if [ -z "$cfn_lint" ] || ! version=$("$cfn_lint" --version 2>/dev/null); then
    echo "install-deps: cfn-lint (AWS's CloudFormation linter, Python) is neither on PATH nor in" >&2
    echo "  $pyenv_shim; the template tests need it: install it with pip" >&2
    echo "  (pip install 'cfn-lint==1.51.0'), then run this again." >&2
    exit 1
  fi
  case "$version" in
    "cfn-lint 1."*) ;;
    *) echo "install-deps: the template tests need cfn-lint 1.x, found: $version ($cfn_lint)" >&2; exit 1 ;;
  esac
fi

if [ -z "${HDOC_DEPS:-}" ] && [ ! -d tools/node_modules ]; then
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi
