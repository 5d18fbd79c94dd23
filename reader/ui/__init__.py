"""The desktop window (PySide6). ``reader/app.py`` builds it; one widget per module.

Widgets: main_window (layout, signal wiring; its slots in navigation and work_slots),
library_panel (+ library_model), search_box, search_panel (+ search_model), document_view
(+ doc_render: the QTextDocument and its offset map), overview, find_bar, links_panel
(+ links_model), highlights_panel (+ highlights_model), highlight_editor, colour_labels,
export_dialog, compare_view (+ link_strip), progress, import_problems, drop_target,
shortcut_sheet, html_delegate. Slots of the main window: navigation, work_slots,
highlight_slots.

Not widgets: worker (the one generator worker and the job queues), tasks (the library
operations queued on the write queue; highlight_tasks for highlights, labels and link
verdicts), jobs (their generators), actions (commands and menus),
theme, window_state (QSettings), history, linkindex and hits (plain Python), marks (the
highlights a document shows), compat.
"""
