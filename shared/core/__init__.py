"""The core every room stands on: the database, domain events, errors, time, configuration."""
