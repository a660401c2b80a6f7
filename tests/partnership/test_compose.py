"""docker-compose.yml describes a stack with no state in its app containers:
two web replicas behind a proxy, worker, beat, PostgreSQL, Redis and MinIO
with volumes, healthchecks everywhere, secrets only from the environment."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
SECRETS = ["SECRET_KEY", "POSTGRES_PASSWORD", "S3_ACCESS_KEY", "S3_SECRET_KEY", "EMAIL_URL"]


@pytest.fixture(scope="module")
def stack():
    return yaml.safe_load(COMPOSE.read_text())


def test_the_services_of_a_multi_node_stack(stack):
    services = stack["services"]
    assert {"proxy", "web", "worker", "beat", "db", "redis", "minio", "bucket"} <= set(services)
    assert services["web"]["deploy"]["replicas"] >= 2
    assert "ports" not in services["web"]  # only through the proxy
    assert services["proxy"]["image"].startswith(("nginx", "caddy"))
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "partnership.settings.production"
        assert env["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert "@db:5432/" in env["DATABASE_URL"]
        assert "volumes" not in services[name]  # no local state on app nodes
        assert "celery" in str(services[name]["command"]) or name == "web"
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]


def test_every_service_has_a_healthcheck(stack):
    for name, service in stack["services"].items():
        check = service.get("healthcheck")
        assert check and check.get("test") and not check.get("disable"), name
    assert "/readyz" in str(stack["services"]["web"]["healthcheck"]["test"])


def test_state_lives_in_named_volumes(stack):
    services = stack["services"]
    assert {"pgdata", "miniodata", "static"} <= set(stack["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "miniodata:/data" in services["minio"]["volumes"]
    assert any(v.startswith("static:") for v in services["proxy"]["volumes"])
    bucket = services["bucket"]
    assert "mc mb --ignore-existing" in bucket["entrypoint"]
    assert "mc anonymous set none" in bucket["entrypoint"]  # a private bucket
    web_needs = services["web"]["depends_on"]
    assert web_needs["bucket"]["condition"] == "service_completed_successfully"
    assert web_needs["db"]["condition"] == "service_healthy"


def test_secrets_come_only_from_the_environment(stack):
    text = COMPOSE.read_text()
    for secret in SECRETS:
        assert f"${{{secret}:?" in text, secret
    flat = yaml.safe_dump(stack)
    for key in ("SECRET_KEY", "POSTGRES_PASSWORD", "MINIO_ROOT_PASSWORD", "AWS_SECRET_ACCESS_KEY"):
        for value in re.findall(rf"{key}: (.+)", flat):
            assert value.strip().strip("'\"").startswith("${"), (key, value)


def test_the_proxy_serves_static_and_passes_client_address_and_scheme():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "location /static/" in conf
    for header in ("X-Forwarded-For", "X-Forwarded-Proto $scheme", "X-Real-IP", "X-Request-ID"):
        assert f"proxy_set_header {header}" in conf
    assert "location = /metrics { return 404; }" in conf


def _compose_available():
    if not shutil.which("docker"):
        return False
    result = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    return result.returncode == 0


@pytest.mark.skipif(not _compose_available(), reason="docker compose is not installed here")
def test_docker_compose_config_accepts_it():
    env = dict(os.environ)
    env |= dict.fromkeys(SECRETS, "x")
    env |= {"ALLOWED_HOSTS": "portal.example", "SITE_URL": "https://portal.example"}
    result = subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE), "config", "--quiet"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
