"""The ticket engine: issuing, calling and serving a ticket, its states, its number, the order
counters call in, and what the office's screens show of it."""
