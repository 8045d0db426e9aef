"""Default assumptions for the socio-economic evaluation, with where each comes from.

They are Lotsa's rounded planning figures, not official statistics: an organisation replaces
them with its own on the administrator's page, and the page always shows which figure is a
default and its source, next to the result. Amounts are kronor per person and year.
"""

from django.utils.translation import gettext_lazy as _

from lotsa.assessments.constants import IncomeSource
from lotsa.statistics.constants import Payer

PLANNING = _("Lotsas grova planeringsvärde, inte en officiell siffra – ersätt med egna värden.")

# income source -> (public cost per year, payer, the person's disposable income per year, source)
SUPPORT_COSTS: dict[str, tuple[int, str, int, object]] = {
    IncomeSource.SOCIAL_ASSISTANCE: (
        110_000,
        Payer.MUNICIPALITY,
        110_000,
        _("Jämför Socialstyrelsens statistik om ekonomiskt bistånd (utbetalt per mottagare). "),
    ),
    IncomeSource.UNEMPLOYMENT_INSURANCE: (
        190_000,
        Payer.ARBETSFORMEDLINGEN,
        150_000,
        _("Jämför IAF:s och a-kassornas statistik om genomsnittlig ersättning. "),
    ),
    IncomeSource.ACTIVITY_SUPPORT: (
        120_000,
        Payer.FORSAKRINGSKASSAN,
        100_000,
        _("Jämför Försäkringskassans statistik om aktivitetsstöd. "),
    ),
    IncomeSource.SICKNESS_BENEFIT: (
        200_000,
        Payer.FORSAKRINGSKASSAN,
        160_000,
        _("Jämför Försäkringskassans statistik om sjukpenning. "),
    ),
    IncomeSource.SICKNESS_COMPENSATION: (
        150_000,
        Payer.FORSAKRINGSKASSAN,
        130_000,
        _("Jämför Försäkringskassans statistik om sjuk- och aktivitetsersättning. "),
    ),
    IncomeSource.STUDENT_FINANCE: (
        40_000,
        Payer.CSN,
        110_000,
        _("Jämför CSN:s belopp för studiemedel (bidragsdelen är en kostnad, lånet återbetalas). "),
    ),
    IncomeSource.SALARY: (
        0,
        Payer.NONE,
        230_000,
        _("Lön betalas av arbetsgivaren. Jämför SCB:s lönestatistik. "),
    ),
    IncomeSource.OTHER: (0, Payer.NONE, 0, _("Okänd form: räknas utan kostnad. ")),
    IncomeSource.UNKNOWN: (0, Payer.NONE, 0, _("Okänd form: räknas utan kostnad. ")),
}

PROGRAMME_COST_PER_YEAR = 120_000
PROGRAMME_COST_SOURCE = _(
    "Jämför enhetens budget delad med antal deltagarår (deltagare × år i stöd). "
)
HORIZON_YEARS = 5  # NyttoSam's Futuro evaluation looks five years ahead (seed 003)


# Unit prices: key -> (price in kr, payer, unit, source). Health and care use is priced for
# Regionen, the sick-leave level for Försäkringskassan, and the value of work for society.
UNIT_PRICES: dict[str, tuple[int, str, object, object, object]] = {
    "psychiatric_contact": (
        3_000,
        Payer.REGION,
        _("Kontakt med psykiatrisk öppenvård"),
        _("kr per kontakt"),
        _("Jämför regionens prislista för utomlänsvård (läkarbesök i psykiatrisk öppenvård). "),
    ),
    "inpatient_day": (
        9_000,
        Payer.REGION,
        _("Vårddygn i slutenvård"),
        _("kr per vårddygn"),
        _("Jämför regionens prislista för utomlänsvård (vårddygn i psykiatrisk slutenvård). "),
    ),
    "sick_leave_year": (
        200_000,
        Payer.FORSAKRINGSKASSAN,
        _("Sjukskrivning på heltid"),
        _("kr per år (deltid räknas som hälften)"),
        _("Jämför Försäkringskassans statistik om sjukpenning per helårsekvivalent. "),
    ),
    "work_value_year": (
        350_000,
        "society",
        _("Värdet av ett års arbete"),
        _("kr per år i arbete"),
        _("Jämför SCB:s lönestatistik: lönekostnad med arbetsgivaravgifter för ett års arbete. "),
    ),
}


def price_label(key: str) -> str:
    return str(UNIT_PRICES[key][2])


def price_unit(key: str) -> str:
    return str(UNIT_PRICES[key][3])


def default_prices() -> dict[str, dict[str, object]]:
    return {
        key: {"price": price, "source": f"{note}{PLANNING}"}
        for key, (price, _payer, _label, _unit, note) in UNIT_PRICES.items()
    }


def default_costs() -> dict[str, dict[str, object]]:
    return {
        source: {
            "yearly_cost": cost,
            "payer": str(payer),
            "disposable_income": income,
            "source": f"{note}{PLANNING}",
        }
        for source, (cost, payer, income, note) in SUPPORT_COSTS.items()
    }
