"""The accessibility statement page and its feedback; the Redaktion group may read and handle the feedback."""

import django.db.models.deletion
import django.utils.timezone
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

EDITORS_GROUP = "Redaktion"  # learning.roles.EDITORS
FEEDBACK_PERMISSIONS = ["view", "change", "delete"]


def grant_feedback_to_editors(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="courses", model="accessibilityfeedback")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    for action in FEEDBACK_PERMISSIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_accessibilityfeedback",
            defaults={"name": f"Can {action} Rückmeldung zur Barrierefreiheit"},
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_explainers"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessibilityFeedback",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("message", models.TextField(max_length=2000, verbose_name="Nachricht")),
                ("name", models.CharField(blank=True, max_length=200, verbose_name="Name")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="E-Mail-Adresse")),
                ("page_url", models.CharField(blank=True, max_length=500, verbose_name="Betroffene Seite")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="Eingegangen am")),
                ("handled", models.BooleanField(default=False, verbose_name="Erledigt")),
                (
                    "notified_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="Redaktion benachrichtigt am"
                    ),
                ),
            ],
            options={
                "verbose_name": "Rückmeldung zur Barrierefreiheit",
                "verbose_name_plural": "Rückmeldungen zur Barrierefreiheit",
                "ordering": ["-created_at"],
            },
        ),
        migrations.CreateModel(
            name="AccessibilityStatementPage",
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
                    "compliance_status",
                    models.CharField(
                        choices=[
                            ("full", "vollständig vereinbar"),
                            ("partial", "teilweise vereinbar"),
                            ("none", "nicht vereinbar"),
                        ],
                        default="partial",
                        max_length=10,
                        verbose_name="Stand der Vereinbarkeit mit BITV 2.0",
                    ),
                ),
                (
                    "compliance_text",
                    wagtail.fields.RichTextField(
                        blank=True,
                        default="<p>Wir prüfen unsere Seiten regelmäßig und beheben gefundene Barrieren so schnell wie möglich.</p>",
                        verbose_name="Erläuterung zum Stand",
                    ),
                ),
                (
                    "non_accessible_content",
                    wagtail.fields.RichTextField(
                        blank=True,
                        default="<ul><li>Einige ältere PDF-Dokumente sind noch nicht vollständig barrierefrei. Auf Wunsch schicken wir Ihnen den Inhalt in einer barrierefreien Form.</li><li>Nicht alle Erklärvideos haben schon eine Fassung in Deutscher Gebärdensprache.</li></ul>",
                        help_text="Welche Inhalte sind nicht barrierefrei, warum, und welche Alternative gibt es?",
                        verbose_name="Nicht barrierefreie Inhalte",
                    ),
                ),
                (
                    "statement_date",
                    models.DateField(
                        default=django.utils.timezone.localdate, verbose_name="Datum der Erklärung"
                    ),
                ),
                (
                    "assessment_method",
                    models.CharField(
                        default="Selbstbewertung durch das Jobcenter Musterkreis",
                        max_length=300,
                        verbose_name="Grundlage der Erklärung",
                    ),
                ),
                (
                    "contact_text",
                    wagtail.fields.RichTextField(
                        default="<p>Ist Ihnen eine Barriere aufgefallen? Oder brauchen Sie Informationen in einer barrierefreien Form? Dann schreiben Sie uns über das Formular unten. Wir antworten Ihnen so schnell wie möglich, spätestens nach einem Monat.</p>",
                        verbose_name="Kontakt und Feedback",
                    ),
                ),
                (
                    "contact_email",
                    models.EmailField(
                        blank=True, max_length=254, verbose_name="E-Mail-Adresse für Rückfragen"
                    ),
                ),
                (
                    "contact_phone",
                    models.CharField(blank=True, max_length=50, verbose_name="Telefon für Rückfragen"),
                ),
                (
                    "enforcement_name",
                    models.CharField(
                        default="Schlichtungsstelle nach dem Behindertengleichstellungsgesetz (§ 16 BGG)",
                        help_text="Für ein kommunales Jobcenter kann nach Landesrecht auch die Durchsetzungsstelle des Landes zuständig sein. Bitte prüfen Sie das mit Ihrer Rechtsabteilung.",
                        max_length=200,
                        verbose_name="Schlichtungsstelle",
                    ),
                ),
                (
                    "enforcement_text",
                    wagtail.fields.RichTextField(
                        default="<p>Sie haben uns eine Barriere gemeldet und sind mit unserer Antwort nicht zufrieden? Dann können Sie sich an die Schlichtungsstelle wenden. Das Schlichtungsverfahren ist kostenlos. Sie brauchen keinen Rechtsbeistand.</p>",
                        verbose_name="Text zum Schlichtungsverfahren",
                    ),
                ),
                (
                    "enforcement_url",
                    models.URLField(
                        default="https://www.schlichtungsstelle-bgg.de/",
                        verbose_name="Internetadresse der Schlichtungsstelle",
                    ),
                ),
            ],
            options={
                "verbose_name": "Erklärung zur Barrierefreiheit",
                "verbose_name_plural": "Erklärungen zur Barrierefreiheit",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.RunPython(grant_feedback_to_editors, migrations.RunPython.noop),
    ]
