"""The panels room: the widgets around the reading, each with its model: library,
search (the toolbar's search box and the results), links, highlights, the HTML item
delegate they share, the import-problems dock and the start pages (drop_target). They may
import reading and work, never the window or a dialog."""
