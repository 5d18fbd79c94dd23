"""The window survives a long session whatever the binding's reference-counting bugs
(PySide6 6.12.0 on Python < 3.12 takes a reference from True at every signal emission)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

LONG_SESSION = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from reader.app import application
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
app = application(["reader"])
class Probe(QObject):
    ping = Signal(int)
probe, label = Probe(), QLabel()
for n in range(60000):          # far more than the references True and None start with
    probe.ping.emit(n)
    label.setText("x")
print("alive")
"""


def test_sixty_thousand_emissions_and_void_calls_do_not_abort_the_interpreter():
    r = subprocess.run([sys.executable, "-c", LONG_SESSION], capture_output=True, text=True,
                       cwd=str(REPO), timeout=120)
    assert r.returncode == 0 and "alive" in r.stdout, r.stderr[-1500:]
