"""The reading room: the open document and everything drawn on it. pane (the reading pane:
document view, overview strip, find bar, claims summary and legend), document_view
(+ doc_render: the QTextDocument and its offset map), marks, hits, overview, find_bar,
compare_view (+ link_strip), and linkindex (plain Python: a document's linked claims). They
may import work, never panels, dialogs or the window."""
