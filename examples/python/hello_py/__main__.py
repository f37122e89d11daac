"""python -m hello_py runs the console entry point."""

from hello_py.cli import main

raise SystemExit(main())
