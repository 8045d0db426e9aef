from django.urls import path

from lotsa.assessments import views

app_name = "assessments"
urlpatterns = [
    path("arende/<int:case_id>/kartlaggning/ny/", views.mapping_create, name="mapping_create"),
    path("arende/<int:case_id>/kartlaggningar/", views.mapping_history, name="mapping_history"),
    path("arende/<int:case_id>/skattning/ny/", views.assessment_create, name="assessment_create"),
    path("arende/<int:case_id>/fas/", views.phase_set, name="phase_set"),
    path("arende/<int:case_id>/intyg/", views.certificate, name="certificate"),
    path("instrument/", views.instrument_list, name="instruments"),
    path("instrument/nytt/", views.instrument_create, name="instrument_create"),
    path(
        "instrument/installera-move/",
        views.instrument_install_move,
        name="instrument_install_move",
    ),
    path("instrument/<int:instrument_id>/", views.instrument_detail, name="instrument_detail"),
    path("instrument/<int:instrument_id>/andra/", views.instrument_edit, name="instrument_edit"),
    path(
        "instrument/<int:instrument_id>/ny-version/",
        views.instrument_new_version,
        name="instrument_new_version",
    ),
    path("instrument/<int:instrument_id>/omraden/nytt/", views.area_create, name="area_create"),
    path("omraden/<int:area_id>/moduler/ny/", views.module_create, name="module_create"),
    path("moduler/<int:module_id>/", views.module_edit, name="module_edit"),
    path("metoder/", views.method_list, name="methods"),
    path("metoder/installera/", views.methods_install, name="methods_install"),
    path("metoder/ny/", views.method_edit, name="method_create"),
    path("metoder/<int:method_id>/", views.method_edit, name="method_edit"),
    path("metodtrohet/", views.fidelity_own, name="fidelity"),
    path("metodtrohet/enhet/<int:unit_id>/", views.fidelity_unit, name="fidelity_unit"),
    path(
        "metodtrohet/enhet/<int:unit_id>/ny/<slug:scale_key>/",
        views.fidelity_review_create,
        name="fidelity_review_create",
    ),
    path(
        "metodtrohet/granskning/<int:review_id>/",
        views.fidelity_review_detail,
        name="fidelity_review",
    ),
]
