"""Tracing: pre-writing strokes, shapes, letters and digits."""

from sensory_games.activities.tracing.activity import TracingActivity
from sensory_games.activities.tracing.bot import TracingBot

__all__ = ["TracingActivity", "TracingBot"]
