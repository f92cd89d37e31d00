"""An office and its setup: services, counters, staff, devices, display profiles, the audit log and
data retention."""
