"""`config show` and `config path`: where the clinic's configuration folder is, and what
it sets over the defaults shipped in the package (docs/config.md)."""

from __future__ import annotations

import argparse

from sensory_games.activities import REGISTRY, load_activity_levels
from sensory_games.cli.clinic_language import speak
from sensory_games.domain.config import app_settings
from sensory_games.domain.config_folders import (
    clinic_config_dir,
    clinic_files,
    shipped_config_dir,
    where_clinic_config_dir_comes_from,
)
from sensory_games.domain.language import N_
from sensory_games.domain.schema import show_value
from sensory_games.domain.sentence import render
from sensory_games.services.plans import load_every_plan

SHIPPED = N_("shipped default")


def config(args: argparse.Namespace) -> int:
    """Print the clinic folder (`path`), or every merged app.yaml setting with where it
    comes from and the activity, glyph and plan files the clinic folder brings (`show`).
    Every file is checked as the app would read it, so a bad one is named here too."""
    chosen = getattr(args, "config_dir", None)
    folder = clinic_config_dir(chosen)
    if args.config_command == "path":
        print(folder)
        return 0
    counts = {  # (their glyphs too): what the app would refuse is refused here
        slug: len(load_activity_levels(slug, folder)) for slug in REGISTRY
    }
    load_every_plan(folder, counts)  # (a plan a child could be given, checked as doctor does)
    sections, sources = app_settings(folder)
    words = speak(args, sections["clinic"]["language"])
    origin = render(where_clinic_config_dir_comes_from(chosen), words)
    print(words.tr("clinic configuration folder: {folder}", folder=folder))
    if folder.is_dir():
        print(words.tr("  (from {origin})", origin=origin))
    else:
        print(
            words.tr(
                "  (from {origin}; not there yet: nothing overrides the shipped defaults)",
                origin=origin,
            )
        )
    print(words.tr("app.yaml (the clinic's over the shipped one, key by key):"))
    rows = [
        (f"{name}.{key}", show_value(value), sources.get((name, key)))
        for name, values in sections.items()
        for key, value in values.items()
    ]
    width = max(len(key) for key, _, _ in rows)
    values_width = max(len(value) for _, value, _ in rows)
    shipped_app = shipped_config_dir() / "app.yaml"
    for key, value, file in rows:
        source = words.tr(SHIPPED) if file is None or file == shipped_app else str(file)
        print(f"  {key:<{width}}  {value:<{values_width}}  {source}")
    files = clinic_files(folder)
    print(words.tr("activity, glyph and plan files of the clinic folder:"))
    if not files:
        print(words.tr("  none: every one is the shipped default"))
    for name, file, replaces in files:
        what = words.tr("replaces the shipped one") if replaces else words.tr("the clinic's own")
        print(f"  {name}  {what}: {file}")
    return 0
