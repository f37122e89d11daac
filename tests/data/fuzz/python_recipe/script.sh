#! /bin/bash
exec "$APPDIR/usr/bin/python3.11" -Es "${APPDIR}/usr/bin/my app" --mode='a b' "$@"  # c
