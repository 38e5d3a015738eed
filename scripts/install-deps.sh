#!/usr/bin/env bash
# Installs what building and testing hdoc needs on Debian 12, skipping what is already there.
# Safe to run again; used by ./dev (before make exists), `make run`, `make test`, `make lint` and
# .ci/run. HDOC_DEPS says for what: "run" (build and serve), "lint" (test + the clang tools), empty
# (build and run every test).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "install-deps: not root and no sudo: run this as root, or install sudo first" >&2
    exit 1
  fi
  SUDO="sudo"
fi

# A minimal Debian 12 has neither make nor CA certificates (npm and the tests fetch over HTTPS).
# prometheus-cpp-dev: `hdoc serve --metrics-listen`; python3-prometheus-client: the Prometheus
# project's own exposition parser, which tests/metrics reads hdoc's /metrics back with.
base=(make ca-certificates)
packages=("${base[@]}" build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libcurl4-openssl-dev libssl-dev zlib1g-dev libbrotli-dev prometheus-cpp-dev libgtest-dev libgmock-dev
  sqlite3 curl openssl zip python3 python3-prometheus-client openjdk-17-jre-headless nodejs npm)
if [ "${HDOC_DEPS:-}" = "lint" ]; then
  # `make lint`: configuring (for compile_commands.json) needs the libraries; then the clang tools.
  packages+=(clang-format clang-tidy)
fi
if [ "${HDOC_DEPS:-}" = "run" ]; then
  # `make run` needs only the compiler and libraries.
  packages=("${base[@]}" build-essential cmake ninja-build libboost1.81-dev libboost-json1.81-dev
    libboost-url1.81-dev libsqlite3-dev libcurl4-openssl-dev libssl-dev zlib1g-dev libbrotli-dev prometheus-cpp-dev curl)
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
apt_updated=""
apt_install() {
  echo "install-deps: installing $*" >&2
  if [ -z "$apt_updated" ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
# Node.js may come from outside Debian (then it brings npm itself).
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -ra missing <<<"${missing[*]}"
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

# The rest is for the tests only.
[ -n "${HDOC_DEPS:-}" ] && exit 0

# AWS's CloudFormation linter (Python) for the template tests (tests/infra), which look for it on PATH,
# else as pyenv's shim (where the CI machine image has it). Debian 12 has no package of cfn-lint 1.x,
# so it comes from PyPI through Debian's pipx, into one virtualenv for every user of the machine
# (/opt/pipx), its command in /usr/local/bin, on everyone's PATH. Debian 12's pipx (1.1) has no
# --global: PIPX_HOME and PIPX_BIN_DIR say the same.
cfn_lint_version=1.51.0
find_cfn_lint() {
  local shim="${PYENV_ROOT:-${HOME:-/root}/.pyenv}/shims/cfn-lint"
  if command -v cfn-lint >/dev/null; then
    command -v cfn-lint
  elif [ -x "$shim" ]; then
    echo "$shim"
  fi
}
cfn_lint=$(find_cfn_lint)
if [ -z "$cfn_lint" ]; then
  installed pipx || apt_install pipx
  echo "install-deps: installing cfn-lint $cfn_lint_version from PyPI with pipx (/opt/pipx, /usr/local/bin)" >&2
  if ! $SUDO env PIPX_HOME=/opt/pipx PIPX_BIN_DIR=/usr/local/bin pipx install "cfn-lint==$cfn_lint_version" >&2; then
    echo "install-deps: could not install cfn-lint $cfn_lint_version from PyPI (is https://pypi.org reachable?)." >&2
    echo "  The template tests need AWS's cfn-lint 1.x on PATH: install it any way you like" >&2
    echo "  (pipx install 'cfn-lint==$cfn_lint_version', or pip in a virtualenv), then run this again." >&2
    exit 1
  fi
  cfn_lint=$(find_cfn_lint)
  if [ -z "$cfn_lint" ]; then
    echo "install-deps: cfn-lint is in /usr/local/bin, which is not on PATH ($PATH): the template tests" >&2
    echo "  look for it on PATH; add /usr/local/bin to it, then run this again." >&2
    exit 1
  fi
fi
if ! version=$("$cfn_lint" --version 2>&1); then
  echo "install-deps: $cfn_lint --version failed: $version" >&2
  exit 1
fi
case "$version" in
  "cfn-lint 1."*) ;;
  *) echo "install-deps: the template tests need cfn-lint 1.x, found: $version ($cfn_lint)" >&2; exit 1 ;;
esac

# The npm test tools (tools/package.json): every package's declared engines include Debian 12's
# Node.js 18 and npm 9, and --engine-strict keeps it so: a tool that declares a newer engine fails the
# install, naming the package, instead of warning and perhaps working by luck.
# Installed again when the lock file is newer than the installed tree (after a pull that changed it).
if [ ! -f tools/node_modules/.package-lock.json ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  if ! (cd tools && npm ci --no-audit --no-fund --engine-strict); then
    echo "install-deps: npm ci failed in tools/ with Node.js $(node --version), npm $(npm --version)." >&2
    echo "  On EBADENGINE, a tool in tools/package.json (or one it depends on) declares engines that" >&2
    echo "  exclude this Node.js: pin a version whose engines include it (npm view PKG@VER engines)." >&2
    rm -rf tools/node_modules
    exit 1
  fi
fi
