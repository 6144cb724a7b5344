"""User administration pages. Each view checks the rule (accounts/rules.py) first: the
pages are for administrators (others get 403), and another force's account answers 404.
Every list and account page shown is audited, as every change is (user_services)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from athena.accounts import two_factor, user_services
from athena.accounts.administration import selectors
from athena.accounts.administration.forms import ReasonForm, UserFilterForm, UserForm
from athena.accounts.forms import SetPasswordForm
from athena.accounts.lockout import cooloff_words
from athena.accounts.roles import Role
from athena.accounts.rules import spans_forces

PAGE_SIZE = 50
# The set-password link shown once to the administrator who issued it.
SHOWN_LINK = "accounts_set_password_link"


def _require_administrator(request):
    if not request.user.has_perm("accounts.administer_users"):
        raise PermissionDenied


def _user_to_manage(request, pk):
    """The account ``pk``, for an administrator who manages it; else 403 or 404."""
    _require_administrator(request)
    person = selectors.user_get_for_administrator(acting_user=request.user, pk=pk)
    if not request.user.has_perm("accounts.manage_user", person):
        raise PermissionDenied
    return person


def _posted(request):
    """The posted data, even when empty (an empty POST is a form sent blank)."""
    return request.POST if request.method == "POST" else None


def _site_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _keep_link(request, link):
    """Show the link on the account's page once (kept server-side, in the session)."""
    request.session[SHOWN_LINK] = {"user_id": link.user.pk,
                                   "url": link.absolute(_site_url(request)),
                                   "expires_at": link.expires_at.isoformat(),
                                   "emailed_to": link.user.email}


def _role_labels(user):
    return [Role(name).label for name in user.role_names if name in Role.values]


@require_GET
def users(request):
    """The users the administrator manages: search, filters, 50 a page."""
    _require_administrator(request)
    spans = spans_forces(request.user)
    form = UserFilterForm(request.GET or None, spans_forces=spans)
    filters = {}
    query = ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"].strip()
        filters = {name: form.cleaned_data.get(name) for name in
                   ("role", "status", "paused", "force")}
    managed = selectors.users_manageable_by(request.user)
    found = selectors.users_filtered(
        managed, query=query, role=filters.get("role") or "",
        status=filters.get("status") or "", paused=bool(filters.get("paused")),
        force=filters.get("force"))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    people = list(page.object_list)
    paused = {lockout.username for lockout in selectors.lockouts_for_administrator(
        request.user, usernames=[person.username for person in people])}
    rows = [{"user": person, "roles": _role_labels(person),
             "paused": person.username in paused} for person in people]
    user_services.users_listed(
        acting_user=request.user, query=query,
        filters={name: getattr(value, "code", value) for name, value in filters.items()},
        users=people, count=page.paginator.count)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "accounts/users/list.html", {
        "form": form, "page": page, "rows": rows, "spans_forces": spans,
        "query": params.urlencode(), "searched": bool(query or any(filters.values()))})


@require_http_methods(["GET", "POST"])
def user_create(request):
    _require_administrator(request)
    spans = spans_forces(request.user)
    form = UserForm(_posted(request), roles=user_services.assignable_roles(request.user),
                    choose_force=spans, force=None if spans else request.user.force,
                    submit_label="Create user")
    if request.method == "POST" and form.is_valid():
        force = form.cleaned_data["force"] if spans else request.user.force
        try:
            link = user_services.user_create(
                acting_user=request.user, force=force,
                username=form.cleaned_data["username"], roles=form.cleaned_data["roles"],
                site_url=_site_url(request), **form.user_fields())
        except user_services.UserAdministrationRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            _keep_link(request, link)
            messages.success(request, f"The account of {link.user.display_name} is created.")
            return redirect("accounts:user_detail", pk=link.user.pk)
    return render(request, "accounts/users/form.html", {"form": form, "creating": True})


@require_GET
def user_detail(request, pk):
    """An account: its details, roles, status, sign-in pauses and two-factor sign-in,
    with what the administrator can do to it; a set-password link just issued, once."""
    person = _user_to_manage(request, pk)
    link = request.session.get(SHOWN_LINK)
    if link and link.get("user_id") == person.pk:
        del request.session[SHOWN_LINK]
        link = {**link, "expires_at": datetime.fromisoformat(link["expires_at"])}
    else:
        link = None
    user_services.user_viewed(acting_user=request.user, user=person)
    return render(request, "accounts/users/detail.html", {
        "person": person, "roles": _role_labels(person), "link": link,
        "is_self": person.pk == request.user.pk,
        "has_authenticator": two_factor.has_authenticator(person),
        "lockouts": selectors.lockouts_for_administrator(request.user,
                                                         usernames=[person.username]),
        "spans_forces": spans_forces(request.user)})


@require_http_methods(["GET", "POST"])
def user_edit(request, pk):
    person = _user_to_manage(request, pk)
    initial = {name: getattr(person, name) for name in user_services.USER_FIELDS}
    initial["roles"] = person.role_names
    roles = user_services.assignable_roles(request.user)
    form = UserForm(_posted(request), initial=initial, user=person, roles=roles,
                    submit_label="Save changes")
    if request.method == "POST" and form.is_valid():
        try:
            changed = user_services.user_change(acting_user=request.user, user=person,
                                                roles=form.cleaned_data["roles"],
                                                **form.user_fields())
        except user_services.UserAdministrationRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, "The changes are saved." if changed
                             else "Nothing was changed.")
            return redirect("accounts:user_detail", pk=person.pk)
    return render(request, "accounts/users/form.html", {"form": form, "person": person})


