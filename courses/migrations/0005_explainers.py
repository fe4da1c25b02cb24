"""Public explainer pages, Leichte Sprache and DGS pages, contact settings, and the content languages."""

import django.db.models.deletion
import modelcluster.contrib.taggit
import modelcluster.fields
import wagtail.contrib.routable_page.models
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

# Frozen here rather than read from settings, so the migration gives the same result forever.
CONTENT_LANGUAGES = ["de", "en", "ar", "tr", "uk", "ru", "fa"]


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_load_digcomp"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="EasyLanguagePage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("intro", models.TextField(blank=True, max_length=300, verbose_name="Einleitung")),
                (
                    "body",
                    wagtail.fields.StreamField(
                        [("paragraph", 0), ("list", 2), ("explanation", 5)],
                        block_lookup={
                            0: (
                                "wagtail.blocks.TextBlock",
                                (),
                                {
                                    "help_text": "Kurze Sätze. Ein Gedanke pro Satz.",
                                    "icon": "pilcrow",
                                    "label": "Absatz",
                                },
                            ),
                            1: ("wagtail.blocks.CharBlock", (), {"label": "Punkt"}),
                            2: ("wagtail.blocks.ListBlock", (1,), {"icon": "list-ul", "label": "Liste"}),
                            3: ("wagtail.blocks.CharBlock", (), {"label": "Schweres Wort"}),
                            4: ("wagtail.blocks.TextBlock", (), {"label": "Erklärung"}),
                            5: (
                                "wagtail.blocks.StructBlock",
                                [[("word", 3), ("meaning", 4)]],
                                {"icon": "help", "label": "Wort-Erklärung"},
                            ),
                        },
                        verbose_name="Inhalt",
                    ),
                ),
            ],
            options={
                "verbose_name": "Seite in Leichter Sprache",
                "verbose_name_plural": "Seiten in Leichter Sprache",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="ExplainerIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("intro", models.TextField(blank=True, max_length=600, verbose_name="Einleitung")),
            ],
            options={
                "verbose_name": "Erklärungen (Übersicht)",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="ExplainerPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "lead",
                    models.TextField(
                        help_text="Zwei, drei kurze Sätze: Worum geht es?",
                        max_length=600,
                        verbose_name="Kurz gesagt",
                    ),
                ),
                (
                    "steps",
                    wagtail.fields.StreamField(
                        [("step", 2)],
                        block_lookup={
                            0: ("wagtail.blocks.CharBlock", (), {"label": "Schritt"}),
                            1: ("wagtail.blocks.TextBlock", (), {"label": "Erläuterung", "required": False}),
                            2: ("wagtail.blocks.StructBlock", [[("title", 0), ("text", 1)]], {}),
                        },
                        help_text="Die ersten drei Schritte stehen auch auf dem Aushang.",
                        verbose_name="Schritte",
                    ),
                ),
                (
                    "checklist",
                    wagtail.fields.StreamField(
                        [("document", 0)],
                        blank=True,
                        block_lookup={
                            0: ("wagtail.blocks.CharBlock", (), {"label": "Unterlage", "max_length": 200})
                        },
                        verbose_name="Diese Unterlagen brauchen Sie",
                    ),
                ),
                (
                    "offline_title",
                    models.CharField(
                        default="Kein Computer? So bekommen Sie Hilfe vor Ort",
                        max_length=150,
                        verbose_name="Überschrift Hilfe vor Ort",
                    ),
                ),
                (
                    "offline_text",
                    models.TextField(
                        blank=True,
                        help_text="Was Menschen ohne Computer tun können. Anschrift, Öffnungszeiten und Telefon kommen aus den Einstellungen „Kontakt für Kundinnen und Kunden“.",
                        verbose_name="Hilfe vor Ort",
                    ),
                ),
                (
                    "reviewed_at",
                    models.DateField(
                        help_text="Wann der Inhalt zuletzt fachlich geprüft wurde.", verbose_name="Stand"
                    ),
                ),
                (
                    "easy_language_page",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="explainers",
                        to="courses.easylanguagepage",
                        verbose_name="Fassung in Leichter Sprache",
                    ),
                ),
                (
                    "sign_language_video",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="courses.video",
                        verbose_name="Video in Deutscher Gebärdensprache (DGS)",
                    ),
                ),
                (
                    "video",
                    models.ForeignKey(
                        blank=True,
                        help_text="Zum Veröffentlichen braucht das Video Untertitel und ein Transkript.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="courses.video",
                        verbose_name="Erklärvideo",
                    ),
                ),
            ],
            options={
                "verbose_name": "Erklärseite",
                "verbose_name_plural": "Erklärseiten",
            },
            bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, "wagtailcore.page"),
        ),
        migrations.CreateModel(
            name="ExplainerTag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "content_object",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_items",
                        to="courses.explainerpage",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="%(app_label)s_%(class)s_items",
                        to="taggit.tag",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="explainerpage",
            name="tags",
            field=modelcluster.contrib.taggit.ClusterTaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="courses.ExplainerTag",
                to="taggit.Tag",
                verbose_name="Schlagwörter",
            ),
        ),
        migrations.CreateModel(
            name="PublicServiceSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "portal_name",
                    models.CharField(
                        default="jobcenter.digital", max_length=100, verbose_name="Name des Online-Portals"
                    ),
                ),
                (
                    "portal_url",
                    models.URLField(
                        default="https://www.jobcenter.digital/", verbose_name="Adresse des Online-Portals"
                    ),
                ),
                (
                    "office_name",
                    models.CharField(
                        default="Jobcenter Musterkreis", max_length=150, verbose_name="Name der Dienststelle"
                    ),
                ),
                (
                    "address",
                    models.TextField(
                        blank=True, help_text="Straße, Hausnummer, PLZ und Ort.", verbose_name="Anschrift"
                    ),
                ),
                (
                    "opening_hours",
                    models.TextField(
                        blank=True,
                        help_text="Eine Zeile je Tag oder Zeitraum.",
                        verbose_name="Öffnungszeiten",
                    ),
                ),
                ("phone", models.CharField(blank=True, max_length=50, verbose_name="Telefon")),
                (
                    "site",
                    models.OneToOneField(
                        editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site"
                    ),
                ),
            ],
            options={
                "verbose_name": "Kontakt für Kundinnen und Kunden",
            },
        ),
        migrations.CreateModel(
            name="SignLanguagePage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        blank=True, help_text="Was das Video zeigt, in wenigen Sätzen.", verbose_name="Text"
                    ),
                ),
                (
                    "video",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="courses.video",
                        verbose_name="Video in Deutscher Gebärdensprache (DGS)",
                    ),
                ),
            ],
            options={
                "verbose_name": "Startseite Gebärdensprache",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.RunPython(create_locales, migrations.RunPython.noop),
    ]
