"""Writes: the only package that commits (seed, feedback, moderation, imports, audit)."""
