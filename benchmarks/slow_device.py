"""The slow device, for `make bench`: every activity on one core, at the render scale the
slow-device rule (domain/render_scale.py) would choose on a kiosk several times slower.

A Raspberry Pi 4's core does about a fifth of the work of one of this machine's
(SLOW_DEVICE_FACTOR, an estimate; the Pi 5 about a third). Each activity is played by its
bot on one core of this machine at scale 1; its frame times, multiplied by the factor,
are given to the rule as a slow device's would be. Where the rule lowers the scale, the
activity is played again at the lower scale and judged again, until the rule keeps the
scale. The table gives the scale chosen and the frame times measured here at it.

Run in a process of its own (pinning the benchmark's own process would slow what follows).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

#: How many times longer a Raspberry Pi 4-class core takes for the same frame (estimate).
SLOW_DEVICE_FACTOR = 5.0
FRAMES = 600  # 10 s of bot play per activity and scale (the rule judges 3 s at a time)


def slow_device_table() -> None:
    """Print the one-core table (in a child process pinned to one core)."""
    print(
        f"Slow device: one core, render scale chosen by the slow-device rule for frames "
        f"{SLOW_DEVICE_FACTOR:g}x as long as here ({FRAMES} frames at 1920x1080, alerting):"
    )
    sys.stdout.flush()
    subprocess.run([sys.executable, __file__], check=True, cwd=Path(__file__).parent)


def pinned_run() -> None:
    """The table itself: this process on its first allowed core."""
    from run import alerting_app, benched_levels, bot_frames, percentiles_ms

    from sensory_games.activities import REGISTRY
    from sensory_games.domain.clock import VirtualClock
    from sensory_games.domain.render_scale import RenderScale
    from sensory_games.engine.scenes.activity_menu import ActivityMenuScene

    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    with tempfile.TemporaryDirectory() as folder:
        clock = VirtualClock()
        app, repository = alerting_app(Path(folder), clock)
        for slug in REGISTRY:
            for name, level, skill in benched_levels(app, slug):
                scale, times = 1.0, []
                while True:
                    app.render_scale.value = scale
                    times = bot_frames(app, clock, slug, level, skill, FRAMES)
                    app.stack.pop_to(ActivityMenuScene)
                    rule = RenderScale(0.0)
                    rule.value = scale
                    for index, frame_s in enumerate(times):
                        rule.notice(frame_s * SLOW_DEVICE_FACTOR, index * app.step_s)
                    if rule.value == scale:
                        break
                    scale = rule.value
                print(f"  {name:<22} scale {scale:4.2f}  {percentiles_ms(times)}", flush=True)
        app.quit()
        repository.close()


if __name__ == "__main__":
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    pinned_run()
