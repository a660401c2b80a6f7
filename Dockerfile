FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# pg_dump/pg_restore for `manage.py backup` and `restore`; fonts for the
# annual report's chart images (Latin and Cyrillic; Chinese, Japanese, Korean:
# monitoring/chart_images.py).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    fonts-dejavu-core fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Static files are collected at build time with placeholder settings (nothing
# is contacted); the real ones come from the environment at run time.
RUN DJANGO_SETTINGS_MODULE=partnership.settings.production SECRET_KEY=build-only ALLOWED_HOSTS=* \
    EMAIL_URL=smtp://build.invalid SITE_URL=https://build.invalid REDIS_URL=redis://build.invalid \
    AWS_STORAGE_BUCKET_NAME=build \
    python manage.py collectstatic --noinput
# The static volume is filled from the image; the migrate job refreshes it as "portal".
RUN useradd --create-home portal && mkdir -p /tmp/prometheus \
    && chown -R portal /tmp/prometheus /app/staticfiles
USER portal
EXPOSE 8000
CMD ["gunicorn", "partnership.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
