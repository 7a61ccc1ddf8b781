"""The adult menu's Export: the child's log written to the export folder from the tablet."""

from __future__ import annotations

import csv
import errno
import json
import os
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pygame
import pytest
from helpers import run_frames, tap_rect
from records import fill_device

from sensory_games.activities import showing
from sensory_games.domain.config import ExportConfig
from sensory_games.engine.scenes.adult_menu import ENTRY_COUNT, AdultMenuScene, menu_rects
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.services.session_export import export_child, folder_name
from sensory_games.ui.screen import ScreenMetrics


def press_export(app, clock) -> AdultMenuScene:
    menu = AdultMenuScene(app.stage)
    app.push(menu)
    export = app.stage.clinic_words.tr("Export")  # (the button in the clinic's language)
    [button] = [b for b in menu.menu if b.label == export]
    tap_rect(app, clock, button.rect)
    run_frames(app, clock, 0.2)
    return menu


def test_export_writes_the_childs_log_and_says_where(config, clock, repository) -> None:
    from sensory_games.engine.app import App

    mia = fill_device(repository, "Mia")
    fill_device(repository, "Noor", day=1)
    clinic = replace(config, export=ExportConfig("point", "comma", "UTC"))  # (nothing guessed)
    app = App(clinic, repository, clock, window_size=(1280, 800), headless=True)
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(mia)
    menu = press_export(app, clock)
    [folder] = (repository.data_dir / "exports").iterdir()
    assert folder.name.endswith("-Mia")
    names = {p.name for p in folder.iterdir()}
    assert names == {
        "attempts.csv",
        "attempts-excel.csv",
        "attempts.json",
        "check-ins.csv",
        "report.pdf",
    }
    rows = list(csv.DictReader((folder / "attempts.csv").open(encoding="utf-8", newline="")))
    assert {r["profile"] for r in rows} == {"Mia"} and len(rows) == 4
    excel = (folder / "attempts-excel.csv").read_bytes()  # (this machine's locale and zone)
    assert excel.startswith(b"\xef\xbb\xbfattempt_id") and b"started_at_local" in excel
    document = json.loads((folder / "attempts.json").read_text(encoding="utf-8"))
    assert [p["profile"] for p in document["profiles"]] == ["Mia"]
    assert menu.notes == [
        f"4 attempts exported to {folder} "
        "(attempts.csv, attempts-excel.csv, attempts.json, check-ins.csv, report.pdf)"
    ]
    [entry] = repository.audit_entries()
    assert (entry.action, entry.profile_alias, entry.detail) == ("export", "Mia", menu.notes[0])


def test_the_guest_exports_everyone_to_the_configured_folder(
    config, repository, clock, tmp_path
) -> None:
    from sensory_games.engine.app import App

    fill_device(repository, "Mia")
    target = tmp_path / "usb-stick"
    target.mkdir()  # (the stick is in: a clinic's folder is never made)
    app = App(
        replace(config, export_dir=str(target)),
        repository,
        clock,
        window_size=(800, 600),
        headless=True,
    )
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    menu = press_export(app, clock)
    [folder] = target.iterdir()
    assert folder.name.endswith("-everyone")
    assert "report.pdf" not in {p.name for p in folder.iterdir()}
    assert menu.notes[0].startswith("5 attempts exported to")


def test_a_failed_export_is_said_in_the_menu_and_nothing_breaks(
    config, repository, clock, tmp_path
) -> None:
    from sensory_games.engine.app import App

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the export folder should be")
    app = App(replace(config, export_dir=str(blocked)), repository, clock, headless=True)
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    menu = press_export(app, clock)
    assert menu.notes[0] == (
        f"The export failed: {blocked} is not a folder (a file has its name): choose another"
        " export folder (storage.export_dir in app.yaml)"
    )
    assert isinstance(app.top, AdultMenuScene)
    [entry] = repository.audit_entries()  # (the audit list shows it failed, and why)
    assert (entry.action, entry.profile_alias) == ("export failed", "Guest")
    assert "not-a-folder" in entry.detail and entry.detail in menu.notes[0]


