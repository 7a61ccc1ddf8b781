"""The command line's words in the clinic's language beyond the first wave: the mastery
rule `levels` prints, why an autoplay attempt ended, a child's language, voice and
check-in scale (`profiles add --language ...`, `profiles edit`, `profiles show`) and the
empty choice listed as `""` with its meaning when a value is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from sensory_games.cli import main
from sensory_games.cli.clinic_language import LANGUAGE_ENV
from sensory_games.domain.language import words
from sensory_games.domain.profile import PROFILE_SCHEMA
from sensory_games.domain.sentence import render
from sensory_games.storage import Repository

#: The words of the clinic's rule as `levels` prints them, per language.
RULE = {
    "es": "la de la clínica: subir tras 3 seguidos con precisión >= 0.80",
    "ar": "قاعدة العيادة: التقدم بعد 3 متتالية بدقة >= 0.80",
    "zh": "诊所的规则：连续 3 次准确率 >= 0.80、覆盖率 >= 0.90",
}


@pytest.fixture(autouse=True)
def _no_language_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LANGUAGE_ENV, raising=False)


def common(tmp_path: Path, data_dir: Path, language: str) -> list[str]:
    folder = tmp_path / "clinic"
    folder.mkdir(exist_ok=True)
    (folder / "app.yaml").write_text(f"clinic:\n  language: {language}\n", encoding="utf-8")
    return ["--data-dir", str(data_dir), "--config-dir", str(folder)]


@pytest.mark.parametrize("language", list(RULE))
def test_levels_says_the_mastery_rule_in_the_clinics_language(
    tmp_path: Path, data_dir: Path, capsys, language: str
) -> None:
    options = common(tmp_path, data_dir, language)
    assert main(["profiles", "add", "Mia", *options]) == 0
    capsys.readouterr()
    assert main(["levels", "Mia", *options]) == 0
    out = capsys.readouterr().out
    assert RULE[language] in out
    assert "advance after" not in out and "the clinic's" not in out


def test_an_autoplay_attempt_ended_early_says_why_in_words() -> None:
    from sensory_games.cli.play import _why

    assert render(_why("calm_down"), words("zh")) == "平静休息"
    assert render(_why("timeout"), words("ar")) == "انتهى الوقت"
    assert render(_why("calm_down"), words("en")) == "calm-down break"


@pytest.mark.parametrize(
    ("language", "meaning"),
    [("en", "the clinic's language"), ("es", "el de la clínica"), ("zh", "诊所的语言")],
)
def test_the_empty_choice_is_listed_as_quotes_with_its_meaning(language: str, meaning: str) -> None:
    allowed = render(PROFILE_SCHEMA["language"].allowed(), words(language))
    assert f'"" ({meaning}), en, es, ar, zh' in allowed or f'""（{meaning}）, en' in allowed
    assert ", , " not in allowed and " , " not in allowed


def test_profiles_add_edit_and_show_a_childs_language_voice_and_scale(
    tmp_path: Path, data_dir: Path, capsys
) -> None:
    options = common(tmp_path, data_dir, "ar")
    add = ["profiles", "add", "Lina", "--language", "zh", "--no-voice"]
    assert main([*add, "--check-in-scale", "zones", "--animal", "mouse", *options]) == 0
    child = Repository(data_dir).profile_by_alias("Lina")
    assert child is not None
    assert (child.language, child.voice, child.check_in_scale) == ("zh", False, "zones")
    capsys.readouterr()
    assert main(["profiles", "show", "Lina", *options]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert "فأر (mouse) (اللون 0)" in shown[1]  # the animal in words, as typed after it
    assert "إصبع (finger)" in shown[4]
    assert shown[-4:-1] == [
        "اللغة:           中文 (zh)",
        "الصوت:           إيقاف",
        "مقياس المزاج:    مناطق الألوان الأربعة (zones)",
    ]
    assert shown[-1] == "تسجيلات المشاعر: لا شيء بعد"  # (a space after the heading)
    assert main(["profiles", "edit", "Lina", "--language", "", "--voice", *options]) == 0
    edited = Repository(data_dir).profile_by_alias("Lina")
    assert edited is not None
    assert (edited.language, edited.voice, edited.check_in_scale) == ("", True, "zones")
    assert (edited.animal, edited.intensity) == (child.animal, child.intensity)
    assert 'اللغة:           "" (لغة العيادة)' in capsys.readouterr().out


def test_profiles_edit_refuses_a_language_naming_the_choices_and_needs_a_change(
    tmp_path: Path, data_dir: Path, capsys
) -> None:
    options = common(tmp_path, data_dir, "en")
    assert main(["profiles", "add", "Lina", *options]) == 0
    capsys.readouterr()
    assert main(["profiles", "edit", "Lina", "--language", "xx", *options]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        "sensory-games: language = 'xx': must be one of \"\" (the clinic's language), "
        "en, es, ar, zh"
    )
    assert main(["profiles", "edit", "Lina", *options]) == 2
    assert "say what to change: --language" in capsys.readouterr().err
