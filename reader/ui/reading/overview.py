"""A narrow strip beside the document: where its conflicting, agreeing and related claims
are, and which part is in view. Clicking (or dragging) scrolls there."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..theme import Theme

WIDTH = 18


class OverviewBar(QWidget):
    jump_requested = Signal(float)       # a fraction of the document's height to centre on

    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self._theme = theme
        self._markers: list[tuple[float, str]] = []
        self._view = (0.0, 1.0)
        self.setFixedWidth(WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Overview of the document's linked claims")
        self.setToolTip("Where the claims are: red (with a notch) conflicts, blue (notched "
                        "right) updates, green agrees, grey related. Click to go there.")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(WIDTH, 200)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def on_overview_changed(self, markers, top: float, height: float) -> None:
        self._markers = list(markers)
        self._view = (top, height)
        self.update()

    def markers(self) -> list[tuple[float, str]]:
        return list(self._markers)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        pal = self.palette()
        h, w = self.height(), self.width()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.AlternateBase))
        top, height = self._view
        shade = QColor(pal.color(QPalette.ColorRole.Text))
        shade.setAlpha(40)
        p.fillRect(QRectF(0, top * h, w, max(6.0, height * h)), shade)
        # related first, conflicts last, so the most important marks are on top
        order = {"related": 0, "agrees": 1, "updates": 2, "conflicts": 3}
        for frac, relation in sorted(self._markers, key=lambda m: order.get(m[1], 0)):
            y = frac * h
            color = self._theme.line.get(relation, QColor("gray"))
            if relation == "conflicts":        # full width and a notch: not by colour alone
                p.fillRect(QRectF(1, y - 1.5, w - 2, 4), color)
                p.fillRect(QRectF(0, y - 3, 3, 7), color)
            elif relation == "updates":        # a notch on the right: later replaces earlier
                p.fillRect(QRectF(2, y - 1, w - 4, 3), color)
                p.fillRect(QRectF(w - 3, y - 3, 3, 7), color)
            elif relation == "agrees":
                p.fillRect(QRectF(4, y - 1, w - 8, 3), color)
            else:
                p.fillRect(QRectF(7, y - 1, w - 14, 2), color)

    def mousePressEvent(self, event) -> None:
        self.jump_requested.emit(max(0.0, min(1.0, event.position().y() / max(1, self.height()))))

    def mouseMoveEvent(self, event) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.mousePressEvent(event)
