"""Shared screen furniture: text, procedural art, buttons, tile grids, the calm button."""
