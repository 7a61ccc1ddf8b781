"""Calming activities: the breathing guide (more calming scenes come as variants)."""

from sensory_games.activities.calming.activity import CalmingActivity

__all__ = ["CalmingActivity"]
