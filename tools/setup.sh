#!/usr/bin/env bash
# One-step set-up on Debian bookworm (as root, or with sudo available): installs the Debian
# packages asrc needs if any is missing, then configures and builds into ./build.
# Usage: tools/setup.sh [extra cmake configure args...]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake ninja-build antlr4 libantlr4-runtime-dev default-jre-headless libfmt-dev
          libcli11-dev nlohmann-json3-dev libgtest-dev python3)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build -j"$(nproc)"
