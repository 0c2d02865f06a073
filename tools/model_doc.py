"""docs/model.md's table of symbols, generated from the schema by `make readme`.

Each symbol of its equations, the schema parameter behind it, and that parameter's default, unit and
range.

A symbol whose parameter leaves the schema, or a default that changes, makes the documentation test
fail until the table is regenerated, so the equations cannot drift from the code's parameters.
"""

from __future__ import annotations

from pathlib import Path

from sim.present.report import parameter_rows
from tools.blocks import replace_block

ROOT = Path(__file__).resolve().parents[1]
MODEL_DOC = ROOT / "docs" / "model.md"

# (symbol, submodel, meaning, parameter path): `<g>` stands for each guarantor, europe and us.
SYMBOLS = [
    ("b", "acceptance", "log-odds of accepting a bare ceasefire", "world.russia.acceptance.base"),
    ("G", "acceptance", "grievance of an imposed package, in full", "world.russia.imposition_grievance"),
    ("a_A", "acceptance", "weight of ln ambition", "world.russia.acceptance.ambition"),
    ("a_P", "acceptance", "weight of ln power", "world.russia.acceptance.power"),
    ("O", "acceptance", "objection to foreign troops, in full", "world.russia.acceptance.foreign_troops"),
    ("O", "acceptance", "objection to NATO membership", "world.russia.acceptance.nato"),
    ("O", "acceptance", "objection to a defence pledge (treaty)", "world.russia.acceptance.pledge"),
    ("r₀", "resolve", "baseline resolve", "world.<g>.resolve"),
    ("s", "resolve", "spread of an election's shift (logit)", "world.<g>.election_shift_sd"),
    ("ρ", "resolve", "reversion towards the baseline", "world.<g>.resolve_reversion"),
    ("σ", "resolve", "monthly volatility (logit)", "world.<g>.resolve_volatility"),
    ("f₁", "resolve", "growth of fatigue f a month deployed", "world.<g>.fatigue_rate"),
    ("T½", "fight", "troops at which engagement is one half", "world.<g>.engagement_half_troops"),
    ("c", "fight", "cap on the chance of fighting", "world.<g>.fight_cap"),
    ("abstention", "fight", "chance of sitting out whatever it promised", "world.<g>.abstention"),
    ("k", "success", "slope in the log force ratio", "world.russia.success_slope"),
    ("θ", "success", "force ratio for even odds, limited", "world.russia.limited_threshold"),
    ("θ", "success", "force ratio for even odds, full", "world.russia.full_threshold"),
    ("d", "success", "days to a limited objective, at parity", "world.russia.limited_days"),
    ("d", "success", "days to a full invasion's objective, at parity", "world.russia.full_days"),
    ("reaction days", "success", "days for a guarantor's forces to arrive", "world.<g>.reaction_days"),
    ("A", "attack", "Russia's ambition", "world.russia.ambition"),
    ("V", "attack", "value of a limited offensive (share of a full one)", "world.russia.limited_value"),
    ("C", "attack", "cost of a limited offensive", "world.russia.limited_cost"),
    ("C", "attack", "cost of a full invasion", "world.russia.full_cost"),
    ("Π", "attack", "cost of Europe fighting", "world.russia.fight_cost.europe"),
    ("Π", "attack", "cost of the US fighting", "world.russia.fight_cost.us"),
    ("Π", "attack", "cost of sanctions snapping back", "world.russia.sanctions_cost"),
    ("φ", "attack", "fait-accompli discount", "world.russia.fait_accompli"),
    ("w", "attack", "weight Russia gives costs", "world.russia.cost_weight"),
    ("g", "probe", "gain of an undetected probe", "world.russia.probe_gain"),
    ("c", "probe", "cost of a probe", "world.russia.probe_cost"),
    ("I", "probe", "value of what an answer reveals", "world.russia.probe_information_value"),
    ("u", "probe", "chance a probe goes unseen", "world.russia.probe_undetected"),
    ("m₀", "probe", "monitors that cut unseen probes by 1/e", "packages.<name>.buffer_zone.monitor_scale"),
    ("s", "probe", "share of unseen probes surveillance sees", "packages.<name>.us_backstop.probe_detection"),
    ("S", "probe", "surveillance (while the backstop is on)", "packages.<name>.us_backstop.surveillance"),
    ("R₀", "probe", "cost of an answer to Russia", "world.russia.probe_response_cost"),
    ("τ", "choice", "temperature of the attack choice", "world.russia.temperature"),
    ("τ_p", "choice", "temperature of the probe choice", "world.russia.probe_temperature"),
    ("π", "learning", "prior mean of a guarantor's resolve", "world.russia.prior_resolve.<g>"),
    ("n₀", "learning", "strength of the prior", "world.russia.prior_resolve.strength"),
    ("γ", "regeneration", "share of the gap to the ceiling closed a month", "world.russia.regeneration_rate"),
    ("P_max", "regeneration", "Russia's ceiling", "world.russia.max_power"),
    ("strain", "regeneration", "share of power lost a month", "world.russia.strain_rate"),
    ("slowdown", "regeneration", "regeneration lost while sanctioned", "packages.<name>.sanctions_snapback.regeneration_slowdown"),  # noqa: E501
    ("L_lim", "lead", "months before a limited offensive", "world.war.limited_lead_months"),
    ("L_full", "lead", "months before a full invasion", "world.war.full_lead_months"),
    ("m_b", "lead", "months of a visible build-up", "world.war.buildup_months"),
    ("C_claim", "lead", "ground Russia claims beyond the line", "world.war.claimed_territory"),
    ("c_occ", "lead", "cost of holding a point of Ukraine", "world.war.occupation_cost"),
    ("ω", "war", "interest's pull into a war", "world.war.interest_weight"),
    ("I", "war", "a guarantor's interest", "world.<g>.interest"),
    ("shadow", "war", "share of the pull a nuclear attacker removes", "world.war.nuclear_shadow"),
    ("k_f", "war", "front's pace per ln(force ratio)", "world.war.front_rate"),
    ("σ_f", "war", "front's noise", "world.war.front_noise"),
    ("m_f", "war", "most ground a positional month", "world.war.front_max"),
    ("I_lim", "war", "intensity of a limited war", "world.war.limited_intensity"),
    ("a", "war", "attrition per unit of defence", "world.war.attrition"),
    ("ρ_x", "war", "exchange ratio at parity", "world.war.exchange_ratio"),
    ("κ", "war", "casualties per unit of power lost", "world.war.casualties_per_power"),
    ("c", "war", "casualty fatigue (log)", "world.war.war_fatigue"),
    ("K₀", "war", "where the casualty curve bends", "world.war.casualty_scale"),
    ("h_use", "escalation", "monthly nuclear use hazard (an assumption)", "world.war.nuclear_use_hazard"),
    ("b_k", "end", "log-odds a month a limited war ends", "world.war.end_limited"),
    ("b_k", "end", "log-odds a month a full war ends", "world.war.end_full"),
    ("c_v", "end", "weight of ln months of war", "world.war.end_convergence"),
    ("c_K", "end", "weight of ln Russia's casualties", "world.war.end_costs"),
    ("d", "end", "a clear outcome", "world.war.end_decisive"),
    ("μ", "end", "momentum (Russia gaining)", "world.war.end_momentum"),
    ("age₀", "talks", "months the war has run at month 0", "world.talks.war_age_months"),
    ("P_R(0)", "talks", "Russia's power at month 0 (start: war)", "world.talks.russia_power"),
    ("K_R(0)", "talks", "Russia's casualties before month 0", "world.talks.russia_losses"),
    ("b_R", "talks", "log-odds a month Russia accepts a bare offer", "world.talks.russia_base"),
    ("k", "talks", "its unmet claim, in full", "world.talks.claim"),
    ("e", "talks", "economic strain, a year", "world.talks.economy"),
    ("s", "talks", "a stalled front's expected movement", "world.talks.stalled_front"),
    ("t_rec", "talks", "recognition of Russia's hold (Russia)", "world.talks.recognition"),
    ("t_cap", "talks", "a cap on Ukraine's army (Russia)", "world.talks.army_limit"),
    ("b_U", "talks", "log-odds a month Ukraine accepts a bare offer", "world.talks.ukraine_base"),
    ("g", "talks", "weight of Ukraine's believed protection", "world.talks.ukraine_guarantee"),
    ("c_U", "talks", "weight of ln Ukraine's casualties", "world.talks.ukraine_costs"),
    ("π_U", "talks", "Ukraine's prior belief in a guarantor's resolve", "world.talks.ukraine_prior"),
    ("n_U", "talks", "its strength", "world.talks.ukraine_prior_strength"),
]  # fmt: skip
GUARANTORS = ("europe", "us")


