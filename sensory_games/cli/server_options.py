"""The arguments of `sensory-games server init|migrate|add-device|settings|join|status` and
`sensory-games sync` (what they do is cli/server.py), with their examples, declared apart
from parser.py as goals_options.py is."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sensory_games.cli.examples import add_example
from sensory_games.cli.options import add_action, add_actions, add_data_dir, add_match_alias
from sensory_games.domain.language import N_

SERVER_HELP = N_(
    "the clinic's PostgreSQL server: init, migrate, add-device, settings, join, status"
)
SYNC_HELP = N_("send this device's new records to the clinic server and take the others'")

ADMIN_URL_HELP = N_(
    "the server as its administrator: postgresql://USER@HOST:PORT/DATABASE (the password from"
    " the URL, PGPASSWORD or ~/.pgpass; never printed)"
)
CLINIC_HELP = N_("the clinic's name on the server: lower-case letters, digits and _")
#: An administrator's URL for the examples (the password comes from ~/.pgpass).
EXAMPLE_URL = "postgresql://admin@db.clinic/sg"


#: Each action of `server`, with its help (each takes --data-dir; the first four --admin-url).
ACTIONS = {
    "init": N_("make a clinic on the server (its schema and roles)"),
    "migrate": N_("bring clinics' schemas to this app's version"),
    "add-device": N_("make a device's role and write its device file"),
    "settings": N_(
        "put this device's clinic secret, adult PIN and plans on the server for every device"
    ),
    "join": N_("on a device: keep its device file's role and join the clinic"),
    "status": N_("the server, this device's role, what waits to be sent, the last sync"),
}
ADMIN_ACTIONS = ("init", "migrate", "add-device", "settings")
ACTIONS_HELP = N_("each has its own help: sensory-games server ACTION --help")
#: add-device's own options: (flag, add_argument's keywords).
DEVICE_OPTIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "--label",
        {
            "required": True,
            "metavar": "LABEL",
            "help": N_("the device's name: lower-case letters, digits and _, e.g. kiosk_2"),
        },
    ),
    (
        "--out",
        {
            "type": Path,
            "metavar": "FILE",
            "help": N_("the device file to write (default: LABEL.device here; never written over)"),
        },
    ),
    (
        "--device-url",
        {
            "metavar": "URL",
            "help": N_(
                "the server's URL as the devices reach it (default: --admin-url without user)"
            ),
        },
    ),
)


def declare_server(server: argparse.ArgumentParser) -> None:
    """server init | migrate | add-device | settings | join | status, each with --data-dir."""
    choices = add_actions(server, "server", N_("what to do"), ACTIONS_HELP)
    by_name = {name: add_action(choices, "server", name, help) for name, help in ACTIONS.items()}
    for name, action in by_name.items():
        add_data_dir(action)
        if name in ADMIN_ACTIONS:
            action.add_argument("--admin-url", required=True, metavar="URL", help=ADMIN_URL_HELP)
    for name in ("init", "add-device", "settings"):
        by_name[name].add_argument("--clinic", required=True, metavar="NAME", help=CLINIC_HELP)
    by_name["migrate"].add_argument(
        "--clinic",
        action="append",
        metavar="NAME",
        help=N_("a clinic to migrate (again for more; default: every clinic on the server)"),
    )
    for flag, options in DEVICE_OPTIONS:
        by_name["add-device"].add_argument(flag, **options)
    by_name["join"].add_argument(
        "file", type=Path, metavar="FILE", help=N_("the device file IT made")
    )
    _examples(server, by_name)


def _examples(server: argparse.ArgumentParser, by_name: dict[str, argparse.ArgumentParser]) -> None:
    add_example(server, "sensory-games server status", N_("is this device joined; when it synced"))
    add_example(
        by_name["init"],
        f"sensory-games server init --admin-url {EXAMPLE_URL} --clinic north",
        N_("make clinic north, with this device's clinic secret, PIN and plans"),
    )
    add_example(
        by_name["migrate"],
        f"sensory-games server migrate --admin-url {EXAMPLE_URL}",
        N_("every clinic on the server, after an update of the app"),
    )
    add_example(
        by_name["add-device"],
        f"sensory-games server add-device --admin-url {EXAMPLE_URL} --clinic north --label kiosk_2",
        N_("write kiosk_2.device (owner-only) to carry to that kiosk"),
    )
    add_example(
        by_name["settings"],
        f"sensory-games server settings --admin-url {EXAMPLE_URL} --clinic north",
        N_("this device's clinic secret, PIN and plans become every device's"),
    )
    add_example(
        by_name["join"],
        "sensory-games server join kiosk_2.device",
        N_("on kiosk 2: keep its role (owner-only) and claim it"),
    )
    add_example(
        by_name["status"],
        "sensory-games server status",
        N_("the server, this device's role, what waits to be sent, the last sync"),
    )


def declare_sync(sync: argparse.ArgumentParser) -> None:
    """sync [--match-alias], with --data-dir."""
    add_match_alias(
        sync, N_("a child another device added with an alias a child here has is the same child")
    )
    add_example(sync, "sensory-games sync", N_("send and take now; print what moved"))
    add_example(
        sync,
        "sensory-games sync --match-alias",
        N_("the same, taking a child with the same alias as the same child"),
    )
