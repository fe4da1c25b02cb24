"""Each settings mode imports; production refuses to start without its secrets and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": get_random_secret_key() + get_random_secret_key(),
    "ALLOWED_HOSTS": "lernen.jobcenter.example",
    "DATABASE_URL": "postgres://lernhafen:pw@127.0.0.1:5432/lernhafen",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "BASE_URL": "https://lernen.jobcenter.example",
    "PUBLIC_BASE_URL": "https://www.jobcenter.example",
    "EMAIL_HOST": "smtp.jobcenter.example",
    "DEFAULT_FROM_EMAIL": "lernhafen@jobcenter.example",
    "MEDIA_ROOT": "/srv/lernhafen/media",
    "PRIVATE_MEDIA_ROOT": "/srv/lernhafen/private",
}


def run_django(settings_module, code, extra_env=None, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in drop and k not in PRODUCTION_ENV}
    env.update(extra_env or {})
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    env.pop("LERNHAFEN_WORKER_DB_NAME", None)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("mode", ["base", "dev", "test"])
def test_settings_import(mode, tmp_path):
    result = run_django(
        f"learning.settings.{mode}",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.DEBUG)",
        {"LERNHAFEN_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    language, zone, debug = result.stdout.split()
    assert (language, zone) == ("de", "Europe/Berlin")
    assert debug == ("True" if mode == "dev" else "False")


def test_production_settings_import_with_environment():
    result = run_django(
        "learning.settings.production",
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(("jit", "options"), [(None, {"options": "-c jit=off"}), ("true", {})])
def test_postgresql_connections_run_without_jit_unless_asked(jit, options):
    """JIT compiling cost the compliance overview more than running it (docs/performance.md)."""
    result = run_django(
        "learning.settings.production",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default'].get('OPTIONS', {}))",
        {**PRODUCTION_ENV, **({"DATABASE_JIT": jit} if jit else {})},
        drop=("DATABASE_JIT",),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(options)


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_HOST", "PUBLIC_BASE_URL"]
)
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_django("learning.settings.production", "import django; django.setup()", env, drop=(missing,))
    assert result.returncode != 0
    assert f"The environment variable {missing} is required" in result.stderr


def test_production_passes_deploy_check():
    result = run_django(
        "learning.settings.production",
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
