"""Excel and CSV of the indicator values (``core.exports``)."""
