"""The check-in scales a clinic can choose (five faces, four-colour zones, three faces):
the faces are distinct pictures, which scale a child is asked on, each check-in stored
with its scale (the screen, the log, an old log's migration, exports, merges), the
report's chart on one scale, and the profile's language, voice and check_in_scale kept
by the log, merges and bundles."""

from __future__ import annotations

import itertools
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pygame
import pytest
import yaml
from helpers import on_the_menu, run_frames, tap_rect
from records import at

from sensory_games.domain.check_in import (
    FACES,
    SCALES,
    THREE_FACES,
    ZONES,
    CheckIn,
    before_after_pairs,
    scale_for,
)
from sensory_games.domain.intensity import PRESETS, SensoryProfile
from sensory_games.domain.language import words
from sensory_games.domain.records import RecordError, check_document
from sensory_games.engine.app import App
from sensory_games.engine.scenes.check_in import CHOSEN_PAUSE_S, CheckInScene
from sensory_games.services.bundle import import_bundle, read_bundle, write_bundle
from sensory_games.services.export import check_ins_csv_text, json_document
from sensory_games.services.merge import merge
from sensory_games.services.report.check_in_chart import check_in_chart
from sensory_games.services.report.layout import new_document, new_page, page_texts
from sensory_games.storage import Repository
from sensory_games.storage.migrations import LATEST_VERSION, MIGRATIONS
from sensory_games.storage.opening import DATABASE_NAME
from sensory_games.ui.check_in_faces import face_colours, face_surface
from sensory_games.ui.pictures import picture

PALETTE = SensoryProfile(PRESETS["balanced"]).palette
#: A face is this many px square when two are compared.
SIDE = 96
#: Two faces differ "a lot" when at least this share of what is drawn on them differs.
DISTINCT_SHARE = 0.4


def pixels(feeling, colours_of) -> np.ndarray:
    """The face of `feeling` drawn SIDE px square in the colours of `colours_of`."""
    palette = PALETTE
    drawn = picture(feeling.picture, (SIDE, SIDE), face_colours(colours_of, palette))
    assert drawn is not None, f"{feeling.picture}.svg could not be drawn"
    return pygame.surfarray.pixels3d(drawn).astype(int).copy()


def share_differing(a: np.ndarray, b: np.ndarray, fill: tuple[int, int, int]) -> float:
    """Of what is drawn on the face (the pixels inside the face's edge that are not its
    `fill` colour in one picture or the other: eyes, brows, mouth, tears...), the share
    whose colour differs between the two pictures (by more than 40 in some channel)."""
    x, y = np.mgrid[0:SIDE, 0:SIDE]
    inside = np.hypot(x - SIDE / 2, y - SIDE / 2) < 0.4 * SIDE
    drawn = inside & ((np.abs(a - fill).max(axis=2) > 40) | (np.abs(b - fill).max(axis=2) > 40))
    return float(np.mean(np.abs(a - b).max(axis=2)[drawn] > 40))


# -- the pictures ------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", list(SCALES.values()), ids=list(SCALES))
def test_no_two_faces_of_a_scale_are_alike_even_in_one_colour(scale) -> None:
    """Every face of a scale drawn in the same colour (the first point's): the expressions
    alone tell them apart, for a child who cannot tell the colours apart."""
    same = scale.points[0]
    fill = face_colours(same, PALETTE)["accent"]
    faces = {p.words: pixels(p, same) for p in scale.points}
    assert share_differing(faces[same.words], pixels(same, same), fill) == 0.0  # (the measure)
    for (a, face_a), (b, face_b) in itertools.combinations(faces.items(), 2):
        share = share_differing(face_a, face_b, fill)
        assert share >= DISTINCT_SHARE, f"{a!r} looks like {b!r}"


def test_the_five_faces_are_five_different_pictures_and_colours() -> None:
    assert len({p.picture for p in FACES.points}) == 5
    palette = PALETTE
    assert len({face_colours(p, palette)["accent"] for p in FACES.points}) == 5


def test_the_zones_are_blue_green_yellow_and_red_in_the_palettes_colours() -> None:
    palette = PALETTE
    fills = [face_colours(p, palette)["accent"] for p in ZONES.points]
    assert fills[0] == palette.accents[0] and fills[1] == palette.accents[1]  # blue, green
    assert fills[2] == palette.accents[2]  # yellow
    r, g, b = fills[3]
    assert r > g and r > b  # the red blended from the orange and pink accents


