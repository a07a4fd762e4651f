"""Logging in by username or 工号, lockout, one generic message, password change, session expiry, API tokens."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from vanguard.core.forms import LOGIN_FAILED
from vanguard.core.models import AuditEvent
from vanguard.org.demo import DEMO_PASSWORD
from vanguard.org.models import User

LOGIN = "/accounts/login/"


def login(username, password=DEMO_PASSWORD, client=None):
    client = client or Client()
    return client.post(LOGIN, {"username": username, "password": password})


def token(username, password=DEMO_PASSWORD):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


def refused_with_generic_message(response):
    return response.status_code == 200 and LOGIN_FAILED in response.content.decode()


def test_login_by_username(company):
    response = login("shuji")
    assert response.status_code == 302 and response["Location"] == "/"


def test_login_by_employee_number(company):
    client = Client()
    response = login(company.users["shuji"].person.employee_no, client=client)
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == company.users["shuji"]


@pytest.mark.parametrize("username", ["shuji", "no-such-user", "T999999", ""])
def test_wrong_login_gets_one_generic_message(company, username):
    """Unknown users, unknown 工号 and wrong passwords read exactly alike."""
    response = login(username, "wrong-password")
    if username:
        assert refused_with_generic_message(response)
    else:
        assert response.status_code == 200 and "该字段是必填项" in response.content.decode()


def test_login_page_does_not_reveal_whether_a_user_exists(company):
    def body(username):
        text = login(username, "wrong-password").content.decode()
        text = text.replace(f'value="{username}"', 'value=""')
        return re.sub(r"[A-Za-z0-9]{64}", "<csrf>", text)  # the CSRF token differs per response

    assert body("shuji") == body("nobody-at-all")


def test_inactive_user_gets_the_same_message(company):
    User.objects.filter(pk=company.users["zhigong"].pk).update(is_active=False)
    assert refused_with_generic_message(login("zhigong"))


def test_lockout_after_repeated_failures(company):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert refused_with_generic_message(login("shuji", "wrong-password"))
    user = User.objects.get(username="shuji")
    assert user.locked_until > timezone.now() + timedelta(minutes=settings.LOGIN_LOCK_MINUTES - 1)
    # Even the right password is refused, with the same message, while the lock lasts.
    assert refused_with_generic_message(login("shuji"))
    assert refused_with_generic_message(login(user.person.employee_no))


def test_lock_ends_after_the_lock_time(company):
    User.objects.filter(username="shuji").update(locked_until=timezone.now() - timedelta(seconds=1))
    assert login("shuji").status_code == 302


def test_success_resets_the_failure_count(company):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        login("shuji", "wrong-password")
    assert login("shuji").status_code == 302
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        login("shuji", "wrong-password")
    assert login("shuji").status_code == 302


def test_old_failures_are_forgotten(company):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        login("shuji", "wrong-password")
    long_ago = timezone.now() - timedelta(minutes=settings.LOGIN_LOCK_MINUTES + 1)
    User.objects.filter(username="shuji").update(last_failed_login=long_ago)
    login("shuji", "wrong-password")  # one fresh slip after a quiet spell does not lock the account
    assert User.objects.get(username="shuji").locked_until is None
    assert login("shuji").status_code == 302


def test_lockout_counts_attempts_by_employee_number_too(company):
    employee_no = company.users["dangyuan"].person.employee_no
    for _ in range(settings.LOGIN_MAX_FAILURES):
        login(employee_no, "wrong-password")
    assert refused_with_generic_message(login("dangyuan"))


def test_anonymous_page_redirects_to_login(company):
    response = Client().get("/org/people/")
    assert response.status_code == 302 and response["Location"] == f"{LOGIN}?next=/org/people/"


def test_expired_session_redirects_to_login(client_as, company):
    client = client_as("shuji")
    assert client.get("/org/people/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/org/people/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_session_lasts_one_shift_and_ends_with_the_browser(client, company):
    login("shuji", client=client)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 8 * 3600
    assert client.session.get_expire_at_browser_close()


def test_password_change_is_audited_and_takes_effect(client_as, company):
    client = client_as("zhigong")
    new = "Pipe-mill-2026"
    response = client.post(
        "/accounts/password/", {"old_password": DEMO_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="user.password_change").latest("id")
    assert event.actor_id == company.users["zhigong"].pk
    assert login("zhigong", new).status_code == 302
    assert refused_with_generic_message(login("zhigong", DEMO_PASSWORD))


def test_password_change_ends_api_tokens(client_as, company):
    key = token("zhigong").json()["token"]
    new = "Pipe-mill-2026"
    client_as("zhigong").post(
        "/accounts/password/", {"old_password": DEMO_PASSWORD, "new_password1": new, "new_password2": new}
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/people/").status_code == 401
    assert token("zhigong", new).json()["token"] != key


def test_password_change_with_a_wrong_old_password_is_refused(client_as, company):
    client = client_as("zhigong")
    response = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": "Pipe-mill-2026", "new_password2": "Pipe-mill-2026"},
    )
    assert response.status_code == 200
    assert "旧密码不正确" in response.content.decode()
    assert not AuditEvent.objects.filter(action="user.password_change").exists()


# ---------------------------------------------------------------- API token


def test_token_by_username_or_employee_number(company):
    first = token("shuji")
    assert first.status_code == 200
    assert token(company.users["shuji"].person.employee_no).json() == first.json()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {first.json()['token']}")
    response = api.get("/api/v1/people/")
    assert response.status_code == 200 and response.json()["count"] > 1


@pytest.mark.parametrize("username", ["shuji", "no-such-user"])
def test_token_refusal_is_generic(company, username):
    response = token(username, "wrong-password")
    assert response.status_code == 400
    assert response.json() == {"detail": LOGIN_FAILED}


def test_token_missing_fields_are_named_in_chinese(company):
    response = APIClient().post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"username": ["该字段是必填项。"], "password": ["该字段是必填项。"]}


def test_token_endpoint_counts_towards_the_lockout(company):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        token("shuji", "wrong-password")
    assert token("shuji").json() == {"detail": LOGIN_FAILED}
    assert refused_with_generic_message(login("shuji"))


def test_bad_token_answers_401(company):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/people/").status_code == 401
    assert APIClient().get("/api/v1/people/").status_code == 401


def test_session_authenticates_the_api_for_pages(client_as, company):
    assert client_as("shuji").get("/api/v1/people/").status_code == 200


@pytest.mark.parametrize("case", ["unknown", "locked", "wrong password"])
def test_every_refusal_runs_the_password_hasher(company, monkeypatch, case):
    """So the response time does not tell an unknown or locked account from a wrong password."""
    from django.contrib.auth import base_user, hashers

    calls = []
    monkeypatch.setattr(base_user, "make_password", lambda *a, **k: calls.append(a) or hashers.make_password(*a, **k))
    monkeypatch.setattr(base_user, "check_password", lambda *a, **k: calls.append(a) or hashers.check_password(*a, **k))
    if case == "locked":
        User.objects.filter(username="shuji").update(locked_until=timezone.now() + timedelta(minutes=5))
    username = "nobody-at-all" if case == "unknown" else "shuji"
    assert refused_with_generic_message(login(username, "wrong-password"))
    assert calls
