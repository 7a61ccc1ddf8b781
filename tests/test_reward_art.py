"""The team's art on the child's screens: avatars, Pip and the tiles come from the files,
and the reward shows how it went in the activity's own picture, never flashing."""

from __future__ import annotations

import pygame
import pytest
from helpers import on_the_menu

from sensory_games.activities import REGISTRY
from sensory_games.domain.intensity import preset
from sensory_games.domain.profile import ANIMALS
from sensory_games.engine.scenes.reward import RewardScene, reward_look
from sensory_games.ui import art, avatars, guide, pictures

INK, PAPER = (30, 40, 60), (240, 244, 248)


def _same(a: pygame.Surface, b: pygame.Surface) -> bool:
    return a.get_size() == b.get_size() and bytes(pygame.image.tobytes(a, "RGBA")) == bytes(
        pygame.image.tobytes(b, "RGBA")
    )


@pytest.mark.parametrize("animal", ANIMALS)
def test_every_avatar_is_its_file_in_the_childs_colour(animal: str) -> None:
    colour = (200, 120, 80)
    face = avatars.avatar(animal, colour, INK, 120)
    from_file = pictures.picture(f"avatar-{animal}", (120, 120), art.picture_colours(colour, INK))
    assert from_file is not None and face is from_file  # the file, not the fallback
    assert not _same(face, avatars.drawn_avatar(animal, colour, INK, 120))
    other = avatars.avatar(animal, (80, 120, 200), INK, 120)
    assert not _same(face, other)  # the child's colour paints it


