"""The window room, the top floor of reader.ui: the main window (it builds the widgets, lays
them out and wires every signal in ``_connect_signals``), the objects its slots live on
(navigation: where the reader is; search_slots, claim_slots, work_slots, highlight_slots,
library_slots: which library is open), its commands and menus (actions), its persisted state
(window_state: the window's, each library's, the recent libraries), the back/forward history,
the progress line and the shortcut sheet. It may import every room below it; nothing below
imports it."""
