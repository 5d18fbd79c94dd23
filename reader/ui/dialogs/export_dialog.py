"""The export dialog (Ctrl+E): what to export (the open document, the documents selected in the
library, or the whole library; your highlights, the cross-references, only the conflicts, or
all), the format, a live preview, and the file. The preview and the write run on the read
queue (export only reads the library); an existing file is replaced only once confirmed.

Tests drive it without a modal loop: ``set_choice``, ``set_path``, then ``accept()``."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
                               QPushButton, QStackedWidget, QTextBrowser, QVBoxLayout, QWidget)

from ...core.export import export, write_export
from ..wording import count

PREVIEW_CHARS = 40_000
FORMATS = (("md", "Markdown (.md)"), ("html", "HTML, printable (.html)"),
           ("csv", "CSV for spreadsheets (.csv)"), ("json", "JSON, W3C Web Annotations (.json)"))
KINDS = (("user", "Your highlights"), ("xref", "Cross-references"),
         ("conflicts", "Only conflicts"), ("all", "Highlights and cross-references"))


def _preview_job(lib, seq: int, fmt: str, doc_ids, kind: str, cancel):
    return seq, export(lib, fmt, doc_ids=doc_ids, kind=kind)
    yield  # noqa: unreachable - makes this a generator, which is what the worker runs


def _write_job(lib, path: Path, fmt: str, doc_ids, kind: str, force: bool, cancel):
    return write_export(lib, path, fmt, doc_ids=doc_ids, kind=kind, force=force)
    yield  # noqa: unreachable


def slug(text: str, limit: int = 40) -> str:
    """A file name from a title, cut at a word."""
    out = re.sub(r"[^\w]+", "-", text.lower()).strip("-")
    if len(out) > limit:
        words = out[:limit + 1].rsplit("-", 1)[0].split("-")
        while len(words) > 1 and words[-1] in _DANGLING:    # not "...-forces-and"
            words.pop()
        out = "-".join(words)
    return out or "reader"


_DANGLING = frozenset("a an and at by for from in of on or the to with".split())


class _Page(QTextBrowser):
    """The HTML export as the reader will see it: rendered, and as inert as the file (no link
    is followed, nothing is fetched: images, style sheets or frames load as nothing)."""

    def __init__(self):
        super().__init__()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, url):      # noqa: N802 - Qt's name
        return None


class ExportDialog(QDialog):
    exported = Signal(str)          # the path of the file written
    chosen = Signal(dict)           # the choices of a written export: {"scope","kind","format",
                                    # "folder"}, offered again next time

    def __init__(self, library, queue, *, current: tuple[str, str] | None,
                 selected: list[str], folder: Path, remembered: dict | None = None,
                 parent: QWidget | None = None):
        """``current``: (id, title) of the open document; ``selected``: ids selected in the
        library; ``queue``: the JobQueue that runs the preview and the write; ``remembered``:
        the choices of the last export (see ``chosen``), where they still apply."""
        super().__init__(parent)
        self.setWindowTitle("Export Highlights and Cross-references")
        self.setAccessibleName("Export")
        self._lib, self._queue = library, queue
        self._current, self._selected = current, list(selected)
        self._seq = 0
        self.written: Path | None = None

        self.scope_box = QComboBox()
        self.scope_box.setAccessibleName("Export which documents")
        if current is not None:
            self.scope_box.addItem(f"This document: {current[1][:60]}", "document")
        if selected and [current[0] if current else None] != selected:
            self.scope_box.addItem(f"The {count(len(selected), 'document')} selected in the library",
                                   "selected")
        self.scope_box.addItem("The whole library", "library")
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName("Export what")
        for key, text in KINDS:
            self.kind_box.addItem(text, key)
        self.kind_box.setCurrentIndex(self.kind_box.findData("all"))
        self.format_box = QComboBox()
        self.format_box.setAccessibleName("Format")
        for key, text in FORMATS:
            self.format_box.addItem(text, key)
        remembered = remembered or {}
        if remembered.get("folder") and Path(remembered["folder"]).is_dir():
            folder = Path(remembered["folder"])
        self.path_edit = QLineEdit(str(folder / f"{slug(current[1]) if current else 'reader'}"
                                            "-export.md"))
        self.path_edit.setAccessibleName("File to write")
        browse = QPushButton("Choose…")
        browse.setAutoDefault(False)         # Enter exports, whatever has the focus
        browse.clicked.connect(self.on_browse)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview of the export")
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.page = _Page()
        self.page.setAccessibleName("Preview of the export, as a page")
        self.previews = QStackedWidget()
        self.previews.addWidget(self.preview)
        self.previews.addWidget(self.page)
        self._source = ""
        self.status = QLabel()
        self.status.setAccessibleName("Export status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow("&Documents:", self.scope_box)
        form.addRow("&Export:", self.kind_box)
        form.addRow("&Format:", self.format_box)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        label = QLabel("F&ile:")
        label.setBuddy(self.path_edit)
        form.addRow(label, row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        # Enter exports wherever the focus is; the focus starts on the first choice
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview:"))
        layout.addWidget(self.previews, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(760, 640)
        self.scope_box.setFocus()

        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.update_preview)
        for box in (self.scope_box, self.kind_box, self.format_box):
            box.currentIndexChanged.connect(self._timer.start)
        self.format_box.currentIndexChanged.connect(self.on_format_changed)
        self._restore(remembered)
        self.update_preview()

    def _restore(self, remembered: dict) -> None:
        """The last export's choices, each where this dialog offers it."""
        for box, key in ((self.scope_box, "scope"), (self.kind_box, "kind"),
                         (self.format_box, "format")):
            at = box.findData(remembered.get(key))
            if at >= 0:
                box.blockSignals(True)
                box.setCurrentIndex(at)
                box.blockSignals(False)
        self.on_format_changed()

    # -- choices ------------------------------------------------------------------------------
    def set_choice(self, *, scope: str | None = None, kind: str | None = None,
                   fmt: str | None = None) -> None:
        for box, value in ((self.scope_box, scope), (self.kind_box, kind),
                           (self.format_box, fmt)):
            if value is not None:
                at = box.findData(value)
                if at < 0:
                    raise ValueError(f"{value!r} is not offered here")
                box.setCurrentIndex(at)

    def set_path(self, path: Path | str) -> None:
        self.path_edit.setText(str(path))

    def choice(self) -> tuple[list[str] | None, str, str]:
        """(document ids or None for the whole library, kind, format)."""
        scope = self.scope_box.currentData()
        ids = [self._current[0]] if scope == "document" and self._current else \
            list(self._selected) if scope == "selected" else None
        return ids, self.kind_box.currentData(), self.format_box.currentData()

    def on_format_changed(self) -> None:
        path = Path(self.path_edit.text())
        if path.suffix.lower() in (".md", ".html", ".csv", ".json"):
            self.path_edit.setText(str(path.with_suffix("." + self.format_box.currentData())))

    def on_browse(self) -> None:
        fmt = self.format_box.currentData()
        name, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.path_edit.text(), f"{fmt.upper()} (*.{fmt});;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)   # asked before writing
        if name:
            self.path_edit.setText(name)

    # -- preview --------------------------------------------------------------------------------
    def update_preview(self) -> None:
        self._timer.stop()
        self._seq += 1
        ids, kind, fmt = self.choice()
        lib, seq = self._lib, self._seq
        job = self._queue.submit("export", "Preview",
                                 lambda cancel: _preview_job(lib, seq, fmt, ids, kind, cancel))
        job.signals.finished.connect(self.on_preview)
        job.signals.failed.connect(self.on_failed)

    def on_preview(self, out) -> None:
        seq, text = out
        if seq != self._seq:
            return                        # a newer choice is on its way
        text = text.lstrip("\ufeff")
        if len(text) > PREVIEW_CHARS:
            text = text[:PREVIEW_CHARS] + f"\n\n[… {len(text) - PREVIEW_CHARS:,} more " \
                                          "characters in the file]"
        self._source = text
        if self.format_box.currentData() == "html":
            self.page.setHtml(text)
            self.previews.setCurrentWidget(self.page)
        else:
            self.preview.setPlainText(text)
            self.previews.setCurrentWidget(self.preview)

    def preview_text(self) -> str:
        """The previewed export's source text (HTML as written, not as rendered)."""
        return self._source

    # -- writing --------------------------------------------------------------------------------
    def accept(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.show_error("Choose a file to write.")
            return
        path = Path(text).expanduser()
        force = False
        if path.exists():
            answer = QMessageBox.question(
                self, "Replace the File?",
                f"{path.name} already exists in {path.parent}.\n\nReplace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                self.show_error(f"Not written: {path.name} already exists. Choose another "
                                "name, or confirm to replace it.")
                return
            force = True
        ids, kind, fmt = self.choice()
        lib = self._lib
        self.export_button.setEnabled(False)
        self.status.setText(f"Writing {escape(path.name)}…")
        job = self._queue.submit("export", f"Exporting to {path.name}",
                                 lambda cancel: _write_job(lib, path, fmt, ids, kind, force,
                                                           cancel))
        job.signals.finished.connect(self.on_written)
        job.signals.failed.connect(self.on_failed)

    def on_written(self, path: Path) -> None:
        self.written = Path(path)
        self.chosen.emit({"scope": self.scope_box.currentData(),
                          "kind": self.kind_box.currentData(),
                          "format": self.format_box.currentData(),
                          "folder": str(self.written.parent)})
        self.exported.emit(str(path))
        super().accept()

    def on_failed(self, error: str) -> None:
        self.export_button.setEnabled(True)
        self.show_error("Could not export: " + error.split(": ", 1)[-1])

    def show_error(self, text: str) -> None:
        self.status.setText(f"<span style='color:#c62828'><b>{escape(text)}</b></span>")
