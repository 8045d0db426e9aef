"""Django settings for Lotsa. Every value comes from the environment (config/env.py).

Defaults are safe for production (DEBUG off, secure cookies); `make demo` and the
tests switch DEBUG on explicitly.
"""

from pathlib import Path

import dj_database_url

from lotsa.config.env import env_bool, env_int, env_list, env_str

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(env_str("LOTSA_BASE_DIR", str(SRC_DIR.parent.parent)))
VAR_DIR = Path(env_str("LOTSA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "insecure-development-key-only-for-debug-and-tests"  # noqa: S105
# No default outside DEBUG. Commands that sign nothing (makemigrations, migrate, lint) still
# run; `lotsa check --deploy` reports lotsa.E001 and the WSGI entry point refuses to start, so
# a server never runs without a key.
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.admin",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # the integration API (lotsa.api); its bundled API docs need templates
    "django_prometheus",  # request metrics (/metrics, docs/deployment.md)
    "django_tasks",  # background work (lotsa.jobs, decision 0024)
    "django_tasks_db",
    "lotsa.jobs",
    "lotsa.shell",
    "lotsa.audit",
    "lotsa.organisations",
    "lotsa.signin",
    "lotsa.people",
    "lotsa.guidelines",
    "lotsa.referrals",
    "lotsa.cases",
    "lotsa.cases.journal",
    "lotsa.work",
    "lotsa.decisions",
    "lotsa.assessments",
    "lotsa.collaboration",
    "lotsa.messaging",
    "lotsa.portal",
    "lotsa.surveys",
    "lotsa.statistics",
    "lotsa.reporting",
    "lotsa.outcomes",
    "lotsa.api",
    "lotsa.retention",
    "lotsa.oversight",
    "lotsa.imports",
    "lotsa.onboarding",
    "lotsa.scale",
    "lotsa.demo",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lotsa.shell.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lotsa.core.observability.RequestContextMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lotsa.core.replica.ReplicaReadsMiddleware",
    "lotsa.audit.middleware.AuditContextMiddleware",
    "lotsa.shell.middleware.IdleTimeoutMiddleware",
    "lotsa.shell.middleware.NoStoreForSignedInMiddleware",
    "lotsa.signin.middleware.TwoFactorRequiredMiddleware",
    "lotsa.portal.middleware.ParticipantBoundaryMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "lotsa.config.urls"
WSGI_APPLICATION = "lotsa.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lotsa.shell.context_processors.navigation",
                "lotsa.signin.context_processors.two_factor",
                "lotsa.signin.context_processors.single_sign_on",
                "lotsa.portal.context_processors.language_switch",
            ],
            # lotsa.core is not an app, so its template filters are named here.
            "libraries": {"formatting": "lotsa.core.formatting"},
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'lotsa.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_db),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    # Write transactions take the write lock when they begin (IMMEDIATE): a deferred one that
    # read first and then wrote was refused at once with "database is locked" whenever another
    # writer came first, whatever the timeout. Waiting writers wait up to the busy timeout.
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("LOTSA_SQLITE_BUSY_TIMEOUT_SECONDS", 20),
        }
    )
# A PostgreSQL read replica for the statistics pages (lotsa.core.replica); optional.
LOTSA_READ_REPLICA_ALIAS: str | None = None
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0)
    )
    LOTSA_READ_REPLICA_ALIAS = "replica"