def _rows() -> dict[str, dict[str, str]]:
    return {row["parameter"]: row for row in parameter_rows()}


def symbol_rows() -> list[dict[str, str]]:
    """One row per symbol, its default shown for each guarantor where it has one per guarantor."""
    rows, known = [], _rows()
    for symbol, submodel, meaning, path in SYMBOLS:
        paths = [path.replace("<g>", g) for g in GUARANTORS] if "<g>" in path else [path]
        missing = [p for p in paths if p not in known]
        if missing:
            raise KeyError(f"docs/model.md's symbol {symbol} names {missing[0]}, not in the schema")
        found = [known[p] for p in paths]
        default = " / ".join(r["default"] for r in found)
        if len(paths) > 1:
            default = f"{default} (Europe / US)"
        rows.append(
            {
                "symbol": symbol,
                "submodel": submodel,
                "meaning": meaning,
                "parameter": f"`{path}`",
                "default": default,
                "unit": found[0]["unit"],
                "range": found[0]["range"],
            }
        )
    return rows


def symbols_table() -> str:
    """The symbol table as Markdown."""
    rows = symbol_rows()
    head = "| " + " | ".join(rows[0]) + " |\n|" + "---|" * len(rows[0])
    body = ["| " + " | ".join(v.replace("|", "\\|") for v in r.values()) + " |" for r in rows]
    return "\n".join([head, *body])


def with_symbols(text: str) -> str:
    """Return docs/model.md's text with its table of symbols regenerated from the schema."""
    return replace_block(text, "symbols", symbols_table())
