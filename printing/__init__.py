"""Ticket printing: ESC/POS layout, printer connections and status, the spooler and agent."""

import os
import tempfile

# Before any module here imports python-escpos: without a set folder it parses its
# capability file again into a new temporary folder in every process, and leaves it behind.
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", tempfile.gettempdir())