def test_an_avatar_whose_file_is_missing_is_drawn_instead(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(pictures, "art_dir", lambda: tmp_path)
    pictures._svg_text.cache_clear()
    pictures._drawn.cache_clear()
    avatars.avatar.cache_clear()
    try:
        face = avatars.avatar("cat", (200, 120, 80), INK, 96)
        assert _same(face, avatars.drawn_avatar("cat", (200, 120, 80), INK, 96))
        assert "avatar-cat" in pictures.problems()
    finally:
        pictures._svg_text.cache_clear()
        pictures._drawn.cache_clear()
        avatars.avatar.cache_clear()


def test_every_activity_tile_shows_its_picture_and_pip() -> None:
    palette = preset_palette("balanced")
    for slug in REGISTRY:

        def refuse(surface, rect, palette, slug=slug):  # type: ignore[no-untyped-def]
            raise AssertionError(f"{slug}: the tile fell back to the drawn icon")

        surface = pygame.Surface((200, 200), pygame.SRCALPHA)
        guide.tile_face(slug, refuse)(surface, surface.get_rect(), palette)
        assert (art_dir_has := (pictures.art_dir() / f"tile-{slug}.svg").is_file()), slug
        corner = surface.subsurface(pygame.Rect(14, 120, 66, 66))  # Pip at the bottom left
        assert art_dir_has and pygame.mask.from_surface(corner).count() > 500, slug


def test_a_tile_without_its_file_falls_back_to_the_activitys_icon() -> None:
    drawn = []
    face = guide.tile_face("no_such_activity", lambda s, r, p: drawn.append(r))
    face(pygame.Surface((80, 80)), pygame.Rect(0, 0, 80, 80), preset_palette("calm"))
    assert drawn == [pygame.Rect(0, 0, 80, 80)]


def test_pip_has_every_pose_and_refuses_an_unknown_one() -> None:
    surface = pygame.Surface((90, 90), pygame.SRCALPHA)
    for pose in guide.POSES:
        surface.fill((0, 0, 0, 0))
        assert guide.draw_guide(surface, surface.get_rect(), preset_palette("calm"), pose)
        assert pygame.mask.from_surface(surface).count() > 1500, pose
    with pytest.raises(ValueError, match="Pip has no pose 'dance'"):
        guide.draw_guide(surface, surface.get_rect(), preset_palette("calm"), "dance")


def preset_palette(name: str):  # type: ignore[no-untyped-def]
    from sensory_games.domain.intensity import SensoryProfile

    return SensoryProfile(preset(name)).palette


def test_every_reward_picture_is_shipped_and_every_activity_has_one() -> None:
    for slug in REGISTRY:
        name, companion, accent = reward_look(slug)
        for file in (name, companion):
            assert pictures.picture(file, (64, 64)) is not None, file
        assert name != companion and 0 <= accent < 6, slug
    assert reward_look("tracing")[:2] == ("reward-star", "spark-star")
    assert reward_look("bilateral_drum")[:2] == ("reward-bilateral", "spark-note")
    assert reward_look("calming")[0] == "reward-calming"
    assert reward_look("bubbles")[0] == "reward-bubbles"
    assert reward_look("a_new_game")[0] == "reward-star"  # (a family with no picture: a star)
    assert "reward-a" not in pictures.problems()  # (an optional file: not a problem)


def test_the_reward_grows_with_how_it_went_and_every_child_gets_one(make_app) -> None:
    app = make_app((1280, 800))
    low = RewardScene(app.stage, 1, "tracing", 0.0)
    high = RewardScene(app.stage, 1, "tracing", 0.95)
    unscored = RewardScene(app.stage, 1, "tracing", None)
    assert low.side_px() < unscored.side_px() < high.side_px()
    assert (low.pose, high.pose) == ("wave", "cheer")
    assert 1 <= len(low.sparkles) < len(high.sparkles)
    widths = []
    for scene in (low, high):  # a picture on the screen for each, the low one smaller
        app.stack.replace(scene)
        app.clock.advance(1.0)
        app.request_redraw()
        app.frame()
        background = app.surface.get_at((1, 400))
        widths.append(sum(app.surface.get_at((x, 400)) != background for x in range(340, 940)))
    assert 0 < widths[0] < widths[1]


def test_the_reward_differs_by_activity(make_app) -> None:
    app = make_app((800, 480))
    shots = {}
    for slug in ("tracing", "bubbles", "bilateral_drum"):
        scene = RewardScene(app.stage, 1, slug, 0.8)
        app.stack.replace(scene)
        app.clock.advance(1.0)
        app.request_redraw()
        app.frame()
        shots[slug] = app.surface.copy()
    assert not _same(shots["tracing"], shots["bubbles"])
    assert not _same(shots["bubbles"], shots["bilateral_drum"])


def test_with_no_motion_nothing_of_the_reward_moves(make_app, clock) -> None:
    """Two frames while a companion is fully shown: the same with motion 0; with motion,
    it has floated up (the test can tell)."""
    app = make_app((800, 480))
    shots = {}
    for motion in (0.0, 1.0):
        app.stage.set_intensity(preset("calm").with_overrides({"motion": motion}), clock.now())
        reward = RewardScene(app.stage, 2, "bubbles", 0.9)
        reward.sparkles = [(0.2, 0.5, 0.0, 0)]  # (one companion, from the start)
        app.stack.replace(reward)
        frames = []
        for step_s in (0.55, 0.7):
            clock.advance(step_s)
            app.request_redraw()
            app.frame()
            frames.append(app.surface.copy())
        shots[motion] = _same(*frames)
    assert shots == {0.0: True, 1.0: False}


@pytest.mark.parametrize("name", ["calm", "balanced", "alerting"])
def test_pip_is_a_warm_yellow_from_the_palette_never_olive(name: str) -> None:
    """Pip's body turns from the palette's yellow towards its orange, at the yellow's own
    lightness and saturation; the edges are warm shades, not the yellow mixed with the
    blue-grey ink (which read olive at the balanced preset)."""
    import colorsys

    palette = preset_palette(name)
    yellow, orange = palette.accents[guide.GUIDE_ACCENT], palette.accents[guide.WARM_ACCENT]
    colours = guide.guide_colours(palette)

    def hls(colour: tuple[int, int, int]) -> tuple[float, float, float]:
        return colorsys.rgb_to_hls(*(c / 255 for c in colour))

    body, edge = hls(colours["accent"]), hls(colours["edge"])
    assert hls(orange)[0] < body[0] < hls(yellow)[0]  # (warmer than the yellow)
    assert body[1:] == pytest.approx(hls(yellow)[1:], abs=0.01)  # (the palette's own strength)
    assert hls(orange)[0] - 0.01 <= edge[0] < body[0]  # (a warm shade, no green in it)
    assert edge[1] < body[1] and edge[2] <= max(hls(a)[2] for a in palette.accents) + 0.01
    red, green, blue = colours["edge"]
    assert red > green > blue  # (brown-orange: the olive edge had green near red)


def test_the_drum_reward_is_centred_and_whole() -> None:
    """The drum (the picture's accent) sits on the picture's middle, and nothing of it is
    cut at the picture's edges."""
    accent = (200, 0, 0)
    drawn = pictures.picture("reward-bilateral", (400, 400), art.picture_colours(accent, INK))
    assert drawn is not None
    body = pygame.mask.from_threshold(drawn, (*accent, 255), (2, 2, 2, 255)).get_bounding_rects()
    drum = body[0].unionall(body[1:])
    assert abs(drum.centerx - 200) <= 4, drum  # (was 16 px left of the middle)
    ink = drawn.get_bounding_rect()
    assert ink.top > 0 and ink.bottom < 400 and ink.left > 0 and ink.right < 400, ink
    assert abs(ink.centerx - 200) <= 4, ink


class GlowSpy:
    """Notes where each glow step's gradient is worked out: "frame" (inside a frame) or
    "spare" (in the loop's spare time between frames)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from sensory_games.ui import gradients

        self.made: list[str] = []
        self.where = "frame"
        picture = gradients.glow_gradient_picture

        def spy(*args):  # type: ignore[no-untyped-def]
            self.made.append(self.where)
            return picture(*args)

        monkeypatch.setattr(gradients, "glow_gradient_picture", spy)

    def step(self, app, clock) -> None:  # type: ignore[no-untyped-def]
        """One frame, then the loop's spare time until no chore waits."""
        clock.advance(app.step_s)
        self.where = "frame"
        app.frame()
        self.where = "spare"
        while app.spare_time_chore():
            pass


def glowing_reward(app, clock, repository) -> RewardScene:  # type: ignore[no-untyped-def]
    """A reward on the menu, alerting (it glows)."""
    app.stage.set_intensity(preset("alerting"), clock.now())
    on_the_menu(app, repository)  # (the reward leaves for the menu under it)
    reward = RewardScene(app.stage, 2, "bubbles", 0.9)
    app.push(reward)
    assert reward.glow
    return reward


def test_each_glow_step_is_made_between_frames_and_the_frame_only_copies_it(
    make_app, clock, repository, monkeypatch
) -> None:
    """With the loop's spare time between frames, no frame of the reward works out a glow
    step's gradient (about 0.4 ms at 1920x1080): the step after the one shown is made in
    the spare time, for the rise and for the fall."""
    app = make_app((800, 480))
    spy = GlowSpy(monkeypatch)
    reward = glowing_reward(app, clock, repository)
    for _ in range(round(2 * reward.style.duration_s / app.step_s)):
        if reward is not app.top:
            break
        spy.step(app, clock)
    assert reward is not app.top  # (it ended by itself)
    # up 1..6, then down (each step not still kept from the rise): none in a frame
    assert "frame" not in spy.made and len(spy.made) >= 6


def test_after_a_live_preset_change_the_coming_glow_steps_are_made_ahead_again(
    make_app, clock, repository, monkeypatch
) -> None:
    app = make_app((800, 480))
    spy = GlowSpy(monkeypatch)
    reward = glowing_reward(app, clock, repository)
    while reward.age_s < 0.2:  # (rising)
        spy.step(app, clock)
    app.stage.set_intensity(preset("calm"), clock.now())  # (new colours, mid-rise)
    spy.step(app, clock)  # (this frame's step in the new colours: made in it)
    spy.made.clear()
    while reward is app.top:
        spy.step(app, clock)
    assert "frame" not in spy.made and spy.made


def test_a_reward_tapped_away_leaves_no_glow_drawing_behind(
    make_app, clock, repository, monkeypatch
) -> None:
    """A glow step queued to be made ahead but not yet made when the reward leaves makes
    nothing afterwards: the reward's drawings went as it left, and stay gone."""
    from sensory_games.ui import gradients

    app = make_app((800, 480))
    spy = GlowSpy(monkeypatch)
    reward = glowing_reward(app, clock, repository)
    while reward.age_s < 1.6:  # (into the fall)
        spy.step(app, clock)
    while not len(app.stage.spare_time):  # (frames with no spare time, until one queues)
        clock.advance(app.step_s)
        app.frame()
    app.stage.pop()  # (a tap after MIN_SHOW_S)
    assert reward is not app.top and gradients.glow_tile.cache_info().currsize == 0
    while app.spare_time_chore():
        pass
    assert gradients.glow_tile.cache_info().currsize == 0
