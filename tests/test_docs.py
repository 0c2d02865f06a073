"""Documentation generated from the schema stays in step with it."""

from pathlib import Path

from sim.readme import demo_table, with_params

ROOT = Path(__file__).resolve().parents[1]


def test_readme_parameter_table_matches_the_schema():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_params(text) == text, "run `make readme` to regenerate the README's table"


def test_every_parameter_row_has_unit_default_and_reason():
    from sim.report import parameter_rows

    rows = parameter_rows()
    assert len(rows) > 80
    for row in rows:
        assert row["reason / source"], row["parameter"]
        if row["parameter"].startswith("world."):
            assert row["unit"] and row["range"], row["parameter"]


def test_readme_baseline_table_is_what_the_model_gives():
    """The README's headline table is pinned: the baseline at its seed reproduces it exactly."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert demo_table() in text, "run `make readme` to regenerate the README's baseline table"
