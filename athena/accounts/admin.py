from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from athena.accounts.models import Force, User


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "rank", "collar_number", "force"]
    list_filter = ["force", "groups", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Force and rank", {"fields": ["force", "rank", "collar_number"]}),
    ]
