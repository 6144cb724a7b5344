"""Admin pages for the nominal index: for looking things up and putting mistakes right.

Officers work through the app's own pages, which audit every read and write. Changes
made here re-derive the search fields and queue the index job as the services do.
"""

from django.contrib import admin
from django.db import transaction

from athena.audit.services import audit_record
from athena.jobs.services import job_enqueue
from athena.people.models import (
    Alias,
    Location,
    Organisation,
    Person,
    PersonAddress,
    PersonVehicle,
    TelephoneNumber,
    Vehicle,
)
from athena.people.names import person_search_text
from athena.people.services import PERSON_INDEX_JOB


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0
    fields = ["surname", "forenames", "created_at"]
    readonly_fields = ["created_at"]


class PersonAddressInline(admin.TabularInline):
    model = PersonAddress
    extra = 0
    raw_id_fields = ["location"]
    fields = ["address_type", "location", "created_at"]
    readonly_fields = ["created_at"]


class PersonVehicleInline(admin.TabularInline):
    model = PersonVehicle
    extra = 0
    raw_id_fields = ["vehicle"]
    fields = ["link_type", "vehicle", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["surname", "forenames", "date_of_birth", "pnc_id", "created_by_force"]
    list_filter = ["created_by_force", "gender"]
    search_fields = ["surname", "forenames", "pnc_id", "cro_number", "aliases__surname"]
    list_select_related = ["created_by_force"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["search_text", "phonetic_keys", "version", "created_at", "updated_at"]
    inlines = [AliasInline, PersonAddressInline, PersonVehicleInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person = form.instance
        with transaction.atomic():
            aliases = person.aliases.values_list("forenames", "surname")
            person.search_text = person_search_text(forenames=person.forenames,
                                                    surname=person.surname, aliases=aliases)
            person.save(update_fields=["search_text"])
            audit_record(actor=request.user,
                         action="people.person.updated" if change else "people.person.created",
                         obj=person, details={"via": "admin"})
            job_enqueue(kind=PERSON_INDEX_JOB, obj=person)


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["address_line_1", "town", "postcode", "created_by_force"]
    list_filter = ["created_by_force"]
    search_fields = ["address_line_1", "postcode", "town"]
    list_select_related = ["created_by_force"]
    raw_id_fields = ["created_by"]


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = ["registration_mark", "make", "model", "colour", "created_by_force"]
    list_filter = ["created_by_force"]
    search_fields = ["registration_mark"]
    list_select_related = ["created_by_force"]
    raw_id_fields = ["created_by"]


@admin.register(TelephoneNumber)
class TelephoneNumberAdmin(admin.ModelAdmin):
    list_display = ["number", "telephone_type", "person", "created_by_force"]
    search_fields = ["number"]
    list_select_related = ["person", "created_by_force"]
    raw_id_fields = ["person", "created_by"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_by_force"]
    search_fields = ["name"]
    list_select_related = ["created_by_force"]
    raw_id_fields = ["people", "created_by"]
