"""Profile bundles: a child's settings and levels carried to another device."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from records import at, fill_device, log_attempt

from sensory_games.domain.config import ConfigError
from sensory_games.services.bundle import BUNDLE_FORMAT, import_bundle, read_bundle, write_bundle
from sensory_games.storage import Repository

LEVEL_COUNTS = {"bubbles": 5, "tracing": 8, "calming": 10}


@pytest.fixture
def other(tmp_path: Path) -> Repository:
    repository = Repository(tmp_path / "family-tablet")
    yield repository
    repository.close()


@pytest.fixture
def bundle_file(repository: Repository, tmp_path: Path) -> Path:
    """Mia's bundle from the clinic: bubbles level 2 (her last attempt), tracing 1 and
    calming 1 (played), then tracing set to 4 by the therapist."""
    mia = fill_device(repository, "Mia")
    repository.set_level(mia.id, "tracing", 4, "therapist")
    out = tmp_path / "mia.yaml"
    write_bundle(repository, "mia", out)
    return out


def test_a_bundle_holds_the_profile_and_current_levels(repository, bundle_file: Path) -> None:
    document = yaml.safe_load(bundle_file.read_text(encoding="utf-8"))
    mia = repository.profile_by_alias("Mia")
    assert document["format"] == BUNDLE_FORMAT
    assert document["from_device"] == repository.device_id
    assert document["profile"] | {"created_at": None} == {
        "id": mia.id,
        "alias": "Mia",
        "animal": "cat",
        "colour": 2,
        "age_band": "6-8",
        "dominant_hand": "left",
        "pointer": "finger",
        "intensity_preset": "balanced",
        "intensity": mia.intensity.as_dict(),
        "language": "",
        "voice": True,
        "check_in_scale": "",
        "created_at": None,
    }
    assert document["levels"] == {"bubbles": 2, "calming": 1, "tracing": 4}
    assert bundle_file.stat().st_mode & 0o777 == 0o600


def test_importing_adds_the_same_child_at_the_same_levels(repository, other, bundle_file) -> None:
    done = import_bundle(other, read_bundle(bundle_file, LEVEL_COUNTS))
    assert done[0] == "added Mia (cat, age 6-8)"
    here = other.profile_by_alias("mia")
    assert here == repository.profile_by_alias("Mia")  # same id, same settings
    assert other.current_levels(here.id) == {"bubbles": 2, "calming": 1, "tracing": 4}
    reasons = {c.activity: (c.from_level, c.to_level, c.reason) for c in other.level_changes()}
    assert reasons["tracing"][:2] == (None, 4)
    assert reasons["tracing"][2].startswith(
        f"profile bundle from device {repository.device_id[:8]}"
    )


def test_importing_twice_changes_nothing(other, bundle_file: Path) -> None:
    bundle = read_bundle(bundle_file, LEVEL_COUNTS)
    import_bundle(other, bundle)
    assert import_bundle(other, bundle) == ["Mia is already here with these settings"]
    assert len(other.level_changes()) == 3


def test_a_level_played_after_the_import_wins(other, bundle_file: Path) -> None:
    import_bundle(other, read_bundle(bundle_file, LEVEL_COUNTS))  # set "now", in 2026
    mia = other.profile_by_alias("Mia")
    two_years_on = 2 * 365 * 24 * 60.0  # minutes after records.T0 (March 2026)
    session = other.start_session(mia.id, at(two_years_on))
    log_attempt(other, mia, session, two_years_on + 1, activity="tracing", level=5)
    assert other.last_level(mia.id, "tracing") == 5


def test_other_settings_need_replace_and_change_nothing_without(other, bundle_file) -> None:
    import_bundle(other, read_bundle(bundle_file, LEVEL_COUNTS))
    text = bundle_file.read_text(encoding="utf-8").replace("animal: cat", "animal: frog")
    bundle_file.write_text(text.replace("bubbles: 2", "bubbles: 3"), encoding="utf-8")
    changed = read_bundle(bundle_file, LEVEL_COUNTS)
    with pytest.raises(ValueError, match=r"other settings \(animal\); add --replace"):
        import_bundle(other, changed)
    mia = other.profile_by_alias("Mia")
    assert mia.animal == "cat" and other.last_level(mia.id, "bubbles") == 2
    assert import_bundle(other, changed, replace=True) == [
        "updated Mia: animal",
        "bubbles: level 2 -> level 3",
    ]
    assert other.profile_by_alias("Mia").animal == "frog"


def test_an_alias_taken_by_another_child_needs_another_alias(other, bundle_file) -> None:
    other.add_profile(alias="MIA")
    bundle = read_bundle(bundle_file, LEVEL_COUNTS)
    with pytest.raises(ValueError, match="another child here is already called 'Mia'"):
        import_bundle(other, bundle)
    assert len(other.list_profiles()) == 1
    assert import_bundle(other, bundle, alias=" Mia R ")[0] == "added Mia R (cat, age 6-8)"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("colour: 2", "colour: 9"), "profile.colour = 9: must be"),
        (("animal: cat", "animal: dragon"), "profile.animal = 'dragon': must be one of"),
        (("tracing: 4", "tracing: 12"), "levels.tracing = 12: must be a level from 1 to 8"),
        (("tracing: 4", "juggling: 2"), "levels.juggling = 2: is not an activity here"),
        (("alias: Mia", "alias: ''"), "profile.alias = '': must not be empty"),
        (("format: sensory_games-profile-1", "format: 2"), "format = 2: must be"),
        (("levels:", "level:"), "level: is not a bundle key; known: format"),
        (("    visual: 0.6", "    visual: 1.6"), "profile.intensity.visual = 1.6: must be"),
        (("alias: Mia", "alias: [Mia"), "not valid YAML"),
        (
            (
                "  intensity:\n    complexity: 0.6\n    feedback: 0.6\n    motion: 0.5\n"
                "    sound: 0.5\n    visual: 0.6\n",
                "  intensity: null\n",
            ),
            "profile.intensity = null: must be",
        ),
    ],
)
def test_a_bad_bundle_names_the_file_key_value_and_what_is_allowed(
    bundle_file: Path, edit, message
) -> None:
    text = bundle_file.read_text(encoding="utf-8")
    assert edit[0] in text
    bundle_file.write_text(text.replace(edit[0], edit[1]), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mia\.yaml") as caught:
        read_bundle(bundle_file, LEVEL_COUNTS)
    assert message in str(caught.value)


def test_the_cli_exports_and_imports_a_bundle(repository, tmp_path: Path, capsys) -> None:
    from sensory_games.cli import main

    fill_device(repository, "Mia")
    repository.close()
    clinic, home = str(repository.data_dir), str(tmp_path / "home")
    out = tmp_path / "mia.yaml"
    assert main(["profiles", "export", "mia", "--out", str(out), "--data-dir", clinic]) == 0
    assert "Mia's profile bundle (levels: bubbles 2, calming 1, tracing 1)" in (
        capsys.readouterr().out
    )
    assert main(["profiles", "import", str(out), "--data-dir", home]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "added Mia (cat, age 6-8)"
    out.write_text(out.read_text().replace("colour: 2", "colour: 3"))
    assert main(["profiles", "import", str(out), "--data-dir", home]) == 2
    assert "nothing imported: Mia is already on this device with other settings (colour)" in (
        capsys.readouterr().err
    )


def test_a_childs_json_export_has_their_level_changes_before_they_play(
    other, bundle_file: Path
) -> None:
    from sensory_games.services.export import json_document
    from sensory_games.storage import Selection

    import_bundle(other, read_bundle(bundle_file, LEVEL_COUNTS))
    [mia] = json_document(other, Selection("mia"))["profiles"]
    assert mia["sessions"] == []
    assert sorted((c["activity"], c["to_level"]) for c in mia["level_changes"]) == [
        ("bubbles", 2),
        ("calming", 1),
        ("tracing", 4),
    ]


def test_a_bundle_made_before_finger_or_stylus_was_recorded_still_imports(
    other, bundle_file: Path
) -> None:
    text = bundle_file.read_text(encoding="utf-8").replace("  pointer: finger\n", "")
    bundle_file.write_text(text, encoding="utf-8")
    import_bundle(other, read_bundle(bundle_file, LEVEL_COUNTS))
    assert other.profile_by_alias("Mia").pointer == "finger"
