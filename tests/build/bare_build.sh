#!/bin/sh
# Configures the source tree into a temporary directory as a packager would, with tests and
# benchmarks off and their packages made absent, builds the three programs and the Hello
# example, and checks that they run. The build directory is removed at the end, also on failure.
# Usage: bare_build.sh CMAKE SOURCE_DIR WITHOUT_TEST_PACKAGES_CMAKE
set -eu
cmake=$1
source_dir=$2
without=$3
build=$(mktemp -d "${TMPDIR:-/tmp}/squashrun-bare-build.XXXXXX")
# The extract-and-run cache keeps its trees read-only: make them writable to remove them.
trap 'chmod -R u+w "$build" 2>/dev/null || true; rm -rf "$build"' EXIT
trap 'exit 1' INT TERM

generator=""
command -v ninja >/dev/null 2>&1 && generator="-G Ninja"
# shellcheck disable=SC2086
"$cmake" -S "$source_dir" -B "$build" $generator \
  -DSQUASHRUN_BUILD_TESTS=OFF -DSQUASHRUN_BUILD_BENCH=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON -DCMAKE_DISABLE_FIND_PACKAGE_GMock=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON -DCMAKE_DISABLE_FIND_PACKAGE_libappimage=ON \
  -DCMAKE_PROJECT_INCLUDE_BEFORE="$without"
# Nothing of the test packages may have been looked up (a found or NOTFOUND cache entry).
if grep -iE '^[a-z0-9_]*(gtest|gmock|benchmark|appimage)[a-z0-9_]*:' "$build/CMakeCache.txt" |
  grep -v -e '^SQUASHRUN_BUILD_' -e '^CMAKE_DISABLE_FIND_PACKAGE_'; then
  echo "bare build: the configure above looked for a test package" >&2
  exit 1
fi
nice "$cmake" --build "$build" -j 2  # the default target, as a packager builds

arch=$(uname -m)
for program in "runtime-$arch" apprun/AppRun tools/mkappimage/mkappimage \
  "examples/Hello-$arch.AppImage"; do
  [ -x "$build/$program" ] || {
    echo "bare build: $program was not built" >&2
    exit 1
  }
done
"$build/runtime-$arch" --appimage-version
"$build/tools/mkappimage/mkappimage" --version
# The Hello example runs from an extracted copy: no FUSE needed.
hello=$(APPIMAGE_EXTRACT_AND_RUN=1 SQUASHRUN_CACHE_DIR="$build/cache" \
  "$build/examples/Hello-$arch.AppImage" bare 2>&1) || {
  echo "bare build: the Hello example failed: $hello" >&2
  exit 1
}
case $hello in
"Hello from Hello-$arch.AppImage"*) ;;
*)
  echo "bare build: the Hello example printed: $hello" >&2
  exit 1
  ;;
esac
echo "bare build: the runtime, AppRun, mkappimage and the Hello example built and ran"
