"""The CPS lawyer's forms: the charging decision on a file the CPS charges, and the
initial review of a file the police charged.

Each is one plain POST form for its outcomes; only the chosen outcome's part is checked,
so typing left in another outcome's fields never blocks a decision. Charges are chosen
from the file's offences (the wording editable) or added by CJS code; an action plan is
rows of what to do and by when. "Add another" buttons post the form back with one more
row, so nothing needs JavaScript.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from athena.offences.selectors import offence_get_by_code
from cases.forms import DATE_INPUT_FORMATS
from cases.models import OUTCOMES_OF_TASK, CpsTask, DecisionOutcome

MAX_ROWS = 10
WORDING_MAX = 2000
REASON_MAX = 10000
DESCRIPTION_MAX = 2000
CODE_MAX = 20

CHARGES_ANCHOR = "charges"
ACTIONS_ANCHOR = "actions"
GROUP_ANCHORS = (CHARGES_ANCHOR, ACTIONS_ANCHOR)


def row_count(value, *, add=False):
    """How many rows to show, from a posted hidden field: 1 to MAX_ROWS whatever comes."""
    text = str(value or "")
    count = int(text) if text.isascii() and text.isdigit() and len(text) < 3 else 1
    return max(1, min(count + (1 if add else 0), MAX_ROWS))


def _too_long(label, limit):
    return {"max_length": f"{label} must be {limit:,} characters or fewer"}


def _text(label, limit, *, rows=None, hint=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(label=label, required=False, max_length=limit, widget=widget,
                           help_text=hint, error_messages=_too_long(label, limit))


def _choices(task):
    return [(outcome.value, outcome.label) for outcome in OUTCOMES_OF_TASK[task]]


def _same_words(first, second):
    """Whether two wordings say the same, whatever their spaces and line ends."""
    return " ".join(first.split()) == " ".join(second.split())


def _police_wording(charged):
    return charged.wording or charged.offence.title


class _CpsForm(forms.Form):
    """What both forms share: rows adding a charge by its CJS code, and action plan rows.
    A subclass gives the outcome field, the offence rows' fields and ``_relevant``."""

    CODE_ROWS_FOR = ()  # the outcomes whose charges the code rows add to
    ACTION_ROWS_FOR = ()  # the outcomes that make an action plan

    def __init__(self, *args, case, code_rows=1, action_rows=1, **kwargs):
        super().__init__(*args, **kwargs)
        self.suspects = list(case.suspects.all())
        self.offence_rows = [{"suspect": suspect, "charged": charged}
                             for suspect in self.suspects for charged in suspect.offences.all()]
        self.code_rows = list(range(1, code_rows + 1))
        for n in self.code_rows:
            self.fields[f"code_{n}"] = _text("CJS offence code", CODE_MAX,
                                             hint="For example, TH68010")
            self.fields[f"code_wording_{n}"] = _text(
                "Wording of the charge", WORDING_MAX, rows=3,
                hint="Leave blank to use the offence's title")
            if len(self.suspects) > 1:
                self.fields[f"code_suspect_{n}"] = forms.ChoiceField(
                    label="Who is charged", required=False, widget=forms.RadioSelect,
                    choices=[(str(s.pk), s.person.full_name) for s in self.suspects],
                    error_messages={"invalid_choice": "Choose who is charged"})
        self.action_rows = list(range(1, action_rows + 1))
        for n in self.action_rows:
            self.fields[f"action_{n}_description"] = _text(f"Action {n}", DESCRIPTION_MAX,
                                                           rows=3)
            self.fields[f"action_{n}_due"] = _text(f"Action {n} due by", 40,
                                                   hint="For example, 27/11/2026")
        self.charges = []
        self.dropped = []
        self.actions = []

    # --- Rendering helpers --------------------------------------------------------------

    def code_row_fields(self):
        return [{"n": n, "code": self[f"code_{n}"], "wording": self[f"code_wording_{n}"],
                 "suspect": self[f"code_suspect_{n}"] if len(self.suspects) > 1 else None}
                for n in self.code_rows]

    def action_row_fields(self):
        return [{"n": n, "description": self[f"action_{n}_description"],
                 "due": self[f"action_{n}_due"]} for n in self.action_rows]

    def error_list(self):
        """(anchor, message) for the error summary, in the order of the page. An error
        about a group of rows is placed by its code (the group's anchor), never by its
        words; any other error about the whole form goes to the top of the page."""
        listed = [(error.code if error.code in GROUP_ANCHORS else "main-content",
                   error.messages[0])
                  for error in self.errors.as_data().get(NON_FIELD_ERRORS, [])]
        listed += [(f"field-{name}", errors[0]) for name, errors in self.errors.items()
                   if name != NON_FIELD_ERRORS]
        return listed

    # --- Checking -----------------------------------------------------------------------

    def _relevant(self, name, outcome):
        if name in ("outcome", NON_FIELD_ERRORS):
            return True
        if outcome in self.CODE_ROWS_FOR and name.startswith("code_"):
            return True
        return outcome in self.ACTION_ROWS_FOR and name.startswith("action_")

    def _forget_other_outcomes(self, outcome):
        for name in [name for name in self._errors if not self._relevant(name, outcome)]:
            del self._errors[name]

    def _group_error(self, anchor, message):
        self.add_error(None, ValidationError(message, code=anchor))

    def _ok(self, *names):
        return not any(name in self._errors for name in names)

    def _clean_code_row(self, cleaned, n, **extra):
        code_name, wording_name, suspect_name = (f"code_{n}", f"code_wording_{n}",
                                                 f"code_suspect_{n}")
        if not self._ok(code_name, wording_name, suspect_name):
            return
        code = cleaned.get(code_name, "").strip()
        wording = cleaned.get(wording_name, "").strip()
        if not code and not wording:
            return
        if not code:
            self.add_error(code_name, "Enter the CJS code of the charge, for example TH68010")
            return
        offence = offence_get_by_code(code)
        if offence is None or not offence.is_criminal:
            self.add_error(code_name, f"There is no criminal offence with the code {code} in "
                                      "the CJS offence list")
            return
        if len(self.suspects) > 1:
            chosen = cleaned.get(suspect_name)
            suspect = next((s for s in self.suspects if str(s.pk) == chosen), None)
            if suspect is None:
                self.add_error(suspect_name, "Choose who is charged")
                return
        else:
            suspect = self.suspects[0] if self.suspects else None
        self.charges.append({
            "cjs_code": offence.cjs_code, "title": offence.title,
            "wording": wording or offence.title,
            "suspect_id": suspect.pk if suspect else None, **extra})

    def _clean_actions(self, cleaned):
        today = timezone.localdate()
        for n in self.action_rows:
            description_name, due_name = f"action_{n}_description", f"action_{n}_due"
            if not self._ok(description_name, due_name):
                continue
            description = cleaned.get(description_name, "").strip()
            typed_due = cleaned.get(due_name, "").strip()
            if not description and not typed_due:
                continue
            if not description:
                self.add_error(description_name, f"Describe what action {n} is")
            due_on = self._due_date(due_name, typed_due, today)
            if description and due_on is not None:
                self.actions.append((description, due_on))
        if not self.actions and not self._errors:
            self._group_error(ACTIONS_ANCHOR, "Add at least one action for the officer, "
                                              "with the date it is due")

    def _due_date(self, name, typed, today):
        if not typed:
            self.add_error(name, "Enter the date the action is due by, for example "
                                 "27/11/2026")
            return None
        try:
            due_on = forms.DateField(input_formats=DATE_INPUT_FORMATS).clean(typed)
        except ValidationError:
            self.add_error(name, "The due date must be a real date, for example 27/11/2026")
            return None
        if due_on < today:
            self.add_error(name, "The due date must be today or later")
            return None
        return due_on


