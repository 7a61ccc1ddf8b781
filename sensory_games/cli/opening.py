"""What most commands do first: read the configuration, open the attempt log, find the
child they are about."""

from __future__ import annotations

import argparse
import sys

from sensory_games.activities import REGISTRY, load_activity_levels
from sensory_games.cli.clinic_language import say, speak
from sensory_games.cli.errors import CliError
from sensory_games.domain.config import AppConfig, load_app_config
from sensory_games.domain.config_folders import clinic_config_dir
from sensory_games.domain.language import N_
from sensory_games.domain.profile import Profile
from sensory_games.domain.sentence import Sentence
from sensory_games.services.outbox import fallback_folders, waiting_notices
from sensory_games.services.private_files import remove_stale_leftovers
from sensory_games.storage import Repository, resolve_data_dir


def read_config(args: argparse.Namespace) -> AppConfig:
    """The app's settings: the clinic's configuration folder (--config-dir, else
    $SENSORY_GAMES_CONFIG, else the user configuration folder) over the shipped defaults.
    From here on the command speaks the clinic's language (clinic.language)."""
    config = load_app_config(clinic_config_dir(getattr(args, "config_dir", None)))
    speak(args, config.language)
    return config


def open_log(
    args: argparse.Namespace, subfolder: str = "", *, plays: bool = False
) -> tuple[AppConfig, Repository]:
    """The app's configuration and the log; `plays`: the command saves every attempt, so a
    read-only log is refused before any window opens (not found out at the first save)."""
    config = read_config(args)
    for slug in REGISTRY:  # every level file is checked before any window opens
        load_activity_levels(slug, config.config_dir)
    data_dir = getattr(args, "data_dir", None)
    folder = resolve_data_dir(data_dir, config.data_dir)
    if subfolder and data_dir is None:
        folder = folder / subfolder  # bots never write into the clinic's own log by default
    repository = Repository(folder)
    folders = fallback_folders(repository.data_dir, config.export_folder(repository.data_dir))
    waiting = waiting_notices(folders, repository.device_id)
    for notice in [*repository.notices, *waiting]:
        note = say(args, N_("note: {notice}"), notice=notice)  # (outside the f-string: extracted)
        print(f"sensory-games: {note}", file=sys.stderr)
    if plays and repository.read_only:
        repository.close()
        raise CliError(
            N_(
                "{reason}: attempts could not be saved there; choose a writable one with --data-dir"
            ),
            reason=repository.read_only_reason,
        )
    if not repository.read_only:
        remove_stale_leftovers(repository.data_dir)  # what a killed export or merge left
    return config, repository


def find_profile(
    repository: Repository,
    alias: str | None,
    create: bool = False,
    overrides: dict[str, float] | None = None,
) -> Profile:
    """The child called `alias` (Guest when None; made when `create` and missing); an
    unknown alias is a CliError naming the known ones and how to add it."""
    if alias is None:
        return repository.guest_profile(overrides)
    if create:  # also when another process creates the same profile at the same moment
        return repository.profile_or_new(overrides, alias=alias, animal="owl", colour=1)
    profile = repository.profile_by_alias(alias)
    if profile is None:
        known = ", ".join(p.alias for p in repository.list_profiles())
        raise CliError(
            N_("no profile called {alias} (known: {known}); add one with: {command}"),
            alias=repr(alias),
            known=known or Sentence(N_("none yet")),
            command=f"sensory-games profiles add {alias}",
        )
    return profile


def known_activity(option: str, slug: str) -> None:
    """Refuse an activity slug that is not registered, naming the option and the known ones."""
    if slug not in REGISTRY:
        raise CliError(
            N_("{option} {value}: known activities: {known}"),
            option=option,
            value=repr(slug),
            known=", ".join(REGISTRY),
        )
