from django.urls import path

from athena.accounts import views
from athena.accounts.administration import views as administration

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("sign-in/", views.LoginView.as_view(), name="login"),
    path("sign-out/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/reset/", views.two_factor_reset, name="two_factor_reset"),
    # A one-time link to set one's own password; opened signed out.
    path("set-password/<uidb64>/<token>/", administration.SetPasswordView.as_view(),
         name="set_password"),
    # User administration, for administrators.
    path("users/", administration.users, name="users"),
    path("users/new/", administration.user_create, name="user_create"),
    path("users/sign-in-pauses/", administration.lockouts, name="lockouts"),
    path("users/sign-in-pauses/release/", administration.lockout_release,
         name="lockout_release"),
    path("users/<int:pk>/", administration.user_detail, name="user_detail"),
    path("users/<int:pk>/change/", administration.user_edit, name="user_edit"),
    path("users/<int:pk>/deactivate/", administration.user_deactivate,
         name="user_deactivate"),
    path("users/<int:pk>/reactivate/", administration.user_reactivate,
         name="user_reactivate"),
    path("users/<int:pk>/reset-password/", administration.user_password_reset,
         name="user_password_reset"),
    path("users/<int:pk>/reset-two-factor/", administration.user_two_factor_reset,
         name="user_two_factor_reset"),
]
