#!/bin/sh
# Assembles the Python example's AppDir from the host's Python 3: the interpreter, its
# standard library (without tests and GUI toolkits), every shared library they load, the
# dynamic loader, the example package, and the static AppRun with its apprun.conf.
# Usage: build-appdir.sh OUTPUT_APPDIR APPRUN [PYTHON]
set -eu
out=$1
apprun=$2
python=${3:-/usr/bin/python3}
here=$(cd "$(dirname "$0")" && pwd)
real=$(readlink -f "$python")
version=$("$real" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
stdlib=$("$real" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
multiarch=$(uname -m)-linux-gnu

rm -rf "$out"
mkdir -p "$out/usr/bin" "$out/usr/lib/python3/dist-packages" "$out/lib64" "$out/lib/$multiarch"
cp "$real" "$out/usr/bin/python$version"
# The standard library keeps its __pycache__ and the files' mtimes, so the compiled modules
# stay valid inside the read-only payload.
(cd "$(dirname "$stdlib")" &&
  tar -cf - --exclude=test --exclude=tests --exclude=idlelib --exclude=tkinter \
    --exclude=turtledemo --exclude=ensurepip --exclude=lib2to3 --exclude=_tkinter\* \
    "$(basename "$stdlib")") | tar -xpf - -C "$out/usr/lib"

# The example package, compiled so that no timestamp has to match.
cp -r "$here/hello_py" "$out/usr/lib/python3/dist-packages/"
"$real" -m compileall -q --invalidation-mode unchecked-hash "$out/usr/lib/python3/dist-packages"

# Shared libraries of the interpreter and of the extension modules, and the loader.
{
  ldd "$real"
  for module in "$out/usr/lib/python$version/lib-dynload/"*.so; do ldd "$module" || true; done
} | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u | while read -r lib; do
  cp -L "$lib" "$out/lib/$multiarch/"
done
loader=$(ldd "$real" | awk '$1 ~ /ld-linux/ { print $1 }')
cp -L "$loader" "$out/lib64/$(basename "$loader")"

# CA certificates for hosts without their own (AppRun prefers the host's: ca-certificates).
if [ -s /etc/ssl/certs/ca-certificates.crt ]; then
  mkdir -p "$out/etc/ssl/certs"
  cp -L /etc/ssl/certs/ca-certificates.crt "$out/etc/ssl/certs/"
fi

cp "$apprun" "$out/AppRun"
ln "$out/AppRun" "$out/usr/bin/python3"  # sys.executable; a hard link keeps the AppDir found
cp "$here/appdir/apprun.conf" "$here/appdir/hello-py.desktop" "$here/appdir/hello-py.svg" "$out/"
ln -s hello-py.svg "$out/.DirIcon"
