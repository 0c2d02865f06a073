"""Documentation generated from the schema stays in step with it."""

from pathlib import Path

from tools.calibration import DECADE_FIGURE, FIGURE, baseline, figure_hash, summary_hash
from tools.readme import (
    demo_table,
    with_coalition,
    with_limits,
    with_outcomes,
    with_params,
)

ROOT = Path(__file__).resolve().parents[1]


def test_readme_parameter_table_matches_the_schema():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_params(text) == text, "run `make readme` to regenerate the README's table"


def test_readme_coalition_table_matches_the_data_file():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| france | resolve |" in text
    assert with_coalition(text) == text, (
        "the README's coalition differs from its data file: run `make readme`"
    )


def test_readme_limits_table_matches_sim_limits():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_limits(text) == text, "the README's limits differ from sim/limits.py: run `make readme`"


def test_readme_outcome_and_summary_tables_match_their_declaration():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_outcomes(text) == text, "the README's column tables differ from sim/schema/outcomes.py"


def test_every_parameter_row_has_unit_default_and_reason():
    from sim.present.report import parameter_rows

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


def test_readme_figure_was_drawn_from_the_current_baseline():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"]({FIGURE.relative_to(ROOT).as_posix()})" in text
    assert figure_hash() == summary_hash(baseline()), "run `make readme` to redraw docs/figures/baseline.png"
    assert f"]({DECADE_FIGURE.relative_to(ROOT).as_posix()})" in text
    assert figure_hash(DECADE_FIGURE) == summary_hash(baseline()), "run `make readme` to redraw decade.png"


def test_the_lhs_sweep_varies_every_world_parameter_by_its_stated_rule():
    """A parameter added to the schema and not to the LHS sweep (or a range off the rule) fails here."""
    from sim.schema.design import load_sweep
    from tools.lhs_ranges import LHS_FILE, rendered

    text = LHS_FILE.read_text(encoding="utf-8")
    assert rendered(text) == text, "run `make readme` to regenerate the LHS sweep's ranges"
    sweep, _ = load_sweep(LHS_FILE)  # every path and range is one the schema accepts
    assert "world.russia.ambition.mode" in sweep.parameters  # a distribution keeps its spread
    assert "world.russia.cost_weight" in sweep.parameters


def test_model_doc_symbols_match_the_schema():
    from tools.model_doc import MODEL_DOC, with_symbols

    text = MODEL_DOC.read_text(encoding="utf-8")
    assert with_symbols(text) == text, "docs/model.md's symbols differ from the schema: run `make readme`"


def test_model_doc_symbol_naming_a_missing_parameter_fails(monkeypatch):
    import pytest

    from tools import model_doc

    monkeypatch.setattr(model_doc, "SYMBOLS", [("x", "none", "gone", "world.russia.no_such_thing")])
    with pytest.raises(KeyError, match="no_such_thing"):
        model_doc.symbols_table()


def _cited_object(name: str):
    """The object `module.attr` or `Class.attr` names in sim.model, or None."""
    import importlib
    import pkgutil

    import sim.model

    head, *rest = name.split(".")
    names = [m.name for m in pkgutil.iter_modules(sim.model.__path__)]
    modules = {n: importlib.import_module(f"sim.model.{n}") for n in names}
    if head in modules:
        starts = [modules[head]]
    else:
        starts = [getattr(m, head) for m in modules.values() if hasattr(m, head)]
    for obj in starts:
        for part in rest:
            obj = getattr(obj, part, None)
        if obj is not None:
            return obj
    return None


def test_model_doc_names_only_code_that_exists():
    """Every `module.function` or `Class.method` docs/model.md cites resolves in sim.model."""
    import re

    from sim.model.model import DeterrenceModel
    from sim.present.report import parameter_rows
    from tools.model_doc import MODEL_DOC

    text = MODEL_DOC.read_text(encoding="utf-8")
    leaves = {row["parameter"].rsplit(".", 1)[-1] for row in parameter_rows()}
    cited = set(re.findall(r"`((?:[A-Za-z_]+\.)+[A-Za-z_]+)`", text))
    cited = {c for c in cited if not c.startswith("world.") and "<" not in c}  # parameter paths
    assert len(cited) > 10
    assert _cited_object("decisions.no_such_rule") is None
    for name in sorted(cited):
        assert _cited_object(name) is not None, f"docs/model.md cites `{name}`, which sim.model does not have"
    steps = set(re.findall(r"`([A-Za-z_]+)`", text)) - leaves  # a bare name: a step of the model
    assert {"politics", "war"} <= steps
    for name in sorted(steps):
        assert hasattr(DeterrenceModel, name) or _cited_object(name), f"docs/model.md cites `{name}`"
