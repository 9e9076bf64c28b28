"""Production security: Django's deployment check, the headers and cookies on every kind of
response, no inline code in our templates, the admin login lockout, the optional second
factor and the password rules."""

import importlib.util
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_event, make_network, make_organisation

BASE_DIR = Path(django_settings.BASE_DIR)
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "netzwerkatlas.example,testserver",
}
# The settings that make the headers and cookies; the production values are put in place of
# the development ones for the header tests.
SECURITY_SETTINGS = re.compile(r"^(SECURE_|SESSION_COOKIE_|CSRF_COOKIE_|X_FRAME_OPTIONS$|CONTENT_SECURITY_POLICY$)")


def production_settings_module(monkeypatch):
    """netzwerk/settings.py as it comes out with DEBUG=false, loaded as a separate module."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("production_settings", BASE_DIR / "netzwerk" / "settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def production(settings, monkeypatch):
    """The production security settings, read from netzwerk/settings.py with DEBUG=false."""
    module = production_settings_module(monkeypatch)
    for name in dir(module):
        if SECURITY_SETTINGS.match(name):
            setattr(settings, name, getattr(module, name))
    return module


def test_the_deployment_check_passes_with_production_settings():
    env = {**os.environ, **PRODUCTION_ENV}
    # The test run's own switch for pytest-playwright; a deployment never sets it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_on_https_only_settings(monkeypatch):
    module = production_settings_module(monkeypatch)

    assert module.SECURE_SSL_REDIRECT is True
    assert module.SECURE_HSTS_SECONDS >= 365 * 24 * 3600
    assert module.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert module.SESSION_COOKIE_SECURE is True and module.CSRF_COOKIE_SECURE is True
    assert module.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_the_https_redirect_can_be_switched_off_for_a_proxy_that_redirects_itself(monkeypatch):
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "false")
    assert production_settings_module(monkeypatch).SECURE_SSL_REDIRECT is False


def test_development_settings_do_not_demand_https():
    # make run and the tests work over plain HTTP.
    assert not getattr(django_settings, "SECURE_SSL_REDIRECT", False)
    assert not getattr(django_settings, "SESSION_COOKIE_SECURE", False)


# Headers ---------------------------------------------------------------------------------------


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response):
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    hsts = dict((part.strip().split("=") + [""])[:2] for part in response["Strict-Transport-Security"].split(";"))
    assert int(hsts["max-age"]) >= 31536000
    assert "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = dict(part.split("=") for part in response["Permissions-Policy"].split(", "))
    assert permissions["camera"] == permissions["geolocation"] == permissions["microphone"] == "()"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.fixture
def pages(db):
    network = make_network(name="Automobilzuliefernetzwerk")
    firm = make_organisation(name="Feinwerktechnik Geising GmbH")
    event = make_event(title="Zulieferkonferenz")
    return {"network": network, "firm": firm, "event": event}


@pytest.mark.parametrize(
    ("name", "url", "status", "content_type"),
    [
        ("page", "/", 200, "text/html"),
        ("profile", "firm", 200, "text/html"),
        ("search", "/firmen/?q=feinwerk", 200, "text/html"),
        ("404", "/organisationen/gibt-es-nicht/", 404, "text/html"),
        ("json export", "/firmen/?format=json", 200, "application/json"),
        ("csv export", "/firmen/?format=csv", 200, "text/csv"),
        ("event json", "/veranstaltungen/?format=json", 200, "application/json"),
        ("bad export", "/firmen/?format=xls", 400, "text/plain"),
        ("ics feed", "/veranstaltungen/kalender.ics", 200, "text/calendar"),
        ("admin login", "/admin/login/", 200, "text/html"),
    ],
)
def test_every_kind_of_response_carries_the_security_headers(production, pages, name, url, status, content_type):
    if not url.startswith("/"):
        url = pages[url].get_absolute_url()

    response = Client().get(url, secure=True)

    assert response.status_code == status
    assert response["Content-Type"].startswith(content_type)
    assert_security_headers(response)


def test_static_files_may_be_embedded_elsewhere_but_keep_the_permissions_policy(production, db, settings):
    # A link preview on another site shows the Open Graph image: no same-origin there. WhiteNoise
    # serves from the source folders here (no collectstatic in a test run); a new Client builds
    # its middleware, and so WhiteNoise, with these settings.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/css/site.css", secure=True)

    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_rate_limit_page_carries_the_security_headers(production, pages, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "export": "1/d"}
    client = Client()
    client.get("/firmen/?format=csv", secure=True)

    response = client.get("/firmen/?format=csv", secure=True)

    assert response.status_code == 429
    assert_security_headers(response)


def test_the_admin_pages_carry_the_security_headers(production, admin_user):
    client = Client()
    client.force_login(admin_user)

    for url in ("/admin/", "/admin/directory/organisation/", "/admin/directory/organisation/add/"):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_plain_http_is_redirected_to_https_but_the_health_check_is_not(production, db):
    assert Client().get("/firmen/").status_code == 301
    assert Client().get("/healthz").status_code == 200


def test_images_may_come_from_the_map_tile_host(production, pages):
    policy = csp(Client().get("/", secure=True))
    assert policy["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]


@pytest.mark.parametrize(
    ("template", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://tiles.example:8080/{z}/{x}/{y}.png", "http://tiles.example:8080"),
        ("/kacheln/{z}/{x}/{y}.png", "'self'"),
    ],
)
def test_the_tile_host_is_derived_from_the_tile_url(template, source):
    from netzwerk.settings import tile_source

    assert tile_source(template) == source


def test_the_map_tile_url_decides_the_image_source(monkeypatch):
    monkeypatch.setenv("MAP_TILE_URL", "https://{s}.tiles.example.net/{z}/{x}/{y}.png")
    module = production_settings_module(monkeypatch)
    assert "https://*.tiles.example.net" in module.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]


# Cookies ---------------------------------------------------------------------------------------


def test_session_and_csrf_cookies_are_secure_httponly_and_same_site(production, db):
    User.objects.create_user("redaktion", password="Kabelbaum-Zwickau-2025", is_staff=True)
    client = Client()

    login_page = client.get("/admin/login/", secure=True)
    logged_in = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "redaktion",
            "password": "Kabelbaum-Zwickau-2025",
            "csrfmiddlewaretoken": login_page.cookies["csrftoken"].value,
        },
        secure=True,
    )

    assert logged_in.status_code == 302
    for cookie in (login_page.cookies["csrftoken"], logged_in.cookies["sessionid"]):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


# Templates -------------------------------------------------------------------------------------

TEMPLATES = sorted((BASE_DIR / "templates").rglob("*.html"))
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=|<style\b", re.I)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_no_template_has_inline_code_or_styles(path):
    # The CSP forbids inline scripts, event handlers and styles; JSON data blocks are allowed.
    text = path.read_text()
    assert not INLINE_SCRIPT.search(text)
    assert not EVENT_HANDLER.search(text)
    assert not STYLE_ATTRIBUTE.search(text)


# Admin login: lockout --------------------------------------------------------------------------


def log_in(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


@pytest.fixture
def editor(db):
    return User.objects.create_user("redaktion", password="Kabelbaum-Zwickau-2025", is_staff=True)


def test_repeated_failed_logins_lock_the_account_out_from_that_address(settings, editor):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()

    failures = [log_in(client, "redaktion", f"falsch-{number}").status_code for number in range(3)]
    locked = log_in(client, "redaktion", "Kabelbaum-Zwickau-2025")

    assert failures == [200, 200, 429]
    assert locked.status_code == 429
    assert "vorübergehend gesperrt" in locked.content.decode()
    assert int(locked["Retry-After"]) == 15 * 60
    assert not locked.wsgi_request.user.is_authenticated


def test_the_lockout_ends_after_the_cool_off(settings, editor):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for number in range(3):
        log_in(client, "redaktion", f"falsch-{number}")

    # The cool-off has passed: the recorded attempts are older than it.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = log_in(client, "redaktion", "Kabelbaum-Zwickau-2025")

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_lockout_leaves_other_accounts_and_addresses_alone(settings, editor):
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_user("kollegin", password="Getriebebau-Geising-2025", is_staff=True)
    for number in range(3):
        log_in(Client(), "redaktion", f"falsch-{number}")

    other_account = log_in(Client(), "kollegin", "Getriebebau-Geising-2025")
    other_address = log_in(Client(REMOTE_ADDR="192.0.2.7"), "redaktion", "Kabelbaum-Zwickau-2025")

    assert other_account.status_code == 302
    assert other_address.status_code == 302


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(settings, editor):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    log_in(client, "redaktion", "falsch")
    log_in(client, "redaktion", "falsch")

    assert log_in(client, "redaktion", "Kabelbaum-Zwickau-2025").status_code == 302


def test_the_lockouts_are_listed_in_the_admin_for_unlocking(settings, editor, admin_client):
    settings.AXES_FAILURE_LIMIT = 3
    for number in range(3):
        log_in(Client(), "redaktion", f"falsch-{number}")

    response = admin_client.get("/admin/axes/accessattempt/")

    assert response.status_code == 200
    assert "redaktion" in response.content.decode()
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 200


# Admin login: second factor --------------------------------------------------------------------


def test_without_the_second_factor_setting_a_password_is_enough(settings, editor):
    settings.ADMIN_REQUIRE_2FA = False
    client = Client()

    assert log_in(client, "redaktion", "Kabelbaum-Zwickau-2025").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_with_the_second_factor_setting_a_password_alone_is_not_enough(settings, editor):
    settings.ADMIN_REQUIRE_2FA = True
    client = Client()
    client.force_login(editor)

    login_page = Client().get("/admin/login/")

    assert client.get("/admin/").status_code == 302
    assert 'name="otp_token"' in login_page.content.decode()
    assert log_in(Client(), "redaktion", "Kabelbaum-Zwickau-2025").status_code == 200


def totp_device(user) -> tuple[TOTPDevice, str]:
    device = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return device, f"{code:06d}"


def log_in_with_code(client, device, code):
    return client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "redaktion",
            "password": "Kabelbaum-Zwickau-2025",
            "otp_device": device.persistent_id,
            "otp_token": code,
        },
    )


def test_with_the_second_factor_setting_a_valid_code_lets_staff_in(settings, editor):
    settings.ADMIN_REQUIRE_2FA = True
    device, code = totp_device(editor)
    client = Client()

    assert log_in_with_code(client, device, code).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_with_the_second_factor_setting_a_wrong_code_keeps_staff_out(settings, editor):
    settings.ADMIN_REQUIRE_2FA = True
    device, code = totp_device(editor)
    client = Client()

    response = log_in_with_code(client, device, "000000" if code != "000000" else "111111")

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


# Passwords -------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["qwertyuiop", "passwort", "password1"])
def test_common_passwords_are_refused(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert "password_too_common" in [error.code for error in refused.value.error_list]


def test_short_and_numeric_passwords_are_refused():
    with pytest.raises(ValidationError):
        validate_password("Ab1!")
    with pytest.raises(ValidationError):
        validate_password("4711081512")


def test_a_long_uncommon_password_is_accepted():
    validate_password("Kabelbaum-Zwickau-2025")
