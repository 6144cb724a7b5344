"""Test-only URLs: the project's, and a small form that shows how a form view includes
the offence picker without JavaScript."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from athena import urls as athena_urls
from athena.offences.picker import (
    CHOICE_FIELD,
    FIND_BUTTON,
    picker_context,
    picker_context_from_data,
)

EXAMPLE_FORM = """{% extends "base.html" %}
{% block content %}
<form method="post" novalidate>
  {% csrf_token %}
  {% include "offences/_picker.html" %}
  <button type="submit" class="govuk-button" data-module="govuk-button">Save offence</button>
</form>
{% if saved %}<p class="govuk-body" id="saved">Saved {{ saved }}</p>{% endif %}
{% endblock %}"""


def offence_form_example(request):
    """A form holding the picker. "Find offence" (no JavaScript) shows the results;
    "Save offence" needs a chosen offence."""
    context = picker_context(None)
    if request.method == "POST":
        context = picker_context_from_data(request.POST)
        if FIND_BUTTON not in request.POST:
            code = request.POST.get(CHOICE_FIELD, "")
            if any(option.checked for option in context["offence_picker"].options):
                context["saved"] = code
            else:
                context = picker_context(request.POST.get("offence_query"),
                                         error="Choose the offence")
    template = engines["django"].from_string(EXAMPLE_FORM)
    return HttpResponse(template.render(context, request))


# The project's URLs (the picker's results are offences:picker_results), and the example
# form under its own name.
urlpatterns = [
    path("offence-picker/example/", offence_form_example, name="offence_form_example"),
    *athena_urls.urlpatterns,
]