DATABASE_ROUTERS = ["lotsa.core.replica.ReplicaRouter"]
# The case page's one combined statement (lotsa.core.batch) as a server-side prepared statement
# on PostgreSQL. Turn off behind a connection pooler that does not carry prepared statements.
LOTSA_BATCH_PREPARED_STATEMENTS = env_bool("LOTSA_BATCH_PREPARED_STATEMENTS", True)
LOTSA_REPLICA_APPS = env_list("LOTSA_REPLICA_APPS", ["statistics"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
# Django's password backend, reading the user with their unit (the header's, on every page).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lotsa.signin.backends.StaffBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "shell:home"
LOGOUT_REDIRECT_URL = "login"

# The reverse proxies in front of Lotsa, in the order a request passes them (addresses or CIDR
# networks); only from the last of them is X-Forwarded-For believed (lotsa.core.client).
LOTSA_TRUSTED_PROXIES = env_list("LOTSA_TRUSTED_PROXIES", [])
# django-ipware reads only this header (lotsa.core.client hands it the trusted hops).
IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)

# Repeated failed sign-ins lock the username+address pair for a while.
AXES_CLIENT_IP_CALLABLE = "lotsa.core.client.client_ip"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Two-factor sign-in (lotsa.signin): every signed-in user passes a TOTP code from an
# authenticator app, or a single-use recovery code, before any page.
LOTSA_REQUIRE_TWO_FACTOR = env_bool("LOTSA_REQUIRE_TWO_FACTOR", True)
# Creating a service account asks for a new code unless the second factor was passed this
# many minutes ago (lotsa.signin.views.fresh_second_factor_required).
LOTSA_FRESH_SECOND_FACTOR_MINUTES = env_int("LOTSA_FRESH_SECOND_FACTOR_MINUTES", 5)
# A new account's invitation link (organisations.services.user_invite) works this long, once.
LOTSA_INVITATION_VALID_HOURS = env_int("LOTSA_INVITATION_VALID_HOURS", 72)
OTP_TOTP_ISSUER = env_str("LOTSA_TWO_FACTOR_ISSUER", "Lotsa")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Single sign-on with the municipality's OpenID Connect provider, only when a client id is set.
# Users are matched to existing accounts by one claim (lotsa.signin.oidc); none are created.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
LOTSA_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
LOTSA_OIDC_LOGIN_LABEL = env_str("LOTSA_OIDC_LOGIN_LABEL", "kommunens inloggning")
LOTSA_OIDC_MATCH_FIELD = env_str("LOTSA_OIDC_MATCH_FIELD", "email")
LOTSA_OIDC_MATCH_CLAIM = env_str(
    "LOTSA_OIDC_MATCH_CLAIM", "email" if LOTSA_OIDC_MATCH_FIELD == "email" else "preferred_username"
)
if LOTSA_OIDC_MATCH_FIELD not in {"email", "username"}:
    raise RuntimeError("LOTSA_OIDC_MATCH_FIELD must be 'email' or 'username'.")
if LOTSA_OIDC_ENABLED:
    _oidc_required = [
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
    ]
    if _missing := [name for name in _oidc_required if not env_str(name)]:
        raise RuntimeError(f"OIDC_RP_CLIENT_ID is set; also set {', '.join(_missing)}.")
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("lotsa.signin.oidc.MunicipalOIDCBackend")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
    OIDC_USE_PKCE = True
    OIDC_CREATE_USER = False
    OIDC_CALLBACK_CLASS = "lotsa.signin.oidc.MunicipalOIDCCallbackView"

# Participants' sign-in through an e-ID broker (lotsa.portal.oidc), only when a client id is
# set; the broker's personnummer claim is matched to one registered participant.
LOTSA_PORTAL_OIDC_RP_CLIENT_ID = env_str("LOTSA_PORTAL_OIDC_RP_CLIENT_ID", "")
if LOTSA_PORTAL_OIDC_RP_CLIENT_ID:
    _portal_oidc = [
        "LOTSA_PORTAL_OIDC_RP_CLIENT_SECRET",
        "LOTSA_PORTAL_OIDC_OP_AUTHORIZATION_ENDPOINT",
        "LOTSA_PORTAL_OIDC_OP_TOKEN_ENDPOINT",
        "LOTSA_PORTAL_OIDC_OP_USER_ENDPOINT",
        "LOTSA_PORTAL_OIDC_OP_JWKS_ENDPOINT",
    ]
    if _missing := [name for name in _portal_oidc if not env_str(name)]:
        raise RuntimeError(
            f"LOTSA_PORTAL_OIDC_RP_CLIENT_ID is set; also set {', '.join(_missing)}."
        )
    for _name in _portal_oidc:
        globals()[_name] = env_str(_name)
    LOTSA_PORTAL_OIDC_RP_SIGN_ALGO = env_str("LOTSA_PORTAL_OIDC_RP_SIGN_ALGO", "RS256")
    LOTSA_PORTAL_OIDC_RP_SCOPES = env_str("LOTSA_PORTAL_OIDC_RP_SCOPES", "openid")
LOTSA_PORTAL_OIDC_PERSONNUMMER_CLAIM = env_str(
    "LOTSA_PORTAL_OIDC_PERSONNUMMER_CLAIM", "personal_number"
)
LOTSA_PORTAL_OIDC_LOGIN_LABEL = env_str("LOTSA_PORTAL_OIDC_LOGIN_LABEL", "e-legitimation")

# Idle sessions end after this many minutes (shell.middleware.IdleTimeoutMiddleware).
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE_SECONDS", 12 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^health/", r"^metrics/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
# Content-Security-Policy is set by shell.middleware (no inline script or style).
LOTSA_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)

