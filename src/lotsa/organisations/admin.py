from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from lotsa.organisations.models import District, Organisation, Unit, User

admin.site.register(Organisation)
admin.site.register(Unit)
admin.site.register(District)


@admin.register(User)
class LotsaUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Lotsa", {"fields": ("organisation", "unit", "role", "title")}),
    )  # type: ignore[operator]
    list_display = ("username", "first_name", "last_name", "role", "unit", "organisation")
    list_filter = ("role", "organisation")
