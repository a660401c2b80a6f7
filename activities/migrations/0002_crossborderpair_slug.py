from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    Pair = apps.get_model("activities", "CrossBorderPair")
    taken = set()
    for pair in Pair.objects.select_related("first", "second").order_by("pk"):
        base = slugify(pair.name or f"{pair.first.name} {pair.second.name}")[:100] or "pair"
        slug, counter = base, 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        taken.add(slug)
        pair.slug = slug
        pair.save(update_fields=["slug"])


class Migration(migrations.Migration):
    # The slugs are filled row by row before the column becomes unique: outside
    # one transaction, so PostgreSQL has no pending trigger events at the ALTER.
    atomic = False

    dependencies = [("activities", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="crossborderpair",
            name="slug",
            # No index yet: the unique constraint below brings its own (on
            # PostgreSQL a plain index first would collide with its "_like" twin).
            field=models.SlugField(
                blank=True, db_index=False, default="", max_length=120, verbose_name="slug"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="crossborderpair",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="Its page's address.",
                max_length=120,
                unique=True,
                verbose_name="slug",
            ),
        ),
    ]
