"""Pseudonymised exports: a stable code per child from a keyed hash, never the alias."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from records import fill_device

from sensory_games.domain.pseudonyms import Pseudonyms, SecretError, clinic_secret
from sensory_games.services.export import write_check_ins, write_export
from sensory_games.storage import Repository, Selection

ALIASES = ("Mia", "Zoë O'Neil", "Guest")


@pytest.fixture
def codes(repository: Repository) -> Pseudonyms:
    fill_device(repository, "Mia")
    fill_device(repository, "Zoë O'Neil", day=1)
    return Pseudonyms(clinic_secret(repository.data_dir))


def names_in(data: bytes) -> list[str]:
    """The aliases written in `data` as words of their own (a code such as C-QMIAX7... may
    hold the letters of "Mia" by chance: that is not the alias)."""
    text = data.decode("utf-8").casefold()
    return [
        alias
        for alias in ALIASES
        if re.search(rf"(?<![a-z0-9]){re.escape(alias.casefold())}(?![a-z0-9])", text)
    ]


@pytest.mark.parametrize(("fmt", "samples"), [("csv", False), ("json", False), ("json", True)])
def test_a_pseudonymised_export_contains_no_alias(repository, codes, tmp_path, fmt, samples):
    out = tmp_path / f"export.{fmt}"
    assert write_export(repository, fmt, out, samples=samples, codes=codes) == 10
    data = out.read_bytes()
    assert names_in(data) == []
    plain = tmp_path / f"plain.{fmt}"
    write_export(repository, fmt, plain, samples=samples)
    assert names_in(plain.read_bytes()) == list(ALIASES)  # the check itself can fail
    for p in repository.list_profiles():
        assert codes(p.id).encode() in data


def test_the_check_ins_csv_is_pseudonymised_too(repository, codes, tmp_path) -> None:
    out = tmp_path / "check-ins.csv"
    assert write_check_ins(repository, out, codes=codes) == 4
    assert names_in(out.read_bytes()) == []


def test_codes_are_stable_across_exports_and_differ_between_children(
    repository, codes, tmp_path
) -> None:
    ids = [p.id for p in repository.list_profiles()]
    first = [codes(i) for i in ids]
    again = Pseudonyms(clinic_secret(repository.data_dir))  # a later export, same secret
    assert [again(i) for i in ids] == first
    assert len(set(first)) == len(ids)
    assert all(re.fullmatch(r"C-[A-Z2-7]{10}", code) for code in first)
    other_clinic = Pseudonyms(bytes(32))
    assert all(other_clinic(i) != code for i, code in zip(ids, first, strict=True))


def test_a_filtered_pseudonymised_export_is_one_childs_rows(repository, codes, tmp_path):
    out = tmp_path / "zoe.csv"
    assert write_export(repository, "csv", out, Selection("zoë o'neil"), codes=codes) == 4
    zoe = repository.profile_by_alias("Zoë O'Neil")
    rows = out.read_text(encoding="utf-8").splitlines()[1:]
    assert {row.split(",")[3] for row in rows} == {codes(zoe.id)}


def test_the_json_leaves_out_the_profile_id_and_says_it_is_pseudonymised(
    repository, codes, tmp_path
) -> None:
    import json

    out = tmp_path / "export.json"
    write_export(repository, "json", out, codes=codes)
    document = json.loads(out.read_bytes())
    assert document["pseudonymised"] is True
    assert {p["profile_id"] for p in document["profiles"]} == {None}
    assert {p["created_at"] for p in document["profiles"]} == {None}
    assert [p.id for p in repository.list_profiles()] and not any(
        p.id.encode() in out.read_bytes() for p in repository.list_profiles()
    )


def test_the_secret_is_made_once_and_private(tmp_path: Path) -> None:
    first = clinic_secret(tmp_path)
    path = tmp_path / "clinic-secret"
    assert len(first) == 32 and clinic_secret(tmp_path) == first
    assert path.stat().st_mode & 0o777 == 0o600
    assert re.fullmatch(r"[0-9a-f]{64}\n", path.read_text())


def test_a_damaged_secret_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "clinic-secret"
    path.write_text("not hex\n")
    with pytest.raises(SecretError, match="not a clinic secret"):
        clinic_secret(tmp_path)
    assert path.read_text() == "not hex\n"


def test_the_cli_pseudonymises_and_filters(repository, tmp_path, capsys) -> None:
    from sensory_games.cli import main

    fill_device(repository, "Mia")
    fill_device(repository, "Noor", day=1)
    repository.close()
    data = str(repository.data_dir)
    out = tmp_path / "out.csv"

    def export(*args: str) -> list[list[str]]:
        assert main(["export", "--data-dir", data, "--out", str(out), *args]) == 0, (
            capsys.readouterr().err
        )
        return [line.split(",") for line in out.read_text(encoding="utf-8").splitlines()[1:]]

    assert len(export("--pseudonymize")) == 10
    assert names_in(out.read_bytes()) == []
    assert {r[4] for r in export("--activity", "tracing")} == {"tracing"}
    assert {r[7][:10] for r in export("--until", "2026-03-02")} == {"2026-03-02"}
    assert {r[7][:10] for r in export("--since", "2026-03-03")} == {"2026-03-03"}
    sessions = {r[2] for r in export("--profile", "noor")}
    one = sorted(sessions)[0]
    assert {r[2] for r in export("--session", one)} == {one}
    assert main(["export", "--data-dir", data, "--activity", "juggling"]) == 2
    assert "--activity 'juggling': known activities:" in capsys.readouterr().err
    assert main(["export", "--data-dir", data, "--since", "2026-03-03", "--until", "2026-03-02"])
    assert "--since 2026-03-03 is after --until 2026-03-02" in capsys.readouterr().err


def test_a_pseudonymised_export_carries_no_typed_text_and_no_alias_order(
    repository, codes, tmp_path
) -> None:
    """A reason an adult typed may name the child ("Zelda Smith moved up"); the order of
    the children would reveal the order of their aliases."""
    mia = repository.profile_by_alias("Mia")
    repository.set_level(mia.id, "tracing", 2, "Zelda Smith moved up")
    out = tmp_path / "export.json"
    write_export(repository, "json", out, codes=codes)
    text = out.read_text(encoding="utf-8")
    assert "Zelda" not in text
    document = json.loads(text)
    changes = [c for p in document["profiles"] for c in p["level_changes"]]
    assert changes and all(c["reason"] is None for c in changes)
    listed = [p["profile"] for p in document["profiles"]]
    assert listed == sorted(listed) == sorted(codes(p.id) for p in repository.list_profiles())
    plain = tmp_path / "plain.json"
    write_export(repository, "json", plain)
    assert "Zelda Smith moved up" in plain.read_text(encoding="utf-8")  # (the check can fail)
