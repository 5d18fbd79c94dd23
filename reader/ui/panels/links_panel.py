"""The links panel: for the current claim, the passages of the other sources, grouped by
document, each with its relation, the why, and the words it shares with the claim emphasised.
Activating a passage asks for that document, scrolled to it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QGridLayout, QLabel, QMenu, QPushButton,
                               QTreeView, QVBoxLayout, QWidget)

from ...core.links import RELATIONS
from ...core.xref.relations import shared_words
from ..reading.hits import words_html
from ..reading.linkindex import Claim
from ..theme import Theme, relation_label
from .html_delegate import HtmlDelegate
from .links_model import TARGET_ROLE, Group, LinksModel, Passage

BADGE = {"conflicts": "≠", "updates": "→", "agrees": "=", "related": "≈"}
# the verdicts on a link, with their keys in the list: P pins it as a highlight, A accepts it,
# R rejects it (it disappears, now and after the links are recomputed), T relabels it
LINK_ACTIONS = (("pin", "&Pin as Highlight", Qt.Key.Key_P), ("accepted", "&Accept", Qt.Key.Key_A),
                ("rejected", "&Reject", Qt.Key.Key_R), ("relabel", "Re&label…", Qt.Key.Key_T))
SHORT_TEXT = {"pin": "Pin", "relabel": "Relabel"}   # where the panel is too narrow for the full
PLACEHOLDER = ("Click a highlighted claim in the article (or press L on the claim in view) to "
               "see what the other sources say about it.")


def badge_html(relation: str, css: dict) -> str:
    return (f'<span style="color:{css[relation]};font-weight:bold">'
            f"{BADGE.get(relation, '')} {relation_label(relation)}</span>")


def yours(link) -> str:
    """What the user did to a link (links.LinkEnd): "made by you: <note>", "relabelled by you
    (Reader: Agrees)", or ""."""
    if link.by == "user":
        return "made by you" + (f": {link.note}" if link.note else "")
    if link.relabelled:
        return f"relabelled by you (Reader: {relation_label(link.relabelled)})"
    return ""


class _Tree(QTreeView):
    escape_pressed = Signal()
    enter_pressed = Signal(object)     # the current index
    verdict_key = Signal(str)          # "pin"|"accepted"|"rejected"|"relabel": its key was pressed

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()      # rows wrap: their heights depend on the width

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.enter_pressed.emit(self.currentIndex())
        elif not event.modifiers() and event.key() in [k for _, _, k in LINK_ACTIONS]:
            self.verdict_key.emit(next(a for a, _, k in LINK_ACTIONS if k == event.key()))
        else:
            super().keyPressEvent(event)


