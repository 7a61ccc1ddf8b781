"""Calming activities: the breathing guide, the glitter jar, drifting bubbles and a
colour wash, each a scene (variant) of one activity."""

from sensory_games.activities.calming.activity import CalmingActivity

__all__ = ["CalmingActivity"]
