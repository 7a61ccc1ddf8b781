"""The audit list: what adults did (profiles, levels, the PIN, exports, merges, live
sensory changes, keypad locks), with when and about which child."""

from __future__ import annotations

import io

from helpers import enter_pin, hold
from records import fill_device

from sensory_games.domain.intensity import PRESETS
from sensory_games.domain.pin import hash_pin
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene


def test_the_cli_puts_adults_actions_on_the_audit_list(repository, tmp_path, capsys, monkeypatch):
    from sensory_games.cli import main

    fill_device(repository, "Noor")
    repository.close()
    data = ["--data-dir", str(repository.data_dir)]
    assert main(["profiles", "add", "Mia", "--animal", "cat", *data]) == 0
    assert main(["levels", "mia", "--activity", "tracing", "--level", "3", *data]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n2468\n"))
    assert main(["pin", "set", *data]) == 0
    out = tmp_path / "noor.csv"
    assert main(["export", "--profile", "noor", "--pseudonymize", "--out", str(out), *data]) == 0
    capsys.readouterr()
    assert main(["audit", *data]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line[21:] for line in lines] == [  # (after the time)
        "profile added [Mia]: added Mia (cat, colour 0, age 6-8, hand unknown, intensity "
        "balanced); from the command line",
        "levels set [Mia]: tracing: range 1..12, mastery rule the clinic's, level 3 (set by "
        "the therapist); from the command line",
        "PIN set: sensory-games pin set",
        f"export: csv, pseudonymised, profile noor: 4 attempts to {out.resolve()}",
    ]
    assert "2468" not in "".join(lines)


def test_the_app_puts_sensory_changes_keypad_locks_and_exports_on_it(
    make_app, clock, repository
) -> None:
    mia = repository.add_profile(alias="Mia")
    repository.set_pin_hash(hash_pin("1357"))
    app = make_app(kiosk=True)
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(mia)
    app.stage.open_overlay()
    app.stage.set_intensity(PRESETS["calm"], clock.now(), "calm")
    app.stage.close_overlay()
    app.stage.open_overlay()
    app.stage.close_overlay()  # opened and closed without a change: nothing
    hold(app, clock, app.metrics.width_mm - 4, 4, seconds=3.2)
    for _ in range(5):
        enter_pin(app, clock, "0000")
    entries = repository.audit_entries()
    assert [(e.action, e.profile_alias) for e in entries] == [
        ("sensory settings changed", "Mia"),
        ("keypad locked", None),
    ]
    assert entries[0].detail == (
        "calm: visual 0.30, motion 0.20, sound 0.20, complexity 0.25, feedback 0.30"
    )
    assert entries[1].detail == "5 wrong PINs: 60 s"
