"""Progress of the running job in the status bar, with Cancel. It appears only when the job
has run for ``SHOW_AFTER_MS`` (short work does not flicker a bar)."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from ..wording import count

SHOW_AFTER_MS = 500

_PHASES = {"import": "Importing", "index": "Indexing", "claims": "Cross-referencing: finding claims",
           "candidates": "Cross-referencing: pairing passages",
           "scoring": "Cross-referencing: comparing passages",
           "relating": "Cross-referencing: relating passages", "remove": "Removing",
           "done": "Finishing"}


def describe(kind: str, report) -> tuple[str, int, int]:
    """(text, done, total) for a progress report of a job of ``kind``."""
    if report is None:
        return ("Cross-referencing…" if kind == "xref" else "Working…"), 0, 0
    phase = getattr(report, "phase", "")
    done, total = int(getattr(report, "done", 0)), int(getattr(report, "total", 0))
    text = _PHASES.get(phase, phase.title() or "Working")
    if kind == "xref" and not text.startswith("Cross"):
        text = "Cross-referencing"
    if kind == "import" and phase == "fetch":
        text = f"Downloading {getattr(report, 'current', '')}"
    if kind == "import" and phase == "import":
        imported = getattr(report, "imported", 0)
        current = getattr(report, "current", "")
        text = f"Importing: {count(imported, 'document')}"
        if total:
            text += f", file {min(done + 1, total)} of {total}"
        if current:
            text += f" — {current.rsplit('/', 1)[-1]}"
    return text, done, total


class ProgressWidget(QWidget):
    cancel_requested = Signal()        # the person pressed Cancel

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Progress")
        self.cancel = QPushButton("Cancel")
        self.cancel.setAccessibleName("Cancel the running job")
        self.cancel.clicked.connect(self.cancel_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self._timer = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self._timer.timeout.connect(self.show)
        self._kind = ""
        self.hide()

    def on_job_started(self, kind: str, label: str) -> None:
        self._kind = kind
        self.label.setText(label)
        self.bar.setRange(0, 0)
        self.cancel.setEnabled(True)
        if not self.isVisible():
            self._timer.start()

    def on_progress(self, report) -> None:
        text, done, total = describe(self._kind, report)
        self.label.setText(text)
        # a bar that moves, or a busy indicator: an import of one big file, or the phases of
        # cross-referencing, report no fraction done
        if total > 0 and (done > 0 or (self._kind == "import" and total > 1)):
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def on_cancelling(self) -> None:
        self.label.setText("Cancelling…")
        self.cancel.setEnabled(False)

    def on_idle(self) -> None:
        self._timer.stop()
        self.hide()
