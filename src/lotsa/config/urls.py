from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from lotsa.shell.forms import SignInForm

urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=SignInForm
        ),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("sprak/", set_language, name="set_language"),
    path("", include("lotsa.shell.urls")),
    path("tvastegsverifiering/", include("lotsa.signin.urls")),
    path("admin-org/", include("lotsa.organisations.urls")),
    path("instans/", include("lotsa.onboarding.urls")),
    path("konto/", include("lotsa.organisations.account_urls")),
    path("deltagare/", include("lotsa.people.urls")),
    path("logg/", include("lotsa.oversight.urls")),
    path("remisser/", include("lotsa.referrals.urls")),
    path("arenden/", include("lotsa.cases.urls")),
    path("journal/", include("lotsa.cases.journal.urls")),
    path("arbete/", include("lotsa.work.urls")),
    path("riktlinjer/", include("lotsa.guidelines.urls")),
    path("registerutdrag/", include("lotsa.retention.urls")),
    path("beslut/", include("lotsa.decisions.urls")),
    path("bedomningar/", include("lotsa.assessments.urls")),
    path("samverkan/", include("lotsa.collaboration.urls")),
    path("meddelanden/", include("lotsa.messaging.urls")),
    path("mina-sidor/", include("lotsa.portal.urls")),
    path("enkater/", include("lotsa.surveys.urls")),
    path("statistik/", include("lotsa.statistics.urls")),
    path("rapporter/", include("lotsa.reporting.urls")),
    path("efter-avslut/", include("lotsa.outcomes.urls")),
    path("api/", include("lotsa.api.urls")),
    path("django-admin/", admin.site.urls),
]

if settings.LOTSA_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
