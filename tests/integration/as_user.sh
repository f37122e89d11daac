#!/bin/sh
# Runs the integration tests as an unprivileged user, as desktop users run AppImages.
# As root: creates the user squashrun-test if needed, copies the binaries where that user
# can read them, gives /dev/fuse the 0666 mode desktop distributions ship (restored after).
set -eu
tests=$1
runtime=$2
mkappimage=$3
apprun=$4
python_example=${5:-}
if [ "$(id -u)" != 0 ]; then
  exec "$tests"
fi
user=squashrun-test
id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
work=$(mktemp -d /tmp/squashrun-as-user.XXXXXX)
old_mode=""
[ -e /dev/fuse ] && old_mode=$(stat -c %a /dev/fuse)
cleanup() {
  [ -n "$old_mode" ] && chmod "$old_mode" /dev/fuse
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cp "$tests" "$work/integration_tests"
cp "$runtime" "$work/runtime"
cp "$mkappimage" "$work/mkappimage"
cp "$apprun" "$work/AppRun"
[ -n "$python_example" ] && cp "$python_example" "$work/python-example.AppImage"
cp -r "$(dirname "$0")/../../examples" "$work/examples"
chmod -R a+rX "$work"
chmod 0755 "$work" "$work/integration_tests" "$work/runtime" "$work/mkappimage" "$work/AppRun"
chown "$user" "$work"
[ -n "$old_mode" ] && chmod 0666 /dev/fuse
setpriv --reuid="$user" --regid="$user" --clear-groups \
  env HOME="$work" SQUASHRUN_RUNTIME="$work/runtime" SQUASHRUN_TEST_TMP="$work" \
  SQUASHRUN_MKAPPIMAGE="$work/mkappimage" SQUASHRUN_SOURCE_DIR="$work" \
  SQUASHRUN_APPRUN="$work/AppRun" \
  SQUASHRUN_PYTHON_EXAMPLE="${python_example:+$work/python-example.AppImage}" \
  "$work/integration_tests"
