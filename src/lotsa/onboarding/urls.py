from django.urls import path

from lotsa.onboarding import views

app_name = "onboarding"
# Each step of the organisation's page posts to its own address (URL name → step).
STEP_PATHS = (
    ("medlemskommun", "member_add", "member"),
    ("myndighet", "partner_add", "partner"),
    ("riktlinje", "guideline_install", "guideline"),
    ("tom-riktlinje", "guideline_start", "empty_guideline"),
    ("enhet", "unit_add", "unit"),
    ("personal", "staff_import", "staff"),
)
urlpatterns = [
    path("organisationer/", views.organisation_list, name="organisations"),
    path("organisationer/ny/", views.organisation_create, name="organisation_create"),
    path("organisationer/<int:organisation_id>/", views.organisation_detail, name="organisation"),
    *(
        path(
            f"organisationer/<int:organisation_id>/{segment}/",
            views.organisation_step,
            {"step": step},
            name=name,
        )
        for segment, name, step in STEP_PATHS
    ),
]
