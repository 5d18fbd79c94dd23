"""The work room, the bottom floor of reader.ui: the generator worker and its job queues
(worker), the library operations on the serial write queue (tasks, with their generators in
jobs) and the highlight writes on the quick queue (highlight_tasks). No widgets; it imports
only reader.core (and the ground floor, theme and compat)."""
