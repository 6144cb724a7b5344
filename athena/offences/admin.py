from django.contrib import admin

from athena.offences.models import Offence


@admin.register(Offence)
class OffenceAdmin(admin.ModelAdmin):
    """The catalogue is read-only here: it changes only through ``manage.py load_offences``."""

    list_display = ["cjs_code", "title", "category", "mode_of_trial", "recordable_on_pnc"]
    list_filter = ["category", "mode_of_trial", "recordable_on_pnc"]
    search_fields = ["cjs_code", "title"]
    show_full_result_count = False
    max_search_words = 10

    def get_search_results(self, request, queryset, search_term):
        # The admin adds one condition per word: SQLite refuses thousands of them, and
        # PostgreSQL refuses NUL characters.
        words = search_term.replace("\x00", "").split()[: self.max_search_words]
        return super().get_search_results(request, queryset, " ".join(words))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
