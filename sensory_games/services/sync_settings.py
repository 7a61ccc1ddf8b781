"""The clinic's settings on the server: its clinic secret, adult PIN and session plans.

The clinic's IT puts them there from one device (`sensory-games server settings`, run
on the device whose settings are the clinic's; `server init` does it the first time);
every device takes them at each sync:
- the **clinic secret**, so a child's pseudonym code is the same in every device's
  pseudonymised export (domain/pseudonyms.py);
- the **adult PIN** (only its salted hash), so one PIN opens every kiosk's adult menu;
- the clinic's own **session plans** (plans/<name>.yaml), written into the device's
  clinic configuration folder when they differ (a device running on the shipped
  configuration folder cannot keep plans: it is told so).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from sensory_games.domain.config_folders import is_shipped, shipped_config_dir
from sensory_games.domain.language import N_
from sensory_games.domain.pin import is_pin_hash
from sensory_games.domain.pseudonyms import SECRET_NAME, clinic_secret
from sensory_games.domain.sentence import Sentence
from sensory_games.services.plans import PLAN_NAME, plan_file
from sensory_games.storage import Repository
from sensory_games.storage.files import write_own_file

SECRET_KEY = "clinic_secret"
PIN_KEY = "adult_pin_hash"
PLAN_PREFIX = "plan:"


def device_settings(repository: Repository, config_dir: Path) -> dict[str, str]:
    """What this device would give the clinic: its clinic secret (made now if it has
    none), its adult PIN hash if set, and the clinic folder's own plans."""
    values = {SECRET_KEY: clinic_secret(repository.data_dir).hex()}
    pin = repository.pin_hash()
    if pin:
        values[PIN_KEY] = pin
    folder = Path(config_dir) / "plans"
    if not is_shipped(Path(config_dir)) and folder.is_dir():
        for file in sorted(folder.glob("*.yaml")):
            if PLAN_NAME.fullmatch(file.stem):
                values[PLAN_PREFIX + file.stem] = file.read_text(encoding="utf-8")
    return values


def take_settings(
    repository: Repository, settings: dict[str, str], config_dir: Path | None
) -> list[Sentence]:
    """Keep the clinic's settings here where they differ; what changed, in words."""
    said: list[Sentence] = []
    secret = settings.get(SECRET_KEY)
    secret_file = repository.data_dir / SECRET_NAME
    if secret and _is_secret(secret):
        mine = secret_file.read_text(encoding="ascii").strip() if secret_file.exists() else ""
        if mine != secret:
            write_own_file(secret_file, secret + "\n")
            said.append(
                Sentence(
                    N_(
                        "the clinic secret now comes from the clinic server: a child's code is"
                        " the same in every device's pseudonymised export"
                    )
                )
            )
    pin = settings.get(PIN_KEY)
    if pin and is_pin_hash(pin) and pin != repository.pin_hash():
        repository.set_pin_hash(pin)
        said.append(Sentence(N_("the adult PIN is now the clinic's (set on the clinic server)")))
    plans = {k[len(PLAN_PREFIX) :]: v for k, v in settings.items() if k.startswith(PLAN_PREFIX)}
    if plans and (config_dir is None or is_shipped(Path(config_dir))):
        said.append(
            Sentence(
                N_(
                    "the clinic's plans were not taken: this device uses the shipped"
                    " configuration folder ({folder}); give it a clinic folder (docs/config.md)"
                ),
                folder=shipped_config_dir(),
            )
        )
        return said
    for name, text in sorted(plans.items()):
        if not PLAN_NAME.fullmatch(name) or config_dir is None:
            continue
        file = plan_file(config_dir, name)
        if file.exists() and file.read_text(encoding="utf-8") == text:
            continue
        try:
            readable = isinstance(yaml.safe_load(text), dict)
        except yaml.YAMLError:
            readable = False
        if not readable:  # (never written over a plan this device has)
            said.append(Sentence(N_("plan {name} on the clinic server is not a plan"), name=name))
            continue
        file.parent.mkdir(parents=True, exist_ok=True)
        write_own_file(file, text)
        said.append(Sentence(N_("plan {name} taken from the clinic server"), name=name))
    return said


def _is_secret(text: str) -> bool:
    try:
        return len(bytes.fromhex(text)) == 32
    except ValueError:
        return False
