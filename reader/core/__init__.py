"""GUI-free core of Reader: importers, text, store, index, search.

Nothing under this package may import PySide6 (tests/test_architecture.py checks it).
"""
