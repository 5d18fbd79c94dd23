"""The gutter between the two documents of the compare view: a band from each linked claim on
the left to its match on the right, styled by relation (conflicts thick and solid, agreements
solid, related dotted), like the connectors of a diff tool."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..theme import Theme

WIDTH = 56


class LinkStrip(QWidget):
    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self._theme = theme
        self._lines: list[tuple[float, float, float, float, str]] = []
        self.setFixedWidth(WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Links between the two documents")

    def sizeHint(self) -> QSize:
        return QSize(WIDTH, 200)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def set_lines(self, lines: list[tuple[float, float, float, float, str]]) -> None:
        """(left top, left bottom, right top, right bottom, relation), in this widget's y."""
        self._lines = lines
        self.update()

    def lines(self) -> list[tuple[float, float, float, float, str]]:
        return list(self._lines)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Window))
        w = float(self.width())
        order = {"related": 0, "agrees": 1, "updates": 2, "conflicts": 3}
        for lt, lb, rt, rb, relation in sorted(self._lines, key=lambda x: order.get(x[4], 0)):
            color = self._theme.line.get(relation)
            y1, y2 = (lt + lb) / 2, (rt + rb) / 2
            path = QPainterPath(QPointF(0, y1))
            path.cubicTo(QPointF(w * 0.5, y1), QPointF(w * 0.5, y2), QPointF(w, y2))
            style = {"conflicts": Qt.PenStyle.SolidLine, "agrees": Qt.PenStyle.SolidLine,
                     "updates": Qt.PenStyle.DashLine, "related": Qt.PenStyle.DotLine}[relation]
            pen = QPen(color, 3.0 if relation == "conflicts" else 1.8, style)
            p.setPen(pen)
            p.drawPath(path)
            # brackets marking the extent of each claim on its side
            p.setPen(QPen(color, 3.0))
            p.drawLine(QPointF(1.5, lt), QPointF(1.5, lb))
            p.drawLine(QPointF(w - 1.5, rt), QPointF(w - 1.5, rb))
