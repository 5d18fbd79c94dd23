"""The dialogs room: modal windows over the main window (export, highlight editor, colour
labels). They may import panels, reading and work; the window opens them."""
