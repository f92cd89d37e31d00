"""Supervision: breaches of the time standards raised live, and the supervisor's live view."""
