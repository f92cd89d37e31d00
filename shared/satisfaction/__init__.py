"""The satisfaction survey (SKM) and its index (IKM): the instrument, the responses, the reports
and the back office's daily check."""