LANGUAGE_CODE = "sv"
# Adding a language is one line here and one catalogue in locale/ (docs/portal-and-surveys.md).
# Names are each language's own name for itself, so a reader finds theirs without Swedish.
# "sv-ll" is lättläst svenska; "fa-af" is Dari (Persian of Afghanistan): right to left through
# Django's LANGUAGES_BIDI, which holds "fa" (decision 0021).
LANGUAGES = [
    ("sv", "Svenska"),
    ("sv-ll", "Lättläst svenska"),
    ("en", "English"),
    ("ar", "العربية"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
    ("fa-af", "دری"),
]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
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
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Text messages (participants' sign-in codes, survey links): a dotted path to a class with
# send(to, message); the console backend prints them (lotsa/core/sms.py).
LOTSA_SMS_BACKEND = env_str("LOTSA_SMS_BACKEND", "lotsa.core.sms.ConsoleSmsBackend")
# The address links in messages start with (survey links sent by e-mail or text message).
LOTSA_PUBLIC_URL = env_str("LOTSA_PUBLIC_URL", "http://127.0.0.1:8000")
# Participants' sign-in codes (lotsa.portal, docs/decisions/0010-*.md).
LOTSA_PORTAL_CODE_MINUTES = env_int("LOTSA_PORTAL_CODE_MINUTES", 10)
LOTSA_PORTAL_CODE_ATTEMPTS = env_int("LOTSA_PORTAL_CODE_ATTEMPTS", 5)
LOTSA_PORTAL_CODES_PER_PERSON = env_int("LOTSA_PORTAL_CODES_PER_PERSON", 3)
LOTSA_PORTAL_REQUESTS_PER_IP = env_int("LOTSA_PORTAL_REQUESTS_PER_IP", 10)
LOTSA_SELF_REFERRALS_PER_IP = env_int("LOTSA_SELF_REFERRALS_PER_IP", 5)
LOTSA_PORTAL_RATE_WINDOW_MINUTES = env_int("LOTSA_PORTAL_RATE_WINDOW_MINUTES", 15)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "lotsa@localhost")

# Background work (lotsa.jobs, decision 0024): tasks are rows in this database, run by
# `lotsa worker` processes on any machine; `lotsa scheduler` enqueues the scheduled jobs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A message is tried this many times, waiting LOTSA_MESSAGE_RETRY_SECONDS × 2^(n-1) between.
LOTSA_MESSAGE_ATTEMPTS = env_int("LOTSA_MESSAGE_ATTEMPTS", 6)
LOTSA_MESSAGE_RETRY_SECONDS = env_int("LOTSA_MESSAGE_RETRY_SECONDS", 30)
# A task RUNNING longer than this is taken to have lost its worker and is run again.
LOTSA_TASK_LEASE_SECONDS = env_int("LOTSA_TASK_LEASE_SECONDS", 3600)
# Where the scheduled backup writes (`lotsa backup`); empty: no scheduled backup.
LOTSA_BACKUP_DIR = env_str("LOTSA_BACKUP_DIR", "")

# Logs are JSON lines with request id and actor id and no personal data
# (lotsa.core.observability); LOG_FORMAT=text gives Django's plain lines.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lotsa.core.observability.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if env_str("LOG_FORMAT", "json") == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # SQL carries names and personnummer, and the template engine's debug lines print whole
    # contexts (people's names among them): never logged, whatever LOG_LEVEL says.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.template": {"level": "WARNING"},
    },
}

# Metrics for Prometheus at /metrics/ (lotsa.shell.metrics): off unless a token is set, and
# then only for `Authorization: Bearer <token>`.
LOTSA_METRICS_TOKEN = env_str("LOTSA_METRICS_TOKEN", "")
PROMETHEUS_EXPORT_MIGRATIONS = False

# Optional error reports to Sentry, only when SENTRY_DSN is set; no personal data is sent.
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    from lotsa.core.observability import sentry_before_send

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=sentry_before_send,  # type: ignore[arg-type]
        traces_sample_rate=0.0,
    )

# The audit chain's HMAC key (lotsa.audit.chain): keep it out of the database and its backups,
# and keep it for the life of the log. Unset, a key derived from SECRET_KEY is used and
# `check --deploy` warns (lotsa.W010).
LOTSA_AUDIT_KEY = env_str("LOTSA_AUDIT_KEY", "")
# Where `lotsa audit checkpoint` writes the signed chain heads that `lotsa audit verify`
# compares against: storage the database's writers cannot change (docs/deployment.md).
LOTSA_AUDIT_CHECKPOINT_DIR = Path(
    env_str("LOTSA_AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints"))
)
# `lotsa audit detach` refuses months younger than this (PostgreSQL's monthly partitions).
LOTSA_AUDIT_KEEP_MONTHS = env_int("LOTSA_AUDIT_KEEP_MONTHS", 60)

# Culling (gallring): years after the last entry before a case's records go (docs/retention.md).
LOTSA_CULLING_YEARS = env_int("LOTSA_CULLING_YEARS", 5)
# Published statistics show counts below this as "<5" (lotsa.statistics.suppression).
LOTSA_SUPPRESS_BELOW = env_int("LOTSA_SUPPRESS_BELOW", 5)

# Demo data may only be created on a development instance.
LOTSA_ALLOW_DEMO_DATA = DEBUG