def _reason_page(request, person, *, action, service, title, submit_label, done,
                 warning=False, **service_kwargs):
    """A page asking the reason for ``service`` on ``person``: done, back to their page."""
    form = ReasonForm(_posted(request), submit_label=submit_label, warning=warning)
    if request.method == "POST" and form.is_valid():
        try:
            result = service(acting_user=request.user, user=person,
                             reason=form.cleaned_data["reason"], **service_kwargs)
        except (user_services.UserAdministrationRefused, two_factor.TwoFactorRefused) as refusal:
            form.add_error(getattr(refusal, "field", None), str(refusal))
        else:
            if isinstance(result, user_services.SetPasswordLink):
                _keep_link(request, result)
            messages.success(request, done)
            return redirect("accounts:user_detail", pk=person.pk)
    return render(request, "accounts/users/reason.html", {
        "form": form, "person": person, "action": action, "title": title,
        "is_self": person.pk == request.user.pk})


@require_http_methods(["GET", "POST"])
def user_deactivate(request, pk):
    person = _user_to_manage(request, pk)
    if not person.is_active:
        return redirect("accounts:user_detail", pk=person.pk)
    return _reason_page(request, person, action="deactivate", warning=True,
                        service=user_services.user_deactivate,
                        title=f"Deactivate the account of {person.display_name}",
                        submit_label="Deactivate account",
                        done=f"{person.display_name} can no longer sign in, and their "
                             "sessions have ended.")


@require_http_methods(["GET", "POST"])
def user_reactivate(request, pk):
    person = _user_to_manage(request, pk)
    if person.is_active:
        return redirect("accounts:user_detail", pk=person.pk)
    return _reason_page(request, person, action="reactivate",
                        service=user_services.user_reactivate,
                        title=f"Reactivate the account of {person.display_name}",
                        submit_label="Reactivate account",
                        done=f"{person.display_name} can sign in again.")


@require_http_methods(["GET", "POST"])
def user_password_reset(request, pk):
    person = _user_to_manage(request, pk)
    return _reason_page(request, person, action="reset_password", warning=True,
                        service=user_services.user_password_reset,
                        site_url=_site_url(request),
                        title=f"Reset the password of {person.display_name}",
                        submit_label="Reset password",
                        done=f"The password of {person.display_name} no longer works. "
                             "Give them the link below to set a new one.")


def _two_factor_reset(*, acting_user, user, reason):
    return two_factor.two_factor_reset(acting_user=acting_user, user=user, reason=reason)


@require_http_methods(["GET", "POST"])
def user_two_factor_reset(request, pk):
    person = _user_to_manage(request, pk)
    return _reason_page(request, person, action="reset_two_factor", warning=True,
                        service=_two_factor_reset,
                        title=f"Reset the two-factor sign-in of {person.display_name}",
                        submit_label="Reset two-factor sign-in",
                        done=f"Two-factor sign-in is reset for {person.display_name}. They "
                             "set up a new authenticator app when they next sign in.")


@require_GET
def lockouts(request):
    """The sign-in pauses running now, of the users the administrator manages."""
    _require_administrator(request)
    found = selectors.lockouts_for_administrator(request.user)
    managed = {person.username: person for person in selectors.users_manageable_by(
        request.user).filter(username__in=[lockout.username for lockout in found])}
    rows = [{"lockout": lockout, "user": managed.get(lockout.username),
             "left": cooloff_words(lockout.time_left)} for lockout in found]
    user_services.lockouts_listed(acting_user=request.user,
                                  users=[row["user"] for row in rows if row["user"]])
    return render(request, "accounts/users/lockouts.html", {
        "rows": rows, "failure_limit": settings.AXES_FAILURE_LIMIT})


@require_POST
def lockout_release(request):
    _require_administrator(request)
    username = request.POST.get("username", "")[:255]
    ip_address = request.POST.get("ip_address", "")[:45]
    try:
        released = user_services.lockout_release(acting_user=request.user, username=username,
                                                 ip_address=ip_address)
    except user_services.UserAdministrationRefused as refusal:
        raise PermissionDenied(str(refusal)) from refusal
    if released:
        messages.success(request, f"{username} can sign in again from "
                                  f"{ip_address or 'that address'}.")
    else:
        messages.info(request, f"The sign-in pause of {username} had already ended.")
    return redirect("accounts:lockouts")


@method_decorator(login_not_required, name="dispatch")
class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The one-time link: its user sets their own password, signed out. It works once
    (the token is bound to the password it replaces) and never for a deactivated
    account."""

    template_name = "accounts/set_password.html"
    form_class = SetPasswordForm
    post_reset_login = False

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def get_context_data(self, **kwargs):
        days = settings.PASSWORD_RESET_TIMEOUT // 86400
        return {**super().get_context_data(**kwargs),
                "link_lifetime": f"{days} day{pluralize(days)}" if days
                else cooloff_words(timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT))}

    def form_valid(self, form):
        user_services.user_password_set(user=form.user,
                                        password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, "Your password is set. Sign in with it now.")
        return redirect(reverse("accounts:login"))