def test_a_failed_export_is_audited_in_english_in_any_clinic_language(
    config, repository, clock, tmp_path
) -> None:
    from sensory_games.engine.app import App

    fill_device(repository, "Mia")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the export folder should be")
    spanish = replace(config, export_dir=str(blocked), language="es")
    app = App(spanish, repository, clock, headless=True)
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.profile_by_alias("Mia"))
    menu = press_export(app, clock)
    assert menu.notes[0].startswith(f"La exportación falló: {blocked} no es una carpeta")
    [entry] = repository.audit_entries()
    assert (entry.action, entry.profile_alias) == ("export failed", "Mia")
    assert "not-a-folder" in entry.detail and not entry.detail.startswith("La")


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.ENOTDIR, "/media/usb is not a folder"),
        (errno.ENOENT, "/media/usb is not there (a USB stick taken out?)"),
        (errno.EACCES, "this app may not write in /media/usb"),
        (errno.EROFS, "this app may not write in /media/usb"),
        (errno.EPERM, "this app may not write in /media/usb"),
    ],
)
def test_why_an_export_failed_is_said_in_words_a_clinic_can_act_on(number, words) -> None:
    from sensory_games.services.session_export import why_it_failed

    error = OSError(number, os.strerror(number), "/media/usb/20261207-0930-Mia/attempts.csv")
    assert str(why_it_failed(error, Path("/media/usb"))).startswith(words)
    other = OSError(errno.EIO, "Input/output error")
    assert why_it_failed(other, Path("/media/usb")) is other  # (said as the system says it)
    elsewhere = OSError(number, os.strerror(number), "/home/clinic/.cache/fontlist.json")
    if number != errno.ENOSPC:  # (a font or a cache elsewhere is not the export folder)
        assert why_it_failed(elsewhere, Path("/media/usb")) is elsewhere


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("Mia", "20261128-0930-Mia"),
        ("Zoë O'Neil", "20261128-0930-Zoë_O_Neil"),
        ("../../etc", "20261128-0930-etc"),
        ("///", "20261128-0930-child"),
        (None, "20261128-0930-everyone"),
    ],
)
def test_the_folder_name_is_safe_whatever_the_alias(alias, name) -> None:
    assert folder_name(alias, datetime(2026, 11, 28, 9, 30, tzinfo=timezone.utc)) == name


@pytest.mark.parametrize(
    "metrics",
    [
        ScreenMetrics(800, 480, 800 / 154),  # a 7-inch kiosk panel: 154 mm wide
        ScreenMetrics(1280, 800, 5.94),  # a 10-inch tablet
        ScreenMetrics(1200, 1920, 8.9),  # portrait
    ],
)
def test_all_adult_buttons_fit_on_the_screen(metrics: ScreenMetrics) -> None:
    screen = pygame.Rect((0, 0), metrics.size_px)
    rects = menu_rects(metrics)
    assert len(rects) == ENTRY_COUNT == 7
    assert all(screen.contains(r) for r in rects)
    assert all(a.collidelist(rects[i + 1 :]) == -1 for i, a in enumerate(rects))
    assert min(r.h for r in rects) >= metrics.px(12)  # still big targets
    bottom = max(r.bottom for r in rects)
    assert screen.bottom - bottom >= metrics.px(14)  # room for two lines of notes


def test_export_child_directly(repository, tmp_path) -> None:
    mia = fill_device(repository, "Mia")
    when = datetime(2026, 11, 28, tzinfo=timezone.utc)
    done = export_child(repository, mia, tmp_path, when, showing())
    assert done.attempts == 4 and done.folder.parent == tmp_path


