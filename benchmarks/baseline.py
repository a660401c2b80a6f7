"""The baseline of the benchmark: what Django itself does on this machine.

Its own settings and WSGI application, with no middleware, no installed app
and no template: a view answering "ok", and a view listing 20 rows from the
portal's database (the organisations table). Served by its own gunicorn:

    DJANGO_SETTINGS_MODULE=benchmarks.baseline gunicorn benchmarks.baseline:application
"""

import os

import environ
from django.db import connection
from django.http import HttpResponse
from django.urls import path

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="benchmark-baseline-not-secret-" + "x" * 30)
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///var/benchmark.sqlite3")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 60
USE_TZ = True


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


def twenty_rows(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT slug, name FROM stakeholders_organisation ORDER BY id LIMIT 20")
        rows = cursor.fetchall()
    return HttpResponse(
        "\n".join(f"{slug}\t{name}" for slug, name in rows), content_type="text/plain"
    )


urlpatterns = [path("bare/", bare), path("rows/", twenty_rows)]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", __name__)

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
