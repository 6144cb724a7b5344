"""One rule for a time in the future, on every custody form: a time a few minutes ahead
of the server's clock (a device whose clock runs fast) is accepted, and later is refused
beside its field. The tolerance lives in custody.records.rules.FUTURE_TOLERANCE."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custody.booking.forms import BookInForm, NeedsForm, PropertyForm, RightsForm
from custody.detention.forms import ChargeForm, HospitalStayForm, ReviewForm
from custody.healthcare.forms import CheckForm
from custody.records.forms import NoteForm
from custody.records.rules import FUTURE_TOLERANCE, LONDON

FORMS = [
    (BookInForm, "arrested_at", {"force": None}),
    (BookInForm, "arrived_at", {"force": None}),
    (RightsForm, "at", {}),
    (PropertyForm, "at", {}),
    (NeedsForm, "at", {}),
    (NoteForm, "at", {}),
    (CheckForm, "at", {"level": 1}),
    (ReviewForm, "at", {}),
    (ChargeForm, "at", {}),
    (HospitalStayForm, "returned_at", {}),
]


def _typed(name, moment):
    local = moment.astimezone(LONDON)
    return {f"{name}_0": local.strftime("%d/%m/%Y"), f"{name}_1": local.strftime("%H:%M")}


@pytest.mark.parametrize("form_class, field, kwargs", FORMS,
                         ids=[f"{form.__name__}.{field}" for form, field, _ in FORMS])
@pytest.mark.parametrize("ahead, refused", [(FUTURE_TOLERANCE - timedelta(minutes=2), False),
                                            (FUTURE_TOLERANCE + timedelta(minutes=2), True)])
def test_a_time_ahead_is_refused_only_beyond_the_tolerance(db, form_class, field, kwargs,
                                                           ahead, refused):
    form = form_class(_typed(field, timezone.now() + ahead), **kwargs)
    form.is_valid()
    said = " ".join(form.errors.get(field, []))
    assert ("future" in said) == refused, said
