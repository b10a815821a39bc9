"""Reads: functions that build and run select()s; nothing here writes."""