def test_the_excel_copy_follows_the_clinics_export_settings(config, clock, repository) -> None:
    """Swiss German Excel: point decimals, ';' between cells, Zurich time; no note."""
    from sensory_games.engine.app import App

    mia = fill_device(repository, "Mia")
    swiss = ExportConfig(
        decimal_mark="point", list_separator="semicolon", time_zone="Europe/Zurich"
    )
    app = App(replace(config, export=swiss), repository, clock, headless=True)
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(mia)
    menu = press_export(app, clock)
    [folder] = (repository.data_dir / "exports").iterdir()
    text = (folder / "attempts-excel.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines(), delimiter=";"))
    assert len(rows) == 4 and rows[0]["local_zone"] == "Europe/Zurich"
    assert "." in rows[0]["accuracy"] and "," not in rows[0]["accuracy"]
    assert len(menu.notes) == 1


def test_a_kiosk_in_the_c_locale_says_the_excel_copy_guessed(
    config, clock, repository, monkeypatch
) -> None:
    """systemd/cage start a kiosk in C.UTF-8: the copy has points, and the menu says so
    and where to choose, under the export's own line (which alone goes on the audit list)."""
    from sensory_games.engine.app import App

    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    mia = fill_device(repository, "Mia")
    app = App(config, repository, clock, headless=True)  # (export: auto, as shipped)
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(mia)
    menu = press_export(app, clock)
    first, note = menu.notes
    assert first.startswith("4 attempts exported to")
    assert "point decimals and ',' between cells" in note and "C.UTF-8" in note
    assert "export.decimal_mark" in note and "app.yaml" in note
    [entry] = repository.audit_entries()
    assert entry.detail == first


def test_an_export_onto_a_full_stick_keeps_nothing_and_says_what_to_do(
    repository, tmp_path, monkeypatch
) -> None:
    """The stick fills while the JSON is written: the CSV files already there are removed
    with the folder, so the stick never holds half an export that looks whole, and the
    adult reads why in the clinic's words (a full disk, and what to do)."""
    import errno

    from sensory_games.domain.language import words
    from sensory_games.domain.sentence import render
    from sensory_games.services import session_export
    from sensory_games.services.session_export import ExportFailed

    mia = fill_device(repository, "Mia")
    when = datetime(2026, 11, 28, 9, 30, tzinfo=timezone.utc)
    stick = tmp_path / "stick"
    stick.mkdir()
    real_export = session_export.write_export

    def filling(source, fmt, out, *args, **kwargs):  # type: ignore[no-untyped-def]
        if fmt == "json":
            raise OSError(errno.ENOSPC, "No space left on device", str(out))
        return real_export(source, fmt, out, *args, **kwargs)

    monkeypatch.setattr(session_export, "write_export", filling)
    with pytest.raises(ExportFailed) as failed:
        export_child(repository, mia, stick, when, showing())
    assert list(stick.iterdir()) == []  # (attempts.csv and the Excel copy: gone)
    english = render(failed.value, words("en"))
    assert english.startswith("the disk is full: free some space or choose another export")
    assert english.endswith(f"; nothing of it was kept in {stick / folder_name('Mia', when)}")
    assert "el disco está lleno" in render(failed.value, words("es"))

    earlier = stick / folder_name("Mia", when)  # (an export of the same minute: kept)
    earlier.mkdir()
    (earlier / "attempts.csv").write_text("the earlier export")
    with pytest.raises(ExportFailed) as again:
        export_child(repository, mia, stick, when, showing())
    assert earlier.is_dir() and "nothing of it was kept" not in str(again.value)
    assert str(again.value).startswith("the disk is full")


@pytest.mark.parametrize("kind", ["missing", "a link to a folder gone", "a file"])
def test_a_clinic_export_folder_that_is_not_there_is_never_made(
    repository, tmp_path, kind: str
) -> None:
    """storage.export_dir outside the data folder (a stick, a share) that is not there is
    said so, and nothing is made: a stick taken out must not have the children's files
    written to this device's own disk under a success note."""
    from sensory_games.services.session_export import ExportFailed

    mia = fill_device(repository, "Mia")
    when = datetime(2026, 11, 28, 9, 30, tzinfo=timezone.utc)
    mount = tmp_path / "media"
    mount.mkdir()
    stick = mount / "usb-stick" / "exports"
    if kind == "a link to a folder gone":
        stick.parent.mkdir()
        stick.symlink_to(tmp_path / "unmounted-share")
    elif kind == "a file":
        stick.parent.mkdir()
        stick.write_text("not a folder")
    with pytest.raises(ExportFailed) as failed:
        export_child(repository, mia, stick, when, showing())
    said = "is not a folder" if kind == "a file" else "is not there (a USB stick taken out?)"
    assert str(failed.value).startswith(f"{stick} {said}"), str(failed.value)
    assert sorted(p.name for p in mount.rglob("*")) == sorted(
        [] if kind == "missing" else ["usb-stick", "exports"]
    )


def test_the_data_folders_exports_folder_is_made_when_first_needed(repository) -> None:
    mia = fill_device(repository, "Mia")
    when = datetime(2026, 11, 28, 9, 30, tzinfo=timezone.utc)
    exports = repository.data_dir / "exports"
    assert not exports.exists()
    assert export_child(repository, mia, exports, when, showing()).folder.parent == exports


def test_only_the_data_folders_exports_folder_is_made_however_it_is_written(tmp_path) -> None:
    """Compared as folders, not as text: "data/../stick" is outside the data folder (a
    stick: never made), "link/exports" through a link to the data folder is its exports/
    (made when first needed)."""
    from sensory_games.services.session_export import _missing_export_folder

    data = tmp_path / "data"
    data.mkdir()
    assert _missing_export_folder(data / ".." / "stick", data) is not None
    assert _missing_export_folder(data / "stick", data) is not None  # (not the default)
    (tmp_path / "link").symlink_to(data)
    assert _missing_export_folder(tmp_path / "link" / "exports", data) is None
    assert _missing_export_folder(data / "exports", data) is None


def test_the_outbox_never_makes_a_missing_export_folder(tmp_path) -> None:
    """A fallback file goes to the export folder only when it is there (a stick out: the
    data folder, then a private temporary folder)."""
    from sensory_games.services.outbox import fallback_folders

    data, stick = tmp_path / "data", tmp_path / "stick"
    assert stick not in fallback_folders(data, stick)
    stick.mkdir()
    assert fallback_folders(data, stick)[:2] == [data, stick]
