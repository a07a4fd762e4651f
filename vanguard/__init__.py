"""Vanguard (先锋): themed practice activities of an enterprise party organisation."""
