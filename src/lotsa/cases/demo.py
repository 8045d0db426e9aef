"""Demo: a coach's saved views of Mina ärenden, and cases handed over from a coach on leave."""

from typing import TYPE_CHECKING

from lotsa.cases.constants import OPEN_CASE_STATUSES
from lotsa.cases.models import Case
from lotsa.cases.services import cases_reassign, saved_case_filter_save

if TYPE_CHECKING:
    from lotsa.people.demo import DemoContext

SAVED_VIEWS = (
    ("Måndag morgon", "filter=uppfoljning&sort=next_follow_up"),
    ("Nya att träffa", "filter=nya&sort=start_date"),
    ("Tysta 60 dagar", "filter=utan-kontakt&days=60&sort=last_contact"),
)
HANDED_OVER = 3


def build_demo(context: "DemoContext") -> list[str]:
    coach, leaving, manager = (
        context.staff["coach1"],
        context.staff["coach4"],
        context.staff["manager1"],
    )
    for name, query in SAVED_VIEWS:
        saved_case_filter_save(actor=coach, list_name="my_cases", name=name, query=query)
    cases = list(
        Case.objects.filter(coach=leaving, status__in=OPEN_CASE_STATUSES)
        .select_related("participant")
        .order_by("start_date", "id")[:HANDED_OVER]
    )
    portal_case = context.shared.get("portal_case")
    if (
        isinstance(portal_case, Case)
        and portal_case.unit_id == manager.unit_id
        and portal_case not in cases
    ):
        cases.append(portal_case)
    moved = [case for case in cases if case.coach_id != coach.pk]
    if moved:
        cases_reassign(
            actor=manager,
            cases=moved,
            coach=coach,
            note=(
                f"{leaving.get_full_name()} är föräldraledig från i dag. Läs senaste "
                "uppföljningen och boka ett första möte inom två veckor."
            ),
            on=context.today,
        )
    return [
        f"Mina ärenden: {coach.username} har {len(SAVED_VIEWS)} sparade urval; "
        f"{manager.username} flyttade {len(moved)} ärenden från {leaving.username} "
        f"till {coach.username} med en överlämningsanteckning (Mina sidor visar bytet)."
    ]
