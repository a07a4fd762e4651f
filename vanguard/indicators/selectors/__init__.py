"""Reads of the indicators app for a user, a module per entity."""
