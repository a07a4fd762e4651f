"""Reads of the voices app for a user, one module per entity."""
