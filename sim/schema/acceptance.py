"""Russia's veto: whether it accepts a ceasefire that comes with a given package.

Before the ceasefire takes effect Russia accepts or rejects it, with a chance logistic in what the
package contains (Russia's stated objections) and in Russia's own situation:

    logit P(accept) = base − Σ objection_i × feature_i − ambition × ln(ambition) − power × ln(power)

A package imposed over Russia's objection skips this stage (the ceasefire comes without its
consent) and costs a grievance in proportion to the objection it overrides. [S] marks a figure from
a public source, [M] an assumption of this model.
"""

from __future__ import annotations

from sim.schema.params import Section, Uncertain, param


class Acceptance(Section):
    """How Russia's acceptance of a ceasefire depends on the package and on its own situation."""

    base: Uncertain = param(
        2.0,
        "log-odds",
        -10,
        10,
        "Log-odds that Russia accepts a ceasefire with no guarantees attached, at ambition 1 and "
        "power parity: 2 is 88%. [M] The scenario supposes a ceasefire is on the table; a bare "
        "freeze meets none of Russia's stated objections.",
    )
    foreign_troops: Uncertain = param(
        4.0,
        "log-odds at full presence",
        0,
        20,
        "Objection to foreign (NATO-country) troops in Ukraine, a force or an armed zone, × troops / "
        "(troops + troops_scale): 30,000 cost 3 log-odds (88% → 27%). [S] Lavrov, 6 Mar 2025: "
        "'no room for compromise'; Zakharova, 13 Mar 2025: 'under any flag' absolutely "
        "unacceptable; Putin, 5 Sep 2025: 'legitimate targets' (docs/evidence.md). [M] The size: the "
        "sources give the direction and that it is Russia's strongest objection after NATO.",
    )
    troops_scale: Uncertain = param(
        10000.0,
        "troops",
        1,
        1_000_000,
        "Troops at which half the full objection to foreign troops is reached. [M] As the "
        "engagement of troops at risk (engagement_half_troops): a token presence is objected to "
        "less than an army, but any presence is objected to.",
    )
    nato: Uncertain = param(
        6.0,
        "log-odds",
        0,
        20,
        "Objection to Ukraine's NATO membership: Russia's first red line (88% → 2%). [S] Putin, "
        "14 Jun 2024: a ceasefire if Kyiv 'abandons plans to join NATO'. [M] The size.",
    )
    eu: Uncertain = param(
        0.5,
        "log-odds",
        0,
        20,
        "Objection to Ukraine's EU membership. [S] Peskov, 18 Feb 2025: 'the sovereign right of any "
        "country', with 'a completely different position' on military alliances. [M] Small, not "
        "zero: art. 42(7) is a defence clause.",
    )
    pledge: Uncertain = param(
        1.5,
        "log-odds at full engagement",
        0,
        20,
        "Objection to a Western defence pledge, × its engagement (a treaty 1, an agreement 0.25). "
        "[S] The Istanbul communiqué (Mar 2022) named Russia among the guarantors; a guarantee "
        "without Russia is what it refused. [M] Below troops: no one is yet at the line.",
    )
    backstop: Uncertain = param(
        0.5,
        "log-odds",
        0,
        20,
        "Objection to a US intelligence, air-defence and surveillance backstop. [M] Small: it "
        "puts no troops in Ukraine, and a US role in monitoring was discussed with Moscow.",
    )
    arms: Uncertain = param(
        0.02,
        "log-odds per €bn a year",
        0,
        1,
        "Objection to arming Ukraine, per €bn a year of aid: €40bn costs 0.8. [S] Istanbul 2022: "
        "Russia asked for a cap of 85,000 troops (Ukraine offered 250,000); Putin, Jun 2024: limits "
        "on Ukraine's forces ('demilitarisation'). [M] The size.",
    )
    snapback: Uncertain = param(
        0.3,
        "log-odds",
        0,
        20,
        "Objection to a sanctions snap-back clause. [M] Small: sanctions relief is what Russia asks; "
        "a clause that can restore them makes the relief conditional.",
    )
    lookahead_months: Uncertain = param(
        60.0,
        "months",
        6,
        240,
        "How far ahead Russia looks when it weighs a package whose components come later or leave "
        "early: each is priced at its mean presence over this many months after the ceasefire "
        "(sim.model.foresight). [S] Western intelligence services put Russia's rebuilding for a "
        "large war at about five years (Danish Defence Intelligence Service, Feb 2025: a large-scale "
        "war in Europe possible within five years). [M] That the time Russia prices a guarantee over "
        "is the time it needs to be ready to test it again is this model's assumption.",
    )
    ambition: Uncertain = param(
        1.0,
        "log-odds per unit ln(ambition)",
        0,
        10,
        "How much less a Russia that values further conquest accepts a ceasefire: the worlds that "
        "accept are selected for lower ambition (selection into agreements, Fortna 2008). [M] 1: "
        "from 97% (ambition 0.3) to 73% (ambition 3) for a bare ceasefire.",
    )
    power: Uncertain = param(
        1.0,
        "log-odds per unit ln(power)",
        0,
        10,
        "How much less a Russia that is stronger at the ceasefire (initial_power, Ukraine = 1) "
        "accepts it: a side that expects to gain by fighting on refuses to stop (Fearon 1995). [M]",
    )
