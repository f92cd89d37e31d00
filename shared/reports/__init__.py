"""The service reports: volumes, waits and service times per SOP step."""
