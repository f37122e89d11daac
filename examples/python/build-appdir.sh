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
multiarch=$("$real" -c 'import sysconfig; print(sysconfig.get_config_var("MULTIARCH") or "")')
[ -n "$multiarch" ] || multiarch=$(uname -m)-linux-gnu
# The interpreter's own site directory under its prefix (Debian: local/lib/pythonX.Y/dist-packages).
site=$("$real" -c 'import site, sys
print(next(p[len(sys.prefix) + 1:] for p in site.getsitepackages() if p.startswith(sys.prefix + "/")))')

rm -rf "$out"
mkdir -p "$out/usr/bin" "$out/usr/lib" "$out/usr/$site" "$out/lib/$multiarch"
cp "$real" "$out/usr/bin/python$version"
# The standard library keeps its __pycache__ and the files' mtimes, so the compiled modules
# stay valid inside the read-only payload.
(cd "$(dirname "$stdlib")" &&
  tar -cf - --exclude=test --exclude=tests --exclude=idlelib --exclude=tkinter \
    --exclude=turtledemo --exclude=ensurepip --exclude=lib2to3 --exclude=_tkinter\* \
    "$(basename "$stdlib")") | tar -xpf - -C "$out/usr/lib"

# The example package, compiled so that no timestamp has to match.
cp -r "$here/hello_py" "$out/usr/$site/"
"$real" -m compileall -q --invalidation-mode unchecked-hash "$out/usr/$site"

# Shared libraries of the interpreter and of the extension modules, and the loader.
{
  ldd "$real"
  for module in "$out/usr/lib/python$version/lib-dynload/"*.so; do ldd "$module" || true; done
} | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u | while read -r lib; do
  cp -L "$lib" "$out/lib/$multiarch/"
done
# glibc loads libgcc_s at run time (thread exit and cancellation), so ldd does not list it.
libgcc=$(/sbin/ldconfig -p | awk '$1 == "libgcc_s.so.1" { print $NF; exit }')
[ -z "$libgcc" ] || cp -L "$libgcc" "$out/lib/$multiarch/"
loader=$(ldd "$real" | awk '$1 ~ /ld-linux/ { print $1 }')
mkdir -p "$out$(dirname "$loader")"
cp -L "$loader" "$out$loader"

# CA certificates for hosts without their own (AppRun prefers the host's: ca-certificates).
if [ -s /etc/ssl/certs/ca-certificates.crt ]; then
  mkdir -p "$out/etc/ssl/certs"
  cp -L /etc/ssl/certs/ca-certificates.crt "$out/etc/ssl/certs/"
fi

cp "$apprun" "$out/AppRun"
ln "$out/AppRun" "$out/usr/bin/python3"  # sys.executable; a hard link keeps the AppDir found
cp "$here/appdir/hello-py.desktop" "$here/appdir/hello-py.svg" "$out/"
# apprun.conf is written for x86_64 Debian's Python 3.11; adapt it to what was found.
sed -e "s|python3\.11|python$version|g" -e "s|lib64/ld-linux-x86-64\.so\.2|${loader#/}|g" \
  -e "s|x86_64-linux-gnu|$multiarch|g" "$here/appdir/apprun.conf" > "$out/apprun.conf"
ln -s hello-py.svg "$out/.DirIcon"
