# The example as a python-appimage recipe: mkappimage python examples/python/recipe
{{ python-executable }} -I -m hello_py "$@"
