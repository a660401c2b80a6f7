FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_SETTINGS_MODULE=partnership.settings.production SECRET_KEY=build ALLOWED_HOSTS=* \
    python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "partnership.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
