#!/bin/sh
# Runs the integration test binaries as an unprivileged user, as desktop users run AppImages.
# Usage: as_user.sh RUNTIME MKAPPIMAGE APPRUN PYTHON_EXAMPLE TEST_BINARY...
# (PYTHON_EXAMPLE may be "" when the host had no Python 3.) Every binary runs, even after one
# fails; the exit status is 1 when any failed.
# As root: creates the user squashrun-test if needed, copies the binaries where that user
# can read them, gives /dev/fuse the 0666 mode desktop distributions ship (restored after).
set -eu
runtime=$1
mkappimage=$2
apprun=$3
python_example=$4
shift 4
status=0
if [ "$(id -u)" != 0 ]; then
  for tests in "$@"; do
    "$tests" || status=1
  done
  exit "$status"
fi
user=squashrun-test
id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
work=$(mktemp -d /tmp/squashrun-as-user.XXXXXX)
old_mode=""
[ -e /dev/fuse ] && old_mode=$(stat -c %a /dev/fuse)
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  [ -n "$old_mode" ] && chmod "$old_mode" /dev/fuse
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
mkdir "$work/tests"
for tests in "$@"; do
  cp "$tests" "$work/tests/"
done
cp "$runtime" "$work/runtime"
cp "$mkappimage" "$work/mkappimage"
cp "$apprun" "$work/AppRun"
[ -n "$python_example" ] && cp "$python_example" "$work/python-example.AppImage"
cp -r "$(dirname "$0")/../../examples" "$work/examples"
chmod -R a+rX "$work"
chmod 0755 "$work" "$work/tests" "$work/runtime" "$work/mkappimage" "$work/AppRun"
chmod 0755 "$work/tests/"*
chown "$user" "$work"
[ -n "$old_mode" ] && chmod 0666 /dev/fuse
for tests in "$@"; do
  setpriv --reuid="$user" --regid="$user" --clear-groups \
    env HOME="$work" SQUASHRUN_RUNTIME="$work/runtime" SQUASHRUN_TEST_TMP="$work" \
    SQUASHRUN_MKAPPIMAGE="$work/mkappimage" SQUASHRUN_SOURCE_DIR="$work" \
    SQUASHRUN_APPRUN="$work/AppRun" \
    SQUASHRUN_PYTHON_EXAMPLE="${python_example:+$work/python-example.AppImage}" \
    "$work/tests/$(basename "$tests")" || status=1
done
exit "$status"
