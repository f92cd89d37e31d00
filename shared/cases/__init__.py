"""Sanctions-and-compensation cases (SOP 004): from a low rating to a visitor served again."""
