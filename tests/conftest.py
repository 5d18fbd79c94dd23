"""Test configuration: Qt runs offscreen; every test gets its own temporary library."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