def test_a_missing_picture_is_drawn_as_a_disc_of_the_points_colour() -> None:
    palette = PALETTE
    lost = replace(FACES.points[0], picture="checkin-not-there")
    surface = face_surface(lost, SIDE, palette)
    assert surface.get_at((SIDE // 2, SIDE // 2))[:3] == palette.accents[0]
    assert surface.get_at((1, 1))[3] == 0  # (the corners stay clear)


# -- which scale -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clinic", "child", "band", "scale"),
    [
        ("auto", "", "3-5", "three_faces"),
        ("auto", "", "6-8", "faces"),
        ("auto", "", "13+", "faces"),
        ("zones", "", "3-5", "zones"),
        ("faces", "three_faces", "9-12", "three_faces"),
        ("zones", "auto", "3-5", "three_faces"),
    ],
)
def test_the_childs_own_scale_else_the_clinics_auto_by_age(clinic, child, band, scale) -> None:
    assert scale_for(clinic, child, band).name == scale


def test_an_unknown_scale_is_named() -> None:
    with pytest.raises(ValueError, match=r"'stars' is not one of auto, faces, zones, three_faces"):
        scale_for("stars", "", "6-8")


@pytest.mark.parametrize(("scale", "most"), [(FACES, 5), (ZONES, 4), (THREE_FACES, 3)])
def test_a_check_in_takes_only_its_own_scales_values(scale, most) -> None:
    assert CheckIn("s", "p", "before", most, at(0), 1.0, scale=scale.name).feeling == most
    with pytest.raises(ValueError, match=rf"feeling {most + 1} is outside 1..{most}"):
        CheckIn("s", "p", "before", most + 1, at(0), 1.0, scale=scale.name)


# -- the screen and the log ----------------------------------------------------------------


def check_in_app(make_app, repository, scale: str, band: str, size=(1280, 800)):
    """A child of `band` on their menu, the clinic's scale `scale`; the calm's check-in."""
    app = make_app(size)
    app.config = app.stage.config = app.child.config = replace(app.config, check_in_scale=scale)
    on_the_menu(app, repository)
    child = repository.add_profile(alias="Noor", animal="owl", colour=1, age_band=band)
    app.stage.start_session(child)
    app.push(app.stage.calm_screen())
    assert isinstance(app.top, CheckInScene)
    return app


@pytest.mark.parametrize(
    ("scale", "band", "points"),
    [("auto", "3-5", THREE_FACES), ("auto", "9-12", FACES), ("zones", "6-8", ZONES)],
)
def test_each_scale_is_shown_and_stores_its_name_with_the_value(
    make_app, repository, clock, scale, band, points
) -> None:
    app = check_in_app(make_app, repository, scale, band)
    scene = app.top
    assert [b.label for b in scene.faces] == [p.words for p in points.points]
    assert all(b.show_label for b in scene.faces)  # (the word under it, for the adult)
    tap_rect(app, clock, scene.faces[1].rect)
    run_frames(app, clock, CHOSEN_PAUSE_S + 0.2)
    [stored] = list(repository.check_ins())
    assert (stored.scale, stored.feeling) == (points.name, 2)


def test_the_childs_language_words_and_right_to_left_order(make_app, repository, clock) -> None:
    app = check_in_app(make_app, repository, "zones", "6-8")
    noor = replace(repository.profile_by_alias("Noor"), language="ar")
    app.stage.start_session(repository.update_profile(noor))
    scene = CheckInScene(app.stage, "before", lambda _: None)
    assert scene.faces[0].label == "أزرق: متعب"
    lefts = [b.rect.left for b in scene.faces]
    assert lefts == sorted(lefts, reverse=True)  # the first point on the right


@pytest.mark.parametrize("screen", [(800, 480, 130), (1280, 800, 220), (1920, 1200, 300)])
def test_a_chinese_zone_label_breaks_after_its_colon_never_inside_a_word(
    config, repository, clock, screen
) -> None:
    """ "绿色：准备好了" ("green: ready") is shown on one line or as "绿色：" / "准备好了",
    never "绿色：准备好" / "了" (a word cut, its last character alone)."""
    width, height, dpi = screen
    display = replace(config.display, dpi=float(dpi))
    app = App(
        replace(config, display=display, check_in_scale="zones"),
        repository,
        clock,
        window_size=(width, height),
        headless=True,
    )
    on_the_menu(app, repository)
    noor = repository.add_profile(alias="Noor", animal="owl", colour=1, language="zh")
    app.stage.start_session(noor)
    scene = CheckInScene(app.stage, "before", lambda _: None)
    for face in scene.faces:
        _size, lines = face.label_lines(app.metrics)
        colour, feeling = face.label.split("：")
        assert lines in ((face.label,), (f"{colour}：", feeling)), lines


# -- storage: the migration, the exports -------------------------------------------------------


def build_version_11_log(data_dir: Path) -> None:
    """A log as the app before scales left it: one child, one session, one check-in."""
    data_dir.mkdir(parents=True)
    connection = sqlite3.connect(data_dir / DATABASE_NAME, isolation_level=None)
    try:
        for statement in (s for step in MIGRATIONS[:11] for s in step):
            statement(connection) if callable(statement) else connection.execute(statement)
        connection.execute(
            "INSERT INTO meta (key, value) VALUES ('device_id', 'old-device'),"
            " ('created_at', '2026-06-01T00:00:00.000Z')"
        )
        connection.execute(
            "INSERT INTO profiles (id, device_id, alias, alias_key, animal, colour, age_band,"
            " dominant_hand, intensity_preset, intensity_json, created_at) VALUES ('p',"
            " 'old-device', 'Old', 'old', 'cat', 0, '3-5', 'left', 'calm', ?,"
            " '2026-06-01T00:00:00.000Z')",
            (json.dumps(PRESETS["calm"].as_dict()),),
        )
        connection.execute(
            "INSERT INTO sessions VALUES ('s', 'old-device', 'p', '2026-06-01T00:00:00.000Z', NULL)"
        )
        connection.execute(
            "INSERT INTO check_ins VALUES ('c', 'old-device', 's', 'p', NULL, 'session_start',"
            " 4, '2026-06-01T00:00:10.000Z', 2.0)"
        )
        connection.execute("PRAGMA user_version = 11")
    finally:
        connection.close()


def test_an_old_logs_check_ins_read_as_the_five_faces_and_its_profiles_as_before(
    data_dir: Path,
) -> None:
    build_version_11_log(data_dir)
    repository = Repository(data_dir)
    try:
        assert repository.connection.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        [check_in] = repository.check_ins()
        assert (check_in.scale, check_in.feeling) == ("faces", 4)  # "happy", not "okay"
        old = repository.profile_by_alias("Old")
        assert (old.language, old.voice, old.check_in_scale) == ("", True, "")
    finally:
        repository.close()


@pytest.fixture
def mixed_log(repository: Repository):
    """Noor (zones, Arabic, no voice) with a session's red -> yellow, then Ben's on the
    faces (worried -> calm)."""
    noor = repository.add_profile(
        alias="Noor", age_band="9-12", language="ar", voice=False, check_in_scale="zones"
    )
    ben = repository.add_profile(alias="Ben", age_band="6-8")
    for start, child, scale, values in ((0, noor, "zones", (4, 3)), (10, ben, "faces", (2, 5))):
        session = repository.start_session(child.id, at(start))
        for minutes, moment in enumerate(("session_start", "session_end")):
            repository.save_check_in(
                CheckIn(
                    session,
                    child.id,
                    moment,
                    values[minutes],
                    at(start + minutes),
                    1.0,
                    scale=scale,
                )
            )
    return repository


def test_the_exports_carry_each_check_ins_scale_and_words(mixed_log: Repository) -> None:
    document = json_document(mixed_log)
    by_alias = {p["profile"]: p for p in document["profiles"]}
    noor = by_alias["Noor"]
    assert (noor["language"], noor["voice"], noor["check_in_scale"]) == ("ar", False, "zones")
    zones = noor["sessions"][0]["check_ins"]
    assert [(c["scale"], c["feeling"], c["feeling_words"]) for c in zones] == [
        ("zones", 4, "red: stormy (4)"),
        ("zones", 3, "yellow: wound up (3)"),
    ]
    header, *rows = check_ins_csv_text(mixed_log.check_ins()).splitlines()
    columns = header.split(",")
    scales = sorted(dict(zip(columns, row.split(","), strict=True))["scale"] for row in rows)
    assert scales == ["faces", "faces", "zones", "zones"]


def test_a_zones_pair_changes_by_how_far_from_green_and_scales_never_pair() -> None:
    def pair(scale: str, before: int, after: int) -> int | None:
        asked = [
            CheckIn("s", "p", "before", before, at(0), 1.0, "a", scale=scale),
            CheckIn("s", "p", "after", after, at(1), 1.0, "a", scale=scale),
        ]
        [only] = before_after_pairs(asked)
        return only.change

    assert [pair("zones", 4, 3), pair("zones", 1, 2), pair("zones", 2, 4)] == [1, 1, -2]
    assert pair("zones", 1, 3) == 0 and pair("faces", 2, 5) == 3
    apart = before_after_pairs(
        [
            CheckIn("s", "p", "before", 2, at(0), 1.0, "a", scale="zones"),
            CheckIn("s", "p", "after", 2, at(1), 1.0, "a", scale="faces"),
        ]
    )
    assert [(p.scale, p.before, p.after, p.change) for p in apart] == [
        ("zones", 2, None, None),
        ("faces", None, 2, None),
    ]


def test_the_reports_chart_shows_the_latest_scale_and_counts_the_others(
    mixed_log: Repository,
) -> None:
    pairs = before_after_pairs(mixed_log.check_ins())
    assert [p.scale for p in pairs] == ["zones", "faces"]  # (Noor's were asked first)
    said = words("en")
    page = new_page(new_document(""), said)
    check_in_chart(page, 1.0, 4.0, pairs, None, said)
    (chart,) = page.charts
    assert chart.y_labels == [f"{p.words} ({p.value})" for p in FACES.points]
    texts = " ".join(page_texts([page]))
    assert "1 pair on another scale not shown" in texts


# -- merges and bundles --------------------------------------------------------------------------


def test_scales_and_the_profiles_new_fields_merge_as_they_were(
    mixed_log: Repository, tmp_path: Path
) -> None:
    document = json_document(mixed_log)
    other = Repository(tmp_path / "other")
    try:
        merge(other, json.loads(json.dumps(document)), "clinic.json")
        assert json_document(other)["profiles"] == document["profiles"]
        noor = other.profile_by_alias("Noor")
        assert (noor.language, noor.voice, noor.check_in_scale) == ("ar", False, "zones")
    finally:
        other.close()


def test_an_export_from_before_scales_merges_as_the_five_faces(
    mixed_log: Repository, tmp_path: Path
) -> None:
    document = json_document(mixed_log)
    for profile in document["profiles"]:
        for key in ("language", "voice", "check_in_scale"):
            del profile[key]
        for session in profile["sessions"]:
            for check_in in session["check_ins"]:
                del check_in["scale"]
    other = Repository(tmp_path / "other")
    try:
        merge(other, document, "older.json")
        assert {c.scale for c in other.check_ins()} == {"faces"}
        noor = other.profile_by_alias("Noor")
        assert (noor.language, noor.voice, noor.check_in_scale) == ("", True, "")
    finally:
        other.close()


def test_a_value_beyond_its_scale_is_refused_by_name(mixed_log: Repository) -> None:
    document = json_document(mixed_log)
    noor = next(p for p in document["profiles"] if p["profile"] == "Noor")
    noor["sessions"][0]["check_ins"][0]["scale"] = "three_faces"  # its feeling is 4
    with pytest.raises(RecordError, match=r"check_ins\[0\]\.feeling = 4: must be 1..3 on the"):
        check_document(document)


def test_a_bundle_carries_the_childs_language_voice_and_scale(
    mixed_log: Repository, tmp_path: Path
) -> None:
    out = tmp_path / "noor.yaml"
    write_bundle(mixed_log, "Noor", out)
    other = Repository(tmp_path / "family")
    try:
        import_bundle(other, read_bundle(out, {"calming": 10}))
        noor = other.profile_by_alias("Noor")
        assert (noor.language, noor.voice, noor.check_in_scale) == ("ar", False, "zones")
        older = yaml.safe_load(out.read_text(encoding="utf-8"))
        for key in ("language", "voice", "check_in_scale"):
            del older["profile"][key]
        older["profile"]["alias"] = "Noor-Older"
        older["profile"]["id"] = "5b1f0a3e-3a8e-4d50-9a55-0c6f1f0f4a11"
        (tmp_path / "older.yaml").write_text(yaml.safe_dump(older), encoding="utf-8")
        import_bundle(other, read_bundle(tmp_path / "older.yaml", {"calming": 10}))
        older_noor = other.profile_by_alias("Noor-Older")
        assert (older_noor.language, older_noor.voice, older_noor.check_in_scale) == ("", True, "")
    finally:
        other.close()


def test_the_profiles_new_fields_are_edited_and_kept(repository: Repository) -> None:
    child = repository.add_profile(alias="Lin", language="zh", check_in_scale="three_faces")
    assert (child.language, child.voice, child.check_in_scale) == ("zh", True, "three_faces")
    edited = repository.update_profile(replace(child, voice=False, check_in_scale="zones"))
    assert repository.profile_by_alias("Lin") == edited
    assert (edited.language, edited.voice, edited.check_in_scale) == ("zh", False, "zones")
