"""The desktop window (PySide6). ``reader/app.py`` builds it; one widget per module.

The modules live in rooms, one sub-package each, from the top floor down; a module imports
only from its own room and the rooms below it (tests/ui/test_ui_layers.py checks this):

- window: main_window (layout, and every signal wired in one place), the objects its slots
  live on (navigation, search_slots, claim_slots, work_slots, highlight_slots, library_slots),
  actions (commands and menus), window_state (QSettings), history, progress, shortcut_sheet.
- dialogs: export_dialog, highlight_editor, colour_labels.
- panels: library_panel (+ library_model), search_box, search_panel (+ search_model),
  links_panel (+ links_model), highlights_panel (+ highlights_model), html_delegate,
  import_problems, drop_target (the start pages).
- reading: pane (the reading pane: document view, overview, find bar, summary, legend),
  document_view (+ doc_render: the QTextDocument and its offset map), overview, find_bar,
  marks (the highlights a document shows), hits, compare_view (+ link_strip), linkindex
  (plain Python).
- work: worker (the one generator worker and the job queues), tasks (the library operations
  queued on the write queue, their generators in jobs), highlight_tasks (highlights, labels
  and link verdicts, on the quick queue). No widgets.

theme and compat sit on the ground floor, beside the rooms: every room may import them.
"""
