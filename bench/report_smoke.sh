#!/bin/sh
# CI's smoke run of the startup report: the busybox root only, a few runs, no debootstrap;
# checks that the harness, the table and the chart still work.
# Usage: report_smoke.sh SOURCE_DIR OUT_DIR
set -eu
if [ "$(id -u)" != 0 ]; then
  [ "${CI:-}" = true ] && { echo "report_smoke: CI runs this as root" >&2; exit 1; }
  echo "report_smoke: needs root (chroot, mounts); skipped" >&2
  exit 77
fi
"$1/scripts/bench-report" --smoke --no-build --out "$2"
grep -q '^| busybox | root | [0-9]' "$2/startup.md"
grep -q '^| busybox | user | [0-9]' "$2/startup.md"
grep -q '^busybox,root,python,mount per launch,3,[0-9]' "$2/startup.csv"
grep -q '<svg' "$2/startup.svg"
grep -q '>python<' "$2/startup.svg"
echo "report_smoke: $2/startup.csv, startup.md and startup.svg are complete"
