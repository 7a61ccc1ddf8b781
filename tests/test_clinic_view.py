"""The clinic's view (services/clinic_view.py) against a real PostgreSQL: the whole clinic's
record, every device's latest versions, in a temporary log that is gone after (error or
not), this device's own log untouched."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from records import fill_device
from sync_clinic import Clinic, counts

from sensory_games.services.clinic_view import FOLDER_PREFIX, clinic_record
from sensory_games.services.private_files import TEMPORARY_FOLDER
from sensory_games.storage.clinic_server import ServerUnavailable

pytestmark = pytest.mark.server


def leftovers(data_dir: Path) -> list[Path]:
    """The clinic records' temporary folders still in the data folder."""
    return list((data_dir / TEMPORARY_FOLDER).glob(f"{FOLDER_PREFIX}*"))


def test_the_clinic_record_holds_every_device_s_records_and_goes_after(clinic: Clinic) -> None:
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    fill_device(a[0], "Mia")
    fill_device(b[0], "Noor", day=1)
    clinic.sync(a)
    clinic.sync(b)  # (A has not taken Noor: only the server has both)
    before = counts(a[0])
    with clinic_record(clinic.config, a[1], None, a[0].data_dir) as record:
        folder = record.repository.data_dir
        assert folder.parent == a[0].data_dir / TEMPORARY_FOLDER and folder.is_dir()
        held = counts(record.repository)
        aliases = sorted(p.alias for p in record.repository.list_profiles())
        mine = {x.device_id for x in record.repository.attempts()}
        line = str(record.lines()[0])
    assert held["attempts"] == 10 and held["check_ins"] == 4 and held["sessions"] == 6
    assert "Mia" in aliases and "Noor" in aliases
    assert mine == {a[0].device_id, b[0].device_id} == record.devices
    assert record.attempts == 10 and not record.conflicts
    assert line.endswith("on the clinic server: 3 children, 10 attempts from 2 devices")
    assert not folder.exists() and leftovers(a[0].data_dir) == []
    assert counts(a[0]) == before  # this device's log is only read from, never written to


def test_the_latest_version_is_taken_and_a_conflict_is_said(clinic: Clinic) -> None:
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    fill_device(a[0], "Mia")
    fill_device(b[0], "Mia", day=1)  # another child called Mia, added on B apart
    clinic.sync(a)
    clinic.sync(b)
    with clinic_record(clinic.config, b[1], None, b[0].data_dir) as record:
        lines = [str(line) for line in record.lines()]
    assert record.conflicts and len(lines) == 1 + len(record.conflicts)
    assert all(line.startswith("conflict: ") for line in lines[1:])
    assert "Mia" in " ".join(lines[1:])


def test_the_temporary_log_goes_after_a_failure_too(clinic: Clinic) -> None:
    a = clinic.add("kiosk_a")
    fill_device(a[0], "Mia")
    clinic.sync(a)
    with pytest.raises(RuntimeError), clinic_record(clinic.config, a[1], None, a[0].data_dir):
        assert len(leftovers(a[0].data_dir)) == 1
        raise RuntimeError("the export failed")
    assert leftovers(a[0].data_dir) == []
    away = replace(clinic.config, url=clinic.config.url.replace(f":{clinic.config.port}/", ":1/"))
    with (
        pytest.raises(ServerUnavailable) as refused,
        clinic_record(away, a[1], None, a[0].data_dir),
    ):
        pytest.fail("no record without the server")
    assert "cannot reach the clinic server at 127.0.0.1:1" in str(refused.value.args[0])
    assert leftovers(a[0].data_dir) == []
