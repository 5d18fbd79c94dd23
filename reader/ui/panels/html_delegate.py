"""Paints list and tree items whose text is a small piece of rich text (marked words, relation
badges), wrapped to the view's width."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

HTML_ROLE = Qt.ItemDataRole.UserRole + 20
PADDING = 6


class HtmlDelegate(QStyledItemDelegate):
    """Laid-out documents are kept (by text, width and font) for the next paint and size."""

    CACHE = 256

    def __init__(self, parent=None):
        super().__init__(parent)
        self._docs: dict[tuple, QTextDocument] = {}

    def _document(self, option: QStyleOptionViewItem, index, width: float) -> QTextDocument:
        html = index.data(HTML_ROLE) or ""
        key = (html, int(max(width, 80.0)), option.font.key())
        doc = self._docs.get(key)
        if doc is None:
            doc = QTextDocument()
            doc.setDocumentMargin(PADDING)
            doc.setDefaultFont(option.font)
            doc.setHtml(html)
            doc.setTextWidth(key[1])
            if len(self._docs) >= self.CACHE:
                self._docs.pop(next(iter(self._docs)))
            self._docs[key] = doc
        return doc

    def _width(self, option: QStyleOptionViewItem, index) -> float:
        view = option.widget
        width = option.rect.width()
        if view is not None and hasattr(view, "viewport"):
            indent = 0
            if hasattr(view, "indentation") and index.parent().isValid():
                indent = view.indentation() * 2
            elif hasattr(view, "indentation") and hasattr(view, "rootIsDecorated") \
                    and view.rootIsDecorated():
                indent = view.indentation()
            width = view.viewport().width() - indent
        return float(width)

    def paint(self, painter, option, index) -> None:
        # The selection is a tint and a bar, not a solid fill: the colours of the rich text
        # (relation badges, marked words) stay readable on it.
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        opt.state &= ~QStyle.StateFlag.State_Selected
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if selected:
            accent = QColor(option.palette.color(QPalette.ColorRole.Highlight))
            tint = QColor(accent)
            tint.setAlpha(45 if option.state & QStyle.StateFlag.State_HasFocus or
                          option.state & QStyle.StateFlag.State_Active else 30)
            painter.fillRect(option.rect, tint)
            painter.fillRect(QRectF(option.rect.left(), option.rect.top(), 4,
                                    option.rect.height()), accent)
        doc = self._document(option, index, option.rect.width())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text,
                             option.palette.color(QPalette.ColorRole.Text))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        doc = self._document(option, index, self._width(option, index))
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 1)
