"""Settings for Netzwerkatlas, read from environment variables.

With no DATABASE_URL the site runs on SQLite in the project folder, so `make run`
needs nothing prepared; production sets DATABASE_URL to PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "True")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # django.contrib.admin with netzwerk.admin.AtlasAdminSite as admin.site.
    "netzwerk.admin_config.AtlasAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    # Only for its model RateCounter (netzwerk/models.py): shared rate-limit counts.
    "netzwerk",
    "directory",
    "events",
]

MIDDLEWARE = [
    # /healthz first: no host check, HTTPS redirect or session in its way (netzwerk/health.py).
    "netzwerk.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy and Cross-Origin-Resource-Policy, also on WhiteNoise's static files.
    "netzwerk.headers.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: from the /en/ prefix on public pages (German unprefixed), from the
    # django_language cookie or Accept-Language in the admin; see netzwerk/locale.py.
    "netzwerk.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The database away (restart, network): a 503 page, not a 500 (netzwerk/unavailable.py).
    "netzwerk.unavailable.DatabaseUnavailableMiddleware",
    # A public GET may spend about 2 s on the database in all; a cancelled statement answers a
    # 400 "zu allgemein" page (netzwerk/lib/deadline.py). After the 503 middleware on purpose.
    "netzwerk.lib.deadline.RequestDeadlineMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin's own middleware runs under /admin/ only (netzwerk/middleware.py): public
    # pages do not pay for it.
    "netzwerk.middleware.OTPMiddleware",
    "netzwerk.middleware.MessageMiddleware",
    # Records who made a change in the history tables (directory.history).
    "netzwerk.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with the policy built once (netzwerk/middleware.py).
    "netzwerk.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout during login into the lockout page.
    "netzwerk.middleware.AxesMiddleware",
]
# django-axes looks for its middleware by name; it is there, wrapped to act under /admin/ only.
SILENCED_SYSTEM_CHECKS = ["axes.W002"]

ROOT_URLCONF = "netzwerk.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "netzwerk.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", "600"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite opens a file; a persistent connection buys nothing there.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Settings for each PostgreSQL session of the site. JIT off: a faceted search over 100k rows
# costs enough for PostgreSQL to compile it to machine code, and compiling took longer than the
# query (a past-date network filter: 5.4 s with JIT, 1.0 s without; bench/RESULTS-cold.md).
# 32 MB of work_mem keeps the facet and page sorts of a broad search in memory (the default
# 4 MB spills them to disk). Per sort node and connection: 4 workers × a few sorts stay small.
PG_SESSION_OPTIONS = os.getenv("PG_SESSION_OPTIONS", "-c jit=off -c work_mem=32MB")
# A read-only replica of the same database: reads go there, writes and migrations to default
# (netzwerk/routers.py). In tests it mirrors default, so no second test database is made.
DATABASE_REPLICA_URL = os.getenv("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=envint("CONN_MAX_AGE", "600"), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["netzwerk.routers.ReplicaRouter"]
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql" and PG_SESSION_OPTIONS:
        _database.setdefault("OPTIONS", {})["options"] = PG_SESSION_OPTIONS

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Several app servers (or gunicorn workers) share one Redis, so a facet count computed by
# one is there for all; without REDIS_URL each process keeps its own in memory.
REDIS_URL = os.getenv("REDIS_URL", "")
# The whole budget of a public GET request on the database, and of an export (seconds).
REQUEST_DEADLINE_SECONDS = float(os.environ.get("REQUEST_DEADLINE_SECONDS", "2.0"))
REQUEST_DEADLINE_EXPORT_SECONDS = float(os.environ.get("REQUEST_DEADLINE_EXPORT_SECONDS", "20.0"))

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# After a write, how many requests across the site may rebuild out-of-date cached pages at
# once; the others serve the previous versions meanwhile, for at most 60 s (netzwerk/lib/cache.py).
CACHE_REBUILD_SLOTS = envint("CACHE_REBUILD_SLOTS", "2")

# Requests per client and window for the costly public endpoints (netzwerk/ratelimit.py);
# counted in the shared cache. RATELIMIT_TRUST_FORWARDED only behind a proxy you run.
RATELIMIT_ENABLED = envbool("RATELIMIT_ENABLED", "True")
RATELIMIT_TRUST_FORWARDED = envbool("RATELIMIT_TRUST_FORWARDED", "False")
RATELIMITS = {
    "search": os.getenv("RATELIMIT_SEARCH", "120/m"),
    # Suggestions as one types a name: a request every few keystrokes, each one cheap.
    "suggest": os.getenv("RATELIMIT_SUGGEST", "300/m"),
    "export": os.getenv("RATELIMIT_EXPORT", "20/m"),
    "correction": os.getenv("RATELIMIT_CORRECTION", "5/h"),
}

# Exports answer 400 beyond this many rows and ask for filters (directory and event exports).
EXPORT_MAX_ROWS = envint("EXPORT_MAX_ROWS", "200000")

# Admin login: django-axes locks a username from one address out after AXES_FAILURE_LIMIT
# failed logins for AXES_COOLOFF_TIME (attempts are kept in the database, so every app server
# sees them). Its backend must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = envbool("AXES_ENABLED", "True")
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "netzwerk.admin.lockout_response"
# Behind a proxy: how many proxies put their address into X-Forwarded-For (0: none trusted).
AXES_IPWARE_PROXY_COUNT = envint("AXES_PROXY_COUNT", "0") or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
# Staff need a second factor (a TOTP app) for the admin when this is on (netzwerk/admin.py);
# give every staff member a TOTP device in the admin before switching it on.
ADMIN_REQUIRE_2FA = envbool("ADMIN_REQUIRE_2FA", "False")
OTP_TOTP_ISSUER = "Netzwerkatlas"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German is the default and unprefixed; English lives under /en/ (netzwerk/urls.py). The
# msgids are the German texts, so locale/de only needs to exist; locale/en translates them.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# "24 September 2019" in English rather than Django's US "Sept. 24, 2019". No thousands
# separator by default: it would write years and postcodes as "2.019"; counts use intcomma.
FORMAT_MODULE_PATH = ["netzwerk.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# collectstatic writes here; an image or each app server builds its own copy (nothing shared).
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The map's tiles (templates/includes/map.html, static/js/map.js). An empty MAP_TILE_URL shows
# only the state outlines served from our own static files; the CSP below allows the tile host.
MAP_TILE_URL = os.getenv("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = os.getenv(
    "MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende',
)
# Who hears about accessibility barriers (templates/pages/accessibility.html).
ACCESSIBILITY_CONTACT_EMAIL = os.getenv("ACCESSIBILITY_CONTACT_EMAIL", "barrierefreiheit@netzwerkatlas.example")

# Where the reference data (postcodes, municipalities) lives; copied into the project
# with its licence so a clone needs nothing from outside.
REFERENCE_DATA_DIR = BASE_DIR / "directory" / "data"


def tile_source(url: str) -> str:
    """The CSP source of a tile URL template: 'https://{s}.tile.example/{z}/…' → 'https://*.tile.example'."""
    parts = urlsplit(url)
    host = parts.netloc
    if "{" in host:
        host = "*." + host.split(".", 1)[1] if "." in host else host
    return f"{parts.scheme}://{host}" if parts.scheme else "'self'"


# Content-Security-Policy (django-csp): scripts and styles only from our own static files, no
# inline code, no plugins, no framing. JSON data in <script type="application/json"> is fine.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", tile_source(MAP_TILE_URL)],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Headers and cookies on every response; the ones that need HTTPS only when DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script of ours reads the CSRF token; forms carry it in a hidden field.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "True")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
    # A 404 or 400 is the visitor's mistake and in the server's access log already; a warning
    # line for each cost more than the 404 page itself. Server errors are still logged.
    "loggers": {"django.request": {"level": os.getenv("LOG_LEVEL_REQUESTS", "ERROR")}},
}

# Where load_seed_network reads the public record (directory/seed/public/README.md). The tests
# point it at an empty folder unless a test is marked `public_record`: the articles are enough
# for most, and loading the whole record in every test that seeds would take minutes.
SEED_PUBLIC_DIR = os.getenv("SEED_PUBLIC_DIR", str(BASE_DIR / "directory" / "seed" / "public"))
