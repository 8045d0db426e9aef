from django.urls import path

from lotsa.work import (
    attendance_report_views,
    matching_views,
    picker_views,
    placement_views,
    report_views,
    views,
)

app_name = "work"
urlpatterns = [
    path("arbetsgivare/", views.employer_list, name="employers"),
    path("arbetsgivare/ny/", views.employer_edit, name="employer_create"),
    path("arbetsgivare/valj/", picker_views.employer_picker, name="employer_picker"),
    path("arbetsgivare/valj/ny/", picker_views.employer_inline_create, name="employer_inline"),
    path("arbetsgivare/<int:employer_id>/", views.employer_detail, name="employer_detail"),
    path("arbetsgivare/<int:employer_id>/andra/", views.employer_edit, name="employer_edit"),
    path(
        "arbetsgivare/<int:employer_id>/kontaktpersoner/ny/",
        views.employer_contact_add,
        name="employer_contact_add",
    ),
    path(
        "arbetsgivare/<int:employer_id>/avtal/ny/",
        views.employer_agreement_add,
        name="employer_agreement_add",
    ),
    path(
        "arbetsgivare/<int:employer_id>/kontakter/ny/",
        views.employer_contact_log_add,
        name="employer_contact_log_add",
    ),
    path("arenor/", views.training_arena_list, name="arenas"),
    path("arenor/ny/", views.training_arena_edit, name="arena_create"),
    path("arenor/valj/", picker_views.arena_picker, name="arena_picker"),
    path("arenor/valj/ny/", picker_views.arena_inline_create, name="arena_inline"),
    path("arenor/<int:arena_id>/", views.training_arena_edit, name="arena_edit"),
    path("arenor/<int:arena_id>/oversikt/", placement_views.arena_detail, name="arena_detail"),
    path("arenor/<int:arena_id>/narvaro/", placement_views.arena_week, name="arena_week"),
    path(
        "placeringar/ny/<int:case_id>/",
        placement_views.placement_create,
        name="placement_create",
    ),
    path(
        "placeringar/<int:placement_id>/",
        placement_views.placement_detail,
        name="placement_detail",
    ),
    path(
        "placeringar/<int:placement_id>/andra/",
        placement_views.placement_edit,
        name="placement_edit",
    ),
    path(
        "placeringar/<int:placement_id>/narvaro/",
        placement_views.attendance_add,
        name="attendance_add",
    ),
    path(
        "narvaro/<int:case_id>/<int:year>/<int:month>/",
        placement_views.attendance_month,
        name="attendance_month",
    ),
    path(
        "narvaro/<int:case_id>/<int:year>/<int:month>/csv/",
        placement_views.attendance_month_csv,
        name="attendance_month_csv",
    ),
    path(
        "narvarorapporter/",
        attendance_report_views.attendance_summaries,
        name="attendance_summaries",
    ),
    path(
        "narvarorapporter/ny/<int:case_id>/",
        attendance_report_views.attendance_report_create,
        name="attendance_report_create",
    ),
    path(
        "narvarorapporter/<int:report_id>/",
        attendance_report_views.attendance_report,
        name="attendance_report",
    ),
    path(
        "narvarorapporter/<int:report_id>/signera/",
        attendance_report_views.attendance_report_sign,
        name="attendance_report_sign",
    ),
    path(
        "narvarorapporter/<int:report_id>/skicka/",
        attendance_report_views.attendance_report_share,
        name="attendance_report_share",
    ),
    path(
        "narvarorapporter/<int:report_id>/sammanfattning/",
        attendance_report_views.attendance_summary,
        name="attendance_summary",
    ),
    path(
        "narvarorapporter/<int:report_id>/sammanfattning.csv",
        attendance_report_views.attendance_summary_csv,
        name="attendance_summary_csv",
    ),
    path(
        "narvarorapporter/<int:report_id>/sammanfattning.xlsx",
        attendance_report_views.attendance_summary_xlsx,
        name="attendance_summary_xlsx",
    ),
    path("kostnader/", report_views.cost_summary, name="costs"),
    path("kostnader/export.csv", report_views.cost_export_csv, name="costs_csv"),
    path("kostnader/export.xlsx", report_views.cost_export_xlsx, name="costs_xlsx"),
    path(
        "matchning/deltagare/<int:participant_id>/",
        matching_views.match_participant,
        name="match_participant",
    ),
    path(
        "matchning/arbetsgivare/<int:employer_id>/",
        matching_views.match_employer,
        name="match_employer",
    ),
    path(
        "deltagare/<int:participant_id>/yrkesintressen/",
        matching_views.job_profile_edit,
        name="job_profile_edit",
    ),
]
