"""hello-py: greets, and shows what the bundled interpreter sees."""

import os
import ssl
import sys
from importlib import resources


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    greeting = resources.files("hello_py").joinpath("data/greeting.txt").read_text().strip()
    print(greeting)
    print(f"python {sys.version.split()[0]} from {sys.prefix}")
    print(f"executable {sys.executable}")
    flags = sys.flags
    print(f"flags isolated={flags.isolated} ignore_environment={flags.ignore_environment}"
          f" no_user_site={flags.no_user_site}")
    print(f"ssl {ssl.OPENSSL_VERSION}; CA file {os.environ.get('SSL_CERT_FILE', 'none')}")
    print("arguments " + " ".join(f"[{a}]" for a in args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
