"""Install the project into make's venv (run by that venv's python, standard library only):
with uv when it can install as pip would, else with pip.

uv installs the pinned set (constraints.txt) in about a third of pip's time, but it reads
none of pip's configuration: a clinic's pip.conf or PIP_* variables may name the package
index it must use, a certificate for its proxy, a folder of wheels or constraints of its
own. So pip's settings (`pip config list`: its files and PIP_* variables, for `pip
install`) are read first and handed to uv where uv has the same setting; with any other
setting, or when uv cannot be had or fails, pip installs as it always did. Either way the
terminal says which one installed, and everything they printed is in the log.

    python scripts/setup_venv.py --uv-version 0.13.9 --log .venv/install.log '.[test]'
"""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

#: pip's settings uv takes as an option of the same meaning (their value follows it; a
#: setting holding several values, separated by white space, gives the option once each).
UV_OPTIONS = {
    "index-url": "--index-url",
    "extra-index-url": "--extra-index-url",
    "find-links": "--find-links",
    "constraint": "--constraint",
    "trusted-host": "--allow-insecure-host",
}
#: pip's switches uv has too (given when the setting is true).
UV_SWITCHES = {"no-index": "--no-index", "pre": "--prerelease=allow"}
#: pip's settings that change only how pip talks or waits, never what is installed.
HARMLESS = {
    "config-file",  # (the file pip read: its settings are in the listing)
    "default-timeout",
    "timeout",
    "retries",
    "disable-pip-version-check",
    "no-cache-dir",
    "cache-dir",
    "progress-bar",
    "quiet",
    "verbose",
    "no-input",
    "no-color",
    "log",
    "root-user-action",
    "no-warn-script-location",
}
#: The sections of pip's configuration a `pip install` reads, lowest precedence first.
SECTIONS = ("global", "install", ":env:")
TRUE = {"1", "true", "yes", "on"}
#: uv's own variables that change nothing it installs (any other UV_* is left out of its
#: environment: uv installs from pip's settings alone, and reads no uv.toml: --no-config).
UV_HARMLESS = {"UV_CACHE_DIR", "UV_NO_CACHE", "UV_HTTP_TIMEOUT", "UV_NO_PROGRESS"}


def pip_settings(listing: str) -> dict[str, str]:
    """pip's settings for `pip install` from `pip config list`'s lines (`section.key='value'`),
    each key's value from the section that wins (PIP_* variables over the install section
    over the global one); other sections' settings are left out."""
    found: dict[str, dict[str, str]] = {section: {} for section in SECTIONS}
    for line in listing.splitlines():
        name, equals, value = line.partition("=")
        section, dot, key = name.rpartition(".")
        if not (equals and dot) or section not in found:
            continue
        try:
            text = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            text = value
        found[section][key.replace("_", "-")] = str(text)
    settled: dict[str, str] = {}
    for section in SECTIONS:
        settled.update(found[section])
    return settled


def uv_arguments(settings: Mapping[str, str]) -> tuple[list[str], dict[str, str]] | None:
    """uv's options and environment that install as pip would with `settings`, or None when
    one of them has no equivalent in uv (pip must install)."""
    options, environment = ["--index-strategy", "unsafe-best-match"], {}  # (pip's way)
    for key, value in settings.items():
        if key in UV_OPTIONS:
            for one in value.split():
                options += [UV_OPTIONS[key], one]
        elif key in UV_SWITCHES:
            if value.strip().lower() in TRUE:
                options.append(UV_SWITCHES[key])
        elif key == "cert":
            environment["SSL_CERT_FILE"] = value  # (uv then trusts that bundle)
        elif key not in HARMLESS:
            return None
    return options, environment


def run(command: list[str], log: Path, environment: Mapping[str, str] | None = None) -> bool:
    """Run `command` (in `environment`, else this one), its output appended to `log`;
    True if it succeeded."""
    with log.open("a", encoding="utf-8") as output:
        output.write(f"$ {' '.join(command)}\n")
        output.flush()
        done = subprocess.run(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=dict(environment) if environment is not None else None,
            check=False,
        )
    return done.returncode == 0


def uv_environment(extra: Mapping[str, str]) -> dict[str, str]:
    """This environment without uv's own settings (UV_HARMLESS kept), with `extra`."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("UV_") or k in UV_HARMLESS}
    return {**kept, **extra}


def install_with_uv(target: str, uv_version: str, log: Path) -> str | None:
    """Install `target` with uv; None if it did, else why not (pip then installs)."""
    python = sys.executable
    listing = subprocess.run(
        [python, "-m", "pip", "config", "list"], capture_output=True, text=True, check=False
    )
    with log.open("a", encoding="utf-8") as output:
        output.write(f"$ pip config list\n{listing.stdout}{listing.stderr}")
    if listing.returncode != 0:
        return "pip's configuration could not be read"
    settings = pip_settings(listing.stdout)
    arguments = uv_arguments(settings)
    if arguments is None:
        unknown = sorted(
            k for k in settings if k not in {*UV_OPTIONS, *UV_SWITCHES, *HARMLESS, "cert"}
        )
        return f"pip is set up with {', '.join(unknown)}, which uv does not take"
    options, environment = arguments
    # uv itself through pip (and its settings), only as a built wheel: never compiled here
    uv = [python, "-m", "pip", "install", "--only-binary=:all:", f"uv=={uv_version}"]
    if not run(uv, log):
        return f"uv {uv_version} could not be installed"
    install = [python, "-m", "uv", "pip", "install", "--no-config", "--python", python]
    install += ["--compile-bytecode", *options, "-c", "constraints.txt", "-e", target]
    if not run(install, log, uv_environment(environment)):
        return "uv failed"
    return None


def install_with_pip(target: str, log: Path) -> bool:
    """Install `target` with pip (upgraded first), as make always did."""
    python = sys.executable
    return run([python, "-m", "pip", "install", "--upgrade", "pip"], log) and run(
        [python, "-m", "pip", "install", "-c", "constraints.txt", "-e", target], log
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", help="what to install, e.g. '.[test]'")
    parser.add_argument("--uv-version", required=True, help="the uv release to use")
    parser.add_argument("--log", type=Path, required=True, help="where the output goes")
    args = parser.parse_args(argv)
    args.log.write_text("", encoding="utf-8")
    why_not = install_with_uv(args.target, args.uv_version, args.log)
    if why_not is None:
        print(f"Installed with uv {args.uv_version}")
        return 0
    print(f"Installing with pip: {why_not} (see {args.log})")
    return 0 if install_with_pip(args.target, args.log) else 1


if __name__ == "__main__":
    sys.exit(main())
