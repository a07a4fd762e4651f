"""Forms of the indicators app, a module per entity."""
