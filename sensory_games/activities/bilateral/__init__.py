"""Two-handed (bilateral) coordination: both together, drum to the beat, hold and move,
mirror drawing. Each is its own activity with its own levels, in its own package here
(params.py, activity.py, view.py, bot.py, as every activity); this package holds only
what the four share: which hand is which (hands.py), the two targets' layout and the
activity base (two_handed.py), the shared parameters (params.py), hand colours, prints
and pads (view.py) and the bots' fingers (bot.py).
"""
