#!/usr/bin/env bash
# `npm test`'s pretest step: the tests drive a real headless Chromium (the dashboard and the setup
# page) and gitlab-ci-local needs rsync. Debian's packages provide both. As root, install what is
# missing; otherwise say in one line what to install, and stop before any test runs.
set -euo pipefail

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v rsync >/dev/null 2>&1 || missing+=(rsync)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "pretest: installing ${missing[*]} from Debian's packages (the browser and differential tests need them)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "pretest: the tests need ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' (or set CHROMIUM_PATH to a Chromium binary), then npm test again" >&2
exit 1
