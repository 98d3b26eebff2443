#!/usr/bin/env bash
# A second font set for the browser tests (issue 19): the fonts a desktop or a server with
# recommended packages has beside Noto Sans CJK (fonts-liberation: Arial's metrics; the other CJK
# faces of fonts-noto-cjk-extra), unpacked from Debian's packages into a directory of their own, and
# a fontconfig file that adds them to the system's fonts. Prints that file's path:
#
#   FONTCONFIG_FILE="$(bash scripts/browser-fonts.sh)" node --import tsx --test test/browser/*.test.ts
#
# Nothing is installed system-wide, so the first browser run keeps only what .ci/run installs.
set -euo pipefail
dir="${BEIAN_FONTS_DIR:-${TMPDIR:-/tmp}/beian-browser-fonts}"
packages=(fonts-liberation fonts-liberation2 fonts-noto-cjk-extra)
if [ ! -f "$dir/fonts.conf" ]; then
  mkdir -p "$dir/debs" "$dir/root"
  (cd "$dir/debs" && apt-get download -qq "${packages[@]}" >/dev/null 2>&1) || {
    apt-get update -qq >/dev/null
    (cd "$dir/debs" && apt-get download -qq "${packages[@]}" >/dev/null)
  }
  for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$dir/root"; done
  cat >"$dir/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$dir/root/usr/share/fonts</dir>
  <include ignore_missing="yes">$dir/root/etc/fonts/conf.d</include>
  <cachedir>$dir/cache</cachedir>
</fontconfig>
CONF
fi
# The set is only worth a run if fontconfig sees it.
FONTCONFIG_FILE="$dir/fonts.conf" fc-list : family | grep -q 'Liberation Sans' || {
  echo "browser-fonts: Liberation Sans not visible through $dir/fonts.conf" >&2
  exit 1
}
echo "$dir/fonts.conf"
