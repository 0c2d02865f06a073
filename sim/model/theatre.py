"""What an offensive would meet this month: Ukraine's defence, each guarantor's troops, speed and weight."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model import decisions as d
from sim.model.types import PerParty, Theatre, total
from sim.model.war import Phase


def theatre_of(model: Any, backstop: PerParty, troops: PerParty | None = None) -> Theatre:
    """What an offensive would meet this month: Ukraine's defence, each guarantor's troops and speed."""
    pk, now = model.pk, model.now
    on = total(backstop.values())  # a backstop is in place (whoever gives it)
    army = model.params.ukraine.army_troops
    intelligence = pk.intelligence_gain * pk.intelligence * on
    air_defence = pk.air_defence_gain * pk.air_defence * on
    warning = now.zone_warning + pk.surveillance_warning_days * pk.surveillance * on
    if (model.state.phase == Phase.BUILDUP).any():  # a build-up seen coming: time to reinforce
        warning = warning + model.params.war.buildup_warning_days * (model.state.phase == Phase.BUILDUP)
    if troops is None:
        troops = {name: g.troops_in_theatre() for name, g in model.guarantors.items()}
    troops_power, reaction, weight = {}, {}, {}
    for name, g in model.guarantors.items():
        p = g.p
        saved = pk.force_reaction_saved * np.minimum(troops[name] / pk.full_reaction_troops, 1.0)
        days = p.reaction_days - pk.backstop_reaction_saved * backstop[name] - saved
        weight[name] = p.fighting_weight
        if model.nato_any:  # (where no package brings NATO, the same numbers in fewer passes)
            nato = now.nato if model.nato_binds[name] is None else now.nato & pk.party[name].nato
            days = np.where(nato, np.minimum(days, pk.nato_reaction_days), days)
            if model.nato_weighted[name]:
                weight[name] = p.fighting_weight * np.where(nato, pk.party[name].nato_weight, 1.0)
        troops_power[name] = p.troop_quality * troops[name] / army
        reaction[name] = days - d.effective_warning(warning, p.decision_lag_days)
    force = total(g.cells.force_present * now.party[name].force for name, g in model.guarantors.items())
    return Theatre(
        local_defence=model.ukraine.local_defence(intelligence, air_defence),
        troops_power=troops_power,
        reaction=reaction,
        weight=weight,
        penalty=now.zone_penalty
        + pk.warning_penalty * pk.intelligence * on
        + pk.force_surprise_penalty * np.minimum(force / pk.full_reaction_troops, 1.0),
    )
