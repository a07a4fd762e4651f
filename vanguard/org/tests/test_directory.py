"""Directory (LDAP) login against a real slapd: the entry's employee number names the person signed in.

The directory holds ``wang.dangyuan`` (employeeNumber = dangyuan's 工号) and ``stranger`` (an employee
number no one here has). Local accounts keep working beside it, and a directory that is down or silent
falls back to them with a message, never a 500.
"""

import socket

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from vanguard.core.forms import LOGIN_FAILED
from vanguard.core.models import AuditEvent
from vanguard.org.demo import DEMO_PASSWORD
from vanguard.org.directory import DIRECTORY_DOWN, DIRECTORY_UNMATCHED
from vanguard.org.models import LoginGuard, Person, User

from .slapd import PEOPLE, Slapd, free_port, require_slapd

LOGIN = "/accounts/login/"
DIRECTORY_PASSWORD = "Directory-pass-2026"


@pytest.fixture(scope="session")
def slapd():
    require_slapd()
    server = Slapd().start()
    server.loaded = set()
    yield server
    server.stop()


@pytest.fixture
def directory(slapd, company, settings):
    """The test slapd configured as the directory, with its two entries."""
    settings.LDAP_SERVER_URI = slapd.uri
    settings.LDAP_SEARCH_BASE = PEOPLE
    settings.LDAP_USER_FILTER = "(uid=%(user)s)"
    settings.LDAP_EMPLOYEE_NUMBER_ATTR = "employeeNumber"
    settings.LDAP_TIMEOUT = 2
    load(slapd, "wang.dangyuan", company.users["dangyuan"].person.employee_no)
    load(slapd, "stranger", "X000000")
    return slapd


def load(slapd, uid, employee_no):
    if uid not in slapd.loaded:
        slapd.add_person(uid, DIRECTORY_PASSWORD, employee_no)
        slapd.loaded.add(uid)


def login(username, password, client=None):
    return (client or Client()).post(LOGIN, {"username": username, "password": password})


def refused_with(response, message):
    return response.status_code == 200 and message in response.content.decode()


def test_directory_login_signs_in_the_persons_user(directory, users):
    client = Client(REMOTE_ADDR="198.51.100.7")
    response = login("wang.dangyuan", DIRECTORY_PASSWORD, client=client)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").wsgi_request.user == users["dangyuan"]
    event = AuditEvent.objects.filter(action="user.login").latest("id")
    assert event.object_id == str(users["dangyuan"].pk) and event.after == {"address": "198.51.100.7"}


def test_wrong_directory_password_is_refused_and_counted(directory, users):
    response = login("wang.dangyuan", "wrong-password")
    assert refused_with(response, LOGIN_FAILED)
    dangyuan = users["dangyuan"]
    assert LoginGuard.objects.get(key=f"{dangyuan.pk}@127.0.0.1").failures == 1
    assert AuditEvent.objects.filter(action="user.login_failed", object_id=str(dangyuan.pk)).count() == 1


def test_the_lockout_holds_directory_logins_too(directory, users):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        login("wang.dangyuan", "wrong-password")
    assert refused_with(login("wang.dangyuan", DIRECTORY_PASSWORD), LOGIN_FAILED)
    # Counted on the person's account, so its local login from that address is locked as well.
    assert refused_with(login("dangyuan", DEMO_PASSWORD), LOGIN_FAILED)
    assert login("wang.dangyuan", DIRECTORY_PASSWORD, client=Client(REMOTE_ADDR="198.51.100.7")).status_code == 302


def test_directory_account_naming_no_one_is_refused_with_its_message(directory):
    users_before = User.objects.count()
    assert refused_with(login("stranger", DIRECTORY_PASSWORD), DIRECTORY_UNMATCHED)
    assert User.objects.count() == users_before
    event = AuditEvent.objects.filter(action="user.login_unmatched").latest("id")
    assert event.object_id == "X000000" and event.after["employee_no"] == "X000000"
    # With a wrong password it reads like any other failure: the message is for the account's owner only.
    response = login("stranger", "wrong-password")
    assert refused_with(response, LOGIN_FAILED) and DIRECTORY_UNMATCHED not in response.content.decode()


def test_local_accounts_still_log_in(directory, users):
    client = Client()
    assert login("shuji", DEMO_PASSWORD, client=client).status_code == 302
    assert client.get("/").wsgi_request.user == users["shuji"]
    assert login(users["zhigong"].person.employee_no, DEMO_PASSWORD).status_code == 302
    assert refused_with(login("shuji", "wrong-password"), LOGIN_FAILED)


def test_a_person_without_an_account_gets_one_with_no_local_password(directory):
    person = Person.objects.filter(user=None, is_active=True).order_by("employee_no").first()
    load(directory, f"u{person.employee_no.lower()}", person.employee_no)
    assert login(f"u{person.employee_no.lower()}", DIRECTORY_PASSWORD).status_code == 302
    person.refresh_from_db()
    assert person.user.username == person.employee_no and not person.user.has_usable_password()
    assert AuditEvent.objects.filter(action="user.create", object_id=str(person.user_id)).exists()


def test_filter_characters_in_the_login_name_are_escaped(directory):
    assert refused_with(login("*", DIRECTORY_PASSWORD), LOGIN_FAILED)
    assert refused_with(login("wang.dangyuan)(uid=*", DIRECTORY_PASSWORD), LOGIN_FAILED)


def test_an_empty_directory_password_is_never_a_bind(directory):
    response = Client().post(LOGIN, {"username": "wang.dangyuan", "password": ""})
    assert response.status_code == 200 and "该字段是必填项" in response.content.decode()
    from vanguard.org.directory import directory_find, directory_password_ok

    assert not directory_password_ok(directory_find("wang.dangyuan"), "")


def test_the_token_endpoint_takes_directory_accounts(directory):
    api = APIClient()
    answer = api.post("/api/v1/auth/token/", {"username": "wang.dangyuan", "password": DIRECTORY_PASSWORD})
    assert answer.status_code == 200 and answer.json()["token"]
    answer = api.post("/api/v1/auth/token/", {"username": "stranger", "password": DIRECTORY_PASSWORD})
    assert answer.status_code == 400 and answer.json() == {"detail": DIRECTORY_UNMATCHED}


@pytest.fixture
def silent_directory(settings):
    """A port that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        settings.LDAP_SERVER_URI = f"ldap://127.0.0.1:{listener.getsockname()[1]}"
        settings.LDAP_TIMEOUT = 1
        yield


@pytest.fixture
def closed_directory(settings):
    settings.LDAP_SERVER_URI = f"ldap://127.0.0.1:{free_port()}"
    settings.LDAP_TIMEOUT = 1


@pytest.mark.parametrize("down", ["closed_directory", "silent_directory"])
def test_a_directory_that_is_down_falls_back_to_local_accounts(directory, request, users, down):
    request.getfixturevalue(down)
    client = Client()
    assert login("shuji", DEMO_PASSWORD, client=client).status_code == 302
    assert client.get("/").wsgi_request.user == users["shuji"]
    assert refused_with(login("wang.dangyuan", DIRECTORY_PASSWORD), DIRECTORY_DOWN)
    answer = APIClient().post("/api/v1/auth/token/", {"username": "wang.dangyuan", "password": DIRECTORY_PASSWORD})
    assert answer.status_code == 400 and answer.json() == {"detail": DIRECTORY_DOWN}