class DecisionForm(_CpsForm):
    """The charging decision, on a file the CPS charges: charge, no further action, or
    further evidence needed."""

    CODE_ROWS_FOR = (DecisionOutcome.CHARGE,)
    ACTION_ROWS_FOR = (DecisionOutcome.FURTHER_EVIDENCE,)

    outcome = forms.ChoiceField(
        label="Charging decision", choices=_choices(CpsTask.CHARGING_DECISION),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the charging decision",
                        "invalid_choice": "Choose the charging decision"})
    nfa_reason = _text("Reason for no further action", REASON_MAX, rows=5,
                       hint="The officer and the supervisor see this. Say why the Full "
                            "Code Test is not met.")
    plan_note = _text("Note for the officer (optional)", REASON_MAX, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in self.offence_rows:
            charged = row["charged"]
            self.fields[f"charge_{charged.pk}"] = forms.BooleanField(
                required=False, label=charged.offence.title)
            wording = _text("Wording of the charge", WORDING_MAX, rows=3)
            wording.initial = _police_wording(charged)
            self.fields[f"wording_{charged.pk}"] = wording

    def reason(self):
        """The reason for no further action, or the action plan's note."""
        outcome = self.cleaned_data.get("outcome")
        if outcome == DecisionOutcome.NO_FURTHER_ACTION:
            return self.cleaned_data.get("nfa_reason", "").strip()
        if outcome == DecisionOutcome.FURTHER_EVIDENCE:
            return self.cleaned_data.get("plan_note", "").strip()
        return ""

    def offence_row_fields(self):
        return [{**row, "checkbox": self[f"charge_{row['charged'].pk}"],
                 "wording": self[f"wording_{row['charged'].pk}"]}
                for row in self.offence_rows]

    def _relevant(self, name, outcome):
        if outcome == DecisionOutcome.CHARGE and name.startswith(("charge_", "wording_")):
            return True
        if outcome == DecisionOutcome.NO_FURTHER_ACTION and name == "nfa_reason":
            return True
        if outcome == DecisionOutcome.FURTHER_EVIDENCE and name == "plan_note":
            return True
        return super()._relevant(name, outcome)

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        self._forget_other_outcomes(outcome)
        if outcome == DecisionOutcome.CHARGE:
            self._clean_charges(cleaned)
        elif outcome == DecisionOutcome.NO_FURTHER_ACTION:
            if "nfa_reason" not in self._errors and not cleaned.get("nfa_reason", "").strip():
                self.add_error("nfa_reason", "Give the reason for no further action")
        elif outcome == DecisionOutcome.FURTHER_EVIDENCE:
            self._clean_actions(cleaned)
        return cleaned

    def _clean_charges(self, cleaned):
        for row in self.offence_rows:
            charged = row["charged"]
            if not cleaned.get(f"charge_{charged.pk}"):
                continue
            name = f"wording_{charged.pk}"
            if not self._ok(name):
                continue
            wording = cleaned.get(name, "").strip()
            if not wording:
                self.add_error(name, f"Enter the wording of the charge of "
                                     f"{charged.offence.title}")
                continue
            self.charges.append({
                "cjs_code": charged.offence.cjs_code, "title": charged.offence.title,
                "wording": wording, "suspect_id": row["suspect"].pk,
                "charged_offence_id": charged.pk})
        for n in self.code_rows:
            self._clean_code_row(cleaned, n)
        if not self.charges and not self._errors:
            self._group_error(CHARGES_ANCHOR,
                              "Choose at least one charge, or add one by its CJS code")


class InitialReviewForm(_CpsForm):
    """The initial review of a file the police charged, for its first hearing: proceed
    on the charges as they are; proceed on amended charges (a charge's wording changed,
    a charge dropped or one added); more information needed, with an action plan; or
    discontinue, with the reason."""

    CODE_ROWS_FOR = (DecisionOutcome.PROCEED_AMENDED,)
    ACTION_ROWS_FOR = (DecisionOutcome.MORE_INFORMATION,)

    outcome = forms.ChoiceField(
        label="Initial review", choices=_choices(CpsTask.INITIAL_REVIEW),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of your review",
                        "invalid_choice": "Choose the outcome of your review"})
    proceed_note = _text("Note for the officer (optional)", REASON_MAX, rows=3)
    amend_note = _text("Why the charges changed (optional)", REASON_MAX, rows=3,
                       hint="The officer and the supervisor see this.")
    information_note = _text("Note for the officer (optional)", REASON_MAX, rows=3)
    discontinue_reason = _text("Reason for discontinuing", REASON_MAX, rows=5,
                               hint="The officer and the supervisor see this. Say which "
                                    "stage of the Full Code Test is not met.")

    NOTES = {DecisionOutcome.PROCEED: "proceed_note",
             DecisionOutcome.PROCEED_AMENDED: "amend_note",
             DecisionOutcome.MORE_INFORMATION: "information_note",
             DecisionOutcome.DISCONTINUE: "discontinue_reason"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in self.offence_rows:
            charged = row["charged"]
            self.fields[f"drop_{charged.pk}"] = forms.BooleanField(
                required=False, label="Drop this charge")
            wording = _text("Wording of the charge", WORDING_MAX, rows=3)
            wording.initial = _police_wording(charged)
            self.fields[f"wording_{charged.pk}"] = wording

    def reason(self):
        """The reason for discontinuing, or the note for the officer of another outcome."""
        name = self.NOTES.get(self.cleaned_data.get("outcome"))
        return self.cleaned_data.get(name, "").strip() if name else ""

    def offence_row_fields(self):
        return [{**row, "drop": self[f"drop_{row['charged'].pk}"],
                 "wording": self[f"wording_{row['charged'].pk}"]}
                for row in self.offence_rows]

    def _relevant(self, name, outcome):
        if name == self.NOTES.get(outcome):
            return True
        if (outcome == DecisionOutcome.PROCEED_AMENDED
                and name.startswith(("drop_", "wording_"))):
            return True
        return super()._relevant(name, outcome)

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        self._forget_other_outcomes(outcome)
        if outcome == DecisionOutcome.PROCEED:
            self._clean_proceed()
        elif outcome == DecisionOutcome.PROCEED_AMENDED:
            self._clean_amended(cleaned)
        elif outcome == DecisionOutcome.MORE_INFORMATION:
            self._clean_actions(cleaned)
        elif outcome == DecisionOutcome.DISCONTINUE:
            if ("discontinue_reason" not in self._errors
                    and not cleaned.get("discontinue_reason", "").strip()):
                self.add_error("discontinue_reason", "Give the reason for discontinuing the "
                                                     "case")
        return cleaned

    def _police_charge(self, row, wording=None, change="unchanged"):
        charged = row["charged"]
        return {"cjs_code": charged.offence.cjs_code, "title": charged.offence.title,
                "wording": wording or _police_wording(charged),
                "suspect_id": row["suspect"].pk, "charged_offence_id": charged.pk,
                "change": change}

    def _clean_proceed(self):
        if not self.offence_rows:
            self.add_error("outcome", "The file lists no charges to proceed on: choose to "
                                      "proceed on amended charges and add them")
            return
        self.charges = [self._police_charge(row) for row in self.offence_rows]

    def _clean_amended(self, cleaned):
        for row in self.offence_rows:
            charged = row["charged"]
            name = f"wording_{charged.pk}"
            if cleaned.get(f"drop_{charged.pk}"):
                self.dropped.append({key: value for key, value in
                                     self._police_charge(row).items() if key != "change"})
                continue
            if not self._ok(name):
                continue
            wording = cleaned.get(name, "").strip()
            if not wording:
                self.add_error(name, f"Enter the wording of the charge of "
                                     f"{charged.offence.title}, or drop it")
                continue
            same = _same_words(wording, _police_wording(charged))
            self.charges.append(self._police_charge(
                row, _police_wording(charged) if same else wording,
                "unchanged" if same else "amended"))
        for n in self.code_rows:
            self._clean_code_row(cleaned, n, change="added")
        if self._errors:
            return
        if not self.charges:
            self._group_error(CHARGES_ANCHOR, "Keep or add at least one charge. To drop every "
                                              "charge, choose to discontinue the case")
        elif not self.dropped and all(c["change"] == "unchanged" for c in self.charges):
            self._group_error(CHARGES_ANCHOR, "Change the wording of a charge, drop one or "
                                              "add one, or choose to proceed on the charges "
                                              "as they are")
