"""How a coalition of states holds together or unravels (`world.cohesion`): exits, contagion, the wedge.

These act among the coalition's members (`coalition: states`); with the aggregate `europe` there is no
coalition of states to leave, and they do nothing. [S] marks a figure or a finding from a public source
(docs/research/coalition.md, section 11), [M] an assumption of this model.
"""

from __future__ import annotations

from sim.schema.params import Section, Uncertain, param


class CohesionWorld(Section):
    """A coalition's cohesion: who leaves, who follows, and Russia's wedge."""

    exit_contagion: Uncertain = param(
        0.2,
        "logit units",
        0,
        3,
        "Resolve each remaining member loses (as fatigue, fading like it) when a member leaves the "
        "coalition. [S] Davidson 2014: allies withdraw when they expect 'minimal alliance fallout'; an exit "
        "shows the fallout is small. [M] The size: no study gives one; wide.",
    )
    lead_exit_contagion: Uncertain = param(
        0.6,
        "logit units",
        0,
        3,
        "The same when a lead nation (France, the United Kingdom) leaves. [M] Three times a small "
        "member's: the lead nations command the force and carry its logistics; the Netherlands' exit from "
        "Uruzgan in 2010 (a non-lead) was followed by no domino (dw.com 2010-02-23). No study measures "
        "the difference: a model property motivated by Davidson 2014 and Weisiger 2015, stated as such.",
    )
    viable_force_share: Uncertain = param(
        0.5,
        "share of the force's declared troops",
        0,
        1,
        "Below this share of a force's declared troops still in Ukraine, the rest go home: a force too small "
        "to hold its hubs and air cover. [M] No declared viable size was found (docs/research/coalition.md "
        "section 10); the one anchor is a force 'comfortably north of 10,000' (Sunday Times, 16 Mar 2025), "
        "a third to a half of the 25-30k discussed; wide.",
    )
    wedge: Uncertain = param(
        0.0,
        "probability",
        0,
        1,
        "Chance Russia aims a month's probe at the one member it believes weakest, rather than at every "
        "committed guarantor (a wedge strategy); the target alone answers, bears any incident and is "
        "threatened. [S] Weisiger 2015: partners fighting apart are targets of wedge strategies and defect "
        "more; Crawford 2011 on wedge strategies. [M] 0: off unless a scenario turns it on "
        "(scenarios/sweeps/wedge.yaml).",
    )
    wedge_threat: Uncertain = param(
        0.05,
        "logit units per month",
        0,
        1,
        "Resolve the targeted member loses in a month Russia probes it (threats aimed at its public), times "
        "its casualty aversion. [M] As an incident's fatigue.",
    )
    exit_signal: Uncertain = param(
        1.0,
        "pseudo-observations",
        0,
        50,
        "Counts against each remaining member's resolve in Russia's belief when a member leaves: Russia "
        "reads an exit as a signal about the rest. [M] A third of a withdrawal's signal about the leaver.",
    )
