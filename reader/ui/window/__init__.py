"""The window room, the top floor of reader.ui: the main window (layout and the one place
its signals are wired), its slots (navigation, work_slots, highlight_slots), its commands
and menus (actions), its persisted state (window_state), the back/forward history, the
progress line and the shortcut sheet. It may import every room below it; nothing below
imports it."""
