from django.urls import path

from athena.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("sign-in/", views.LoginView.as_view(), name="login"),
    path("sign-out/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/reset/", views.two_factor_reset, name="two_factor_reset"),
]
