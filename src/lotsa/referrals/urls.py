from django.urls import path

from lotsa.referrals import views

app_name = "referrals"
urlpatterns = [
    path("ny/", views.referral_create, name="new"),
    path("ny/bedomning/", views.referral_evaluate, name="evaluate"),
    path("mina/", views.referral_mine, name="mine"),
    path("ko/", views.intake_queue, name="queue"),
    path("<int:referral_id>/", views.referral_detail, name="detail"),
    path("<int:referral_id>/besked/", views.referral_decide, name="decide"),
    path("<int:referral_id>/aterkalla/", views.referral_withdraw, name="withdraw"),
]
