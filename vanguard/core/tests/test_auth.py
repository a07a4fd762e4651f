"""Logging in by username or 工号, lockout, one generic message, password change, session expiry, API tokens."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from vanguard.core.forms import LOGIN_FAILED
from vanguard.core.models import AuditEvent
from vanguard.org.demo import DEMO_PASSWORD
from vanguard.org.models import LoginGuard, User

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


def guard(username, address="127.0.0.1"):
    return LoginGuard.objects.get(key=f"{User.objects.get(username=username).pk}@{address}")


def test_lockout_after_repeated_failures(company):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert refused_with_generic_message(login("shuji", "wrong-password"))
    assert guard("shuji").locked_until > timezone.now() + timedelta(minutes=settings.LOGIN_LOCK_MINUTES - 1)
    # Even the right password is refused, with the same message, from where the guesses came.
    assert refused_with_generic_message(login("shuji"))
    assert refused_with_generic_message(login(company.users["shuji"].person.employee_no))
    lockout = AuditEvent.objects.filter(action="user.lockout").latest("id")
    assert lockout.object_id == str(company.users["shuji"].pk) and lockout.after == {"address": "127.0.0.1"}


def test_guesses_from_elsewhere_do_not_keep_the_owner_out(company):
    attacker, desk = Client(REMOTE_ADDR="203.0.113.9"), Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(settings.LOGIN_MAX_FAILURES * 2):
        assert refused_with_generic_message(login("shuji", "wrong-password", client=attacker))
    assert refused_with_generic_message(login("shuji", client=attacker))
    assert login("shuji", client=desk).status_code == 302


def test_the_account_locks_everywhere_past_the_higher_count_and_its_tokens_end(company, settings):
    settings.LOGIN_ACCOUNT_MAX_FAILURES = 8
    key = token("shuji").json()["token"]
    for n in range(settings.LOGIN_ACCOUNT_MAX_FAILURES):
        login("shuji", "wrong-password", client=Client(REMOTE_ADDR=f"203.0.113.{n + 1}"))
    assert User.objects.get(username="shuji").locked_until > timezone.now()
    assert refused_with_generic_message(login("shuji", client=Client(REMOTE_ADDR="198.51.100.7")))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/people/").status_code == 401
    assert AuditEvent.objects.filter(action="user.token_revoke", object_id=str(company.users["shuji"].pk)).exists()


def test_an_address_guessing_at_many_accounts_is_refused_for_all(company, settings):
    settings.LOGIN_ADDRESS_MAX_FAILURES = 6
    prober = Client(REMOTE_ADDR="203.0.113.50")
    for name in ("shuji", "dangyuan", "zhigong", "nobody-1", "nobody-2", "dangwei"):
        login(name, "wrong-password", client=prober)
    assert refused_with_generic_message(login("banzhang", client=prober))
    assert login("banzhang", client=Client(REMOTE_ADDR="198.51.100.7")).status_code == 302


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
    LoginGuard.objects.filter(pk=guard("shuji").pk).update(last_failed=long_ago)
    login("shuji", "wrong-password")  # one fresh slip after a quiet spell does not lock the account
    assert guard("shuji").locked_until is None
    assert login("shuji").status_code == 302


def test_lockout_counts_attempts_by_employee_number_too(company):
    employee_no = company.users["dangyuan"].person.employee_no
    for _ in range(settings.LOGIN_MAX_FAILURES):
        login(employee_no, "wrong-password")
    assert refused_with_generic_message(login("dangyuan"))


def test_logins_and_failures_are_audited(company):
    login("shuji", "wrong-password", client=Client(REMOTE_ADDR="198.51.100.7"))
    login("shuji", client=Client(REMOTE_ADDR="198.51.100.7"))
    events = AuditEvent.objects.filter(object_id=str(company.users["shuji"].pk), object_type="org.user")
    assert [(e.action, e.after) for e in events.order_by("id")][-2:] == [
        ("user.login_failed", {"address": "198.51.100.7"}),
        ("user.login", {"address": "198.51.100.7"}),
    ]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_try_no_more_passwords_than_the_count_and_the_owner_still_logs_in(seeded_transactional_db):
    """Twenty wrong passwords and the right one at once: the owner gets a token, the guesser five tries."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def attempt(password, address):
        try:
            client = APIClient(REMOTE_ADDR=address)
            return client.post("/api/v1/auth/token/", {"username": "shuji", "password": password}, format="json")
        finally:
            connection.close()

    calls = [("wrong-password", "203.0.113.9")] * 20 + [(DEMO_PASSWORD, "198.51.100.7")]
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        answers = list(pool.map(lambda call: attempt(*call), calls))
    assert answers[-1].status_code == 200 and answers[-1].json()["token"]
    assert all(a.status_code == 400 for a in answers[:-1])
    shuji = User.objects.get(username="shuji")
    failed = AuditEvent.objects.filter(action="user.login_failed", object_id=str(shuji.pk))
    assert failed.count() == settings.LOGIN_MAX_FAILURES
    assert LoginGuard.objects.get(key=f"{shuji.pk}@203.0.113.9").locked_until > timezone.now()


def test_an_expired_token_answers_401_and_logging_in_again_issues_a_new_one(company):
    key = token("shuji").json()["token"]
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(days=settings.API_TOKEN_DAYS + 1))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/v1/people/")
    assert response.status_code == 401 and "过期" in response.json()["detail"]
    fresh = token("shuji").json()["token"]
    assert fresh != key
    assert AuditEvent.objects.filter(action="user.token_create").count() == 2


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
