"""The desktop window (PySide6). ``reader/app.py`` builds it; one widget per module.

Widgets: main_window (layout, signal wiring; its slots in navigation and work_slots),
library_panel (+ library_model), search_box, search_panel (+ search_model), document_view
(+ doc_render: the QTextDocument and its offset map), overview, find_bar, links_panel
(+ links_model), compare_view (+ link_strip), progress, import_problems, drop_target,
shortcut_sheet, html_delegate.

Not widgets: worker (the one generator worker and the job queues), tasks (the library
operations queued on the write queue), jobs (their generators), actions (commands and menus),
theme, window_state (QSettings), history, linkindex and hits (plain Python), compat.
"""
