"""make's venv set-up hands uv pip's own settings, or leaves the install to pip
(scripts/setup_venv.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "setup_venv.py"


@pytest.fixture(scope="module")
def setup_venv() -> ModuleType:
    spec = importlib.util.spec_from_file_location("setup_venv", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["setup_venv"] = module
    spec.loader.exec_module(module)
    return module


#: `pip config list` on a machine with a local mirror, wheels and a certificate.
LISTING = """\
global.cert='/etc/ssl/certs/ca-certificates.crt'
global.constraint='/etc/xdg/pip/constraints.txt'
global.extra-index-url='file:///opt/pypi/simple file:///opt/pypi-more/simple'
global.find-links='/opt/wheels'
install.find-links='/srv/wheels'
download.index-url='https://elsewhere.invalid/simple'
:env:.default-timeout='180'
:env:.disable-pip-version-check='1'
:env:.find-links='/opt/clinic-wheels'
"""


def test_pip_s_settings_for_an_install_each_from_the_section_that_wins(setup_venv) -> None:
    assert setup_venv.pip_settings(LISTING) == {
        "cert": "/etc/ssl/certs/ca-certificates.crt",
        "constraint": "/etc/xdg/pip/constraints.txt",
        "extra-index-url": "file:///opt/pypi/simple file:///opt/pypi-more/simple",
        "find-links": "/opt/clinic-wheels",  # (PIP_FIND_LINKS over both files)
        "default-timeout": "180",
        "disable-pip-version-check": "1",
    }  # (a `pip download` setting is not an install's)


def test_uv_gets_each_index_folder_constraint_and_certificate_pip_would_use(setup_venv) -> None:
    options, environment = setup_venv.uv_arguments(setup_venv.pip_settings(LISTING))
    assert options == [
        "--index-strategy", "unsafe-best-match",
        "--constraint", "/etc/xdg/pip/constraints.txt",
        "--extra-index-url", "file:///opt/pypi/simple",
        "--extra-index-url", "file:///opt/pypi-more/simple",
        "--find-links", "/opt/clinic-wheels",
    ]  # fmt: skip
    assert environment == {"SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt"}
    assert setup_venv.uv_arguments({"index-url": "https://mirror/simple", "no-index": "true"}) == (
        [
            "--index-strategy",
            "unsafe-best-match",
            "--index-url",
            "https://mirror/simple",
            "--no-index",
        ],
        {},
    )


@pytest.mark.parametrize(
    "setting", ["prefer-binary", "require-hashes", "user", "proxy", "only-binary"]
)
def test_a_setting_uv_does_not_take_leaves_the_install_to_pip(setup_venv, setting) -> None:
    assert setup_venv.uv_arguments({"find-links": "/opt/wheels", setting: "1"}) is None


def test_nothing_set_is_pip_s_defaults(setup_venv) -> None:
    assert setup_venv.pip_settings("") == {}
    assert setup_venv.uv_arguments({}) == (["--index-strategy", "unsafe-best-match"], {})


def test_uv_is_run_without_its_own_settings_but_harmless_ones(setup_venv, monkeypatch) -> None:
    """uv installs from pip's settings alone: a UV_* variable naming an index or a
    constraint is not passed on (uv.toml files are left unread: --no-config)."""
    monkeypatch.setenv("UV_EXTRA_INDEX_URL", "https://elsewhere.invalid/simple")
    monkeypatch.setenv("UV_CONSTRAINT", "/tmp/other.txt")
    monkeypatch.setenv("UV_CACHE_DIR", "/tmp/uv-cache")
    environment = setup_venv.uv_environment({"SSL_CERT_FILE": "/etc/ssl/clinic.pem"})
    assert "UV_EXTRA_INDEX_URL" not in environment and "UV_CONSTRAINT" not in environment
    assert environment["UV_CACHE_DIR"] == "/tmp/uv-cache"
    assert environment["SSL_CERT_FILE"] == "/etc/ssl/clinic.pem"
    assert environment["PATH"] == setup_venv.os.environ["PATH"]


def test_pip_s_own_config_file_setting_is_no_reason_for_pip(setup_venv) -> None:
    listing = ":env:.config-file='/etc/clinic/pip.conf'\nglobal.index-url='https://mirror/simple'\n"
    options, _ = setup_venv.uv_arguments(setup_venv.pip_settings(listing))
    assert options[-2:] == ["--index-url", "https://mirror/simple"]