class LinksPanel(QWidget):
    passage_activated = Signal(str, int, int)   # doc id, passage start, end: open it there
    escape_pressed = Signal()                   # Esc: back to the document
    link_action = Signal(str, object)           # "pin"|"accepted"|"rejected", (doc, start, end)
    relabel_requested = Signal(object)          # (doc, start, end): give that link a relation

    def __init__(self, library, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self._lib = library
        self._theme = theme
        self._texts: dict[str, str] = {}
        self.claim: tuple[str, int, int] | None = None
        self.heading = QLabel(PLACEHOLDER)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setAccessibleName("Current claim")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = LinksModel(self)
        self.tree = _Tree()
        self.tree.setAccessibleName("Linked passages")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setItemDelegate(HtmlDelegate(self.tree))
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setIndentation(0)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel("<b>Other sources on this claim</b>")
        layout.addWidget(title)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        self._buttons = QGridLayout()       # one row, or two where the panel is narrow
        self._buttons.setContentsMargins(0, 0, 0, 0)
        self.action_buttons: dict[str, QPushButton] = {}
        for action, text, key in LINK_ACTIONS:
            verb = text.replace("&", "").rstrip("…")
            button = QPushButton(text.replace("&", ""))      # shortened by _fit_buttons
            button.setToolTip(f"{verb} the selected link (key {chr(key.value)} in the list)")
            button.setAccessibleName(f"{verb} the selected link")
            button.clicked.connect(lambda _=False, a=action: self.on_verdict(a))
            self.action_buttons[action] = button
        layout.addLayout(self._buttons)
        self._fitted: tuple | None = None   # (full texts?, buttons a row) as laid out
        self._fit_buttons()
        self.tree.verdict_key.connect(self.on_verdict)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self.on_context_menu)
        self.tree.enter_pressed.connect(self.on_item_activated)   # one click or Enter opens
        self.tree.clicked.connect(self.on_item_activated)
        self.tree.escape_pressed.connect(self.escape_pressed)
        self.setFocusProxy(self.tree)
        self.model.modelReset.connect(self._update_buttons)
        self.tree.selectionModel().currentChanged.connect(self._update_buttons)
        self._update_buttons()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_buttons()

    def _fit_buttons(self) -> None:
        """The buttons in one row with their full texts where they fit, else with short texts,
        else on two rows: a text is never clipped (the tooltip keeps the full name)."""
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right()
        gap = max(0, self._buttons.horizontalSpacing())
        full = {a: t.replace("&", "") for a, t, _ in LINK_ACTIONS}
        short = {a: SHORT_TEXT.get(a, t) for a, t in full.items()}
        buttons = self.action_buttons

        def width(texts: dict, actions) -> int:
            return sum(buttons[a].fontMetrics().horizontalAdvance(texts[a]) + 28 + gap
                       for a in actions)
        texts = full if width(full, buttons) <= room else short
        per_row = len(buttons) if width(texts, buttons) <= room else (len(buttons) + 1) // 2
        if (texts is full, per_row) == self._fitted:
            return                          # as laid out already (a resize of a few pixels)
        self._fitted = (texts is full, per_row)
        for n, (action, button) in enumerate(buttons.items()):
            button.setText(texts[action])
            self._buttons.addWidget(button, n // per_row, n % per_row)
        two = list(buttons)[:(len(buttons) + 1) // 2]
        self.setMinimumWidth(width(short, two) + margins.left() + margins.right())

    def forget_texts(self) -> None:
        """Documents changed: read their texts again when needed."""
        self._texts.clear()

    def _text(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            try:
                self._texts[doc_id] = self._lib.get(doc_id).text
            except Exception:   # noqa: BLE001 - removed meanwhile
                self._texts[doc_id] = ""
        return self._texts[doc_id]

    # -- content --------------------------------------------------------------------------------
    def clear(self) -> None:
        self.claim = None
        self.heading.setText(PLACEHOLDER)
        self.model.set_groups([])

    def show_claim(self, doc_id: str, claim: Claim, label_of, title_of) -> None:
        css = self._theme.css()
        self.claim = (doc_id, claim.start, claim.end)
        text = self._text(doc_id)[claim.start:claim.end]
        counts = []
        for relation in RELATIONS:
            docs = {link.doc_id for link in claim.by_relation(relation)}
            if docs:
                counts.append(f"{badge_html(relation, css)} {len(docs)} "
                              f"source{'s' if len(docs) != 1 else ''}")
        self.heading.setText(f"<p style='margin:0'>“{escape(text)}”</p>"
                             f"<p style='margin-top:4px'>{' &nbsp; '.join(counts)}</p>")
        groups: list[Group] = []
        for other in claim.documents():
            ends = [link for link in claim.links if link.doc_id == other]
            label = label_of(other)
            title = title_of(other)
            head = f"<b>{escape(title)}</b>"
            if label and not title.startswith(label.rstrip("…")):
                head += f' <span style="color:{css["muted"]}">· {escape(label)}</span>'
            group = Group(other, head, f"{title} ({len(ends)} passages)")
            other_text = self._text(other)
            for link in ends:
                passage = other_text[link.start:link.end]
                words = shared_words(passage, text)
                value = link.other_value
                if value:
                    words.append(value)
                why = "; ".join(x for x in (yours(link), link.why) if x)
                html = badge_html(link.relation, css)
                if why:
                    html += f' <span style="color:{css["muted"]}">· {escape(why)}</span>'
                html = (f"<div style='margin-left:12px'>{html}<br>"
                        f"{words_html(passage, words, css)}</div>")
                plain = f"{relation_label(link.relation)}: {why}. {passage}"
                group.passages.append(Passage(other, link.start, link.end, link.relation,
                                              html, plain))
            groups.append(group)
        self.model.set_groups(groups)
        self.tree.expandAll()
        first = self.model.first_passage()
        if first.isValid():
            self.tree.setCurrentIndex(first)

    # -- slots ----------------------------------------------------------------------------------
    def on_item_activated(self, index) -> None:
        target = index.data(TARGET_ROLE)
        if target:
            self.passage_activated.emit(*target)

    def current_passage(self) -> tuple[str, int, int] | None:
        return self.tree.currentIndex().data(TARGET_ROLE)

    def on_verdict(self, action: str) -> None:
        target = self.current_passage()
        if target and action == "relabel":
            self.relabel_requested.emit(target)
        elif target:
            self.link_action.emit(action, target)

    def on_context_menu(self, pos) -> None:
        index = self.tree.indexAt(pos)
        if not index.data(TARGET_ROLE):
            return
        self.tree.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction("&Open the Passage", lambda: self.on_item_activated(index))
        menu.addSeparator()
        for action, text, key in LINK_ACTIONS:
            menu.addAction(f"{text}\t{chr(key.value)}", lambda a=action: self.on_verdict(a))
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _update_buttons(self, *_) -> None:
        on = bool(self.current_passage())
        for button in self.action_buttons.values():
            button.setEnabled(on)
