"""Lotse profiles, help requests, coaching, sessions with private notes apart, and the self-check."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import taggit.managers
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("courses", "0004_load_digcomp"),
        ("learning", "0003_enrolment_progress_attempts_certificates"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LotsenProgramme",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        default="Digitalisierungslotsen Jobcenter Musterkreis",
                        max_length=120,
                        verbose_name="Name des Programms",
                    ),
                ),
                ("description", models.TextField(blank=True, max_length=1500, verbose_name="Beschreibung")),
            ],
            options={
                "verbose_name": "Lotsenprogramm",
            },
        ),
        migrations.CreateModel(
            name="Coaching",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "consent_given_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="Einwilligung erteilt am"),
                ),
                (
                    "consent_revoked_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="Einwilligung zuletzt widerrufen am"
                    ),
                ),
                (
                    "started_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="begonnen am"),
                ),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="beendet am")),
                (
                    "colleague",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lotsen_coachings",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Kollegin oder Kollege",
                    ),
                ),
                (
                    "competences",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="courses.competence", verbose_name="Themen"
                    ),
                ),
            ],
            options={
                "verbose_name": "Begleitung",
                "verbose_name_plural": "Begleitungen",
                "ordering": ["-started_at"],
            },
        ),
        migrations.CreateModel(
            name="Lotse",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "monthly_quota_hours",
                    models.PositiveSmallIntegerField(
                        default=8,
                        validators=[django.core.validators.MaxValueValidator(80)],
                        verbose_name="Zeitkontingent pro Monat (Stunden)",
                    ),
                ),
                (
                    "office_hours",
                    models.CharField(
                        blank=True,
                        help_text="Zum Beispiel: Digi-Sprechstunde dienstags 9–11 Uhr, Raum 1.12 und per Video",
                        max_length=300,
                        verbose_name="Digi-Sprechstunde",
                    ),
                ),
                ("active", models.BooleanField(default=True, verbose_name="aktiv")),
                (
                    "competences",
                    models.ManyToManyField(
                        blank=True,
                        limit_choices_to=models.Q(("area_code", ""), _negated=True),
                        related_name="lotsen",
                        to="courses.competence",
                        verbose_name="Themen (DigComp 2.2)",
                    ),
                ),
                (
                    "org_units",
                    models.ManyToManyField(
                        help_text="Die Lotsin oder der Lotse ist für diese Einheiten und alle Teams darunter da.",
                        related_name="lotsen",
                        to="learning.orgunit",
                        verbose_name="betreute Organisationseinheiten",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lotse_profile",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Person",
                    ),
                ),
            ],
            options={
                "verbose_name": "Lotsin oder Lotse",
                "verbose_name_plural": "Lotsinnen und Lotsen",
                "ordering": ["user__last_name", "user__first_name"],
                "permissions": [("report_lotse", "Kann die Auswertungen des Lotsenprogramms sehen")],
            },
        ),
        migrations.CreateModel(
            name="CoachingSession",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("individual", "Einzelbegleitung"), ("group", "Sprechstunde/Gruppe")],
                        default="individual",
                        max_length=20,
                        verbose_name="Art",
                    ),
                ),
                ("date", models.DateField(default=django.utils.timezone.localdate, verbose_name="Datum")),
                (
                    "minutes",
                    models.PositiveSmallIntegerField(
                        default=30,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(600),
                        ],
                        verbose_name="Dauer in Minuten",
                    ),
                ),
                (
                    "format",
                    models.CharField(
                        choices=[("in_person", "vor Ort"), ("phone", "Telefon"), ("video", "Video")],
                        default="in_person",
                        max_length=20,
                        verbose_name="Gesprächsform",
                    ),
                ),
                ("outcome", models.CharField(blank=True, max_length=300, verbose_name="Ergebnis")),
                ("follow_up", models.CharField(blank=True, max_length=300, verbose_name="Nächster Schritt")),
                (
                    "follow_up_due",
                    models.DateField(blank=True, null=True, verbose_name="Nächster Schritt bis"),
                ),
                (
                    "follow_up_done_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="Nächster Schritt erledigt am"),
                ),
                (
                    "participant_count",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="Zahl der Teilnehmenden",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "coaching",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sessions",
                        to="lotsen.coaching",
                    ),
                ),
                (
                    "competences",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="courses.competence", verbose_name="Themen"
                    ),
                ),
                (
                    "lotse",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sessions",
                        to="lotsen.lotse",
                        verbose_name="Lotsin oder Lotse",
                    ),
                ),
            ],
            options={
                "verbose_name": "Termin",
                "verbose_name_plural": "Termine",
                "ordering": ["-date", "-created_at"],
            },
        ),
        migrations.AddField(
            model_name="coaching",
            name="lotse",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="coachings",
                to="lotsen.lotse",
                verbose_name="Lotsin oder Lotse",
            ),
        ),
        migrations.CreateModel(
            name="LotseTag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "content_object",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_items",
                        to="lotsen.lotse",
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
            model_name="lotse",
            name="tags",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="Themen außerhalb von DigComp, zum Beispiel: E-Akte, Videoberatung, Microsoft Teams.",
                through="lotsen.LotseTag",
                to="taggit.Tag",
                verbose_name="weitere Themen",
            ),
        ),
        migrations.CreateModel(
            name="PrivateNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(max_length=2000, verbose_name="Private Notiz")),
                (
                    "session",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="private_note",
                        to="lotsen.coachingsession",
                    ),
                ),
            ],
            options={
                "verbose_name": "private Notiz",
                "verbose_name_plural": "private Notizen",
            },
        ),
        migrations.CreateModel(
            name="SelfCheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="ausgefüllt am"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lotsen_self_checks",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "Kompetenz-Check",
                "verbose_name_plural": "Kompetenz-Checks",
                "ordering": ["-created_at"],
            },
        ),
        migrations.CreateModel(
            name="SelfAssessment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "level",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (1, "Ich weiß nicht, wie das geht"),
                            (2, "Ich kann es mit Unterstützung"),
                            (3, "Ich kann es selbstständig"),
                            (4, "Ich kann es sicher und kann andere anleiten"),
                        ],
                        verbose_name="Stufe",
                    ),
                ),
                ("date", models.DateField(default=django.utils.timezone.localdate, verbose_name="Datum")),
                (
                    "competence",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="courses.competence",
                        verbose_name="Kompetenz",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lotsen_self_assessments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "self_check",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assessments",
                        to="lotsen.selfcheck",
                    ),
                ),
            ],
            options={
                "verbose_name": "Selbsteinschätzung",
                "verbose_name_plural": "Selbsteinschätzungen",
            },
        ),
        migrations.CreateModel(
            name="HelpRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "topic",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("E-Akte", "E-Akte"),
                            ("Videoberatung", "Videoberatung"),
                            ("Microsoft Teams", "Microsoft Teams"),
                            ("Verschlüsselte E-Mail", "Verschlüsselte E-Mail"),
                            ("Online-Antrag und Dokumenten-Upload", "Online-Antrag und Dokumenten-Upload"),
                            ("Fachverfahren", "Fachverfahren"),
                            ("Barrierefreie Dokumente", "Barrierefreie Dokumente"),
                        ],
                        max_length=60,
                        verbose_name="Thema",
                    ),
                ),
                ("message", models.TextField(max_length=2000, verbose_name="Ihre Nachricht")),
                (
                    "preferred_format",
                    models.CharField(
                        choices=[("in_person", "vor Ort"), ("phone", "Telefon"), ("video", "Video")],
                        default="in_person",
                        max_length=20,
                        verbose_name="Wie möchten Sie sprechen?",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("assigned", "Zugewiesen"),
                            ("pool", "Pool"),
                            ("accepted", "Angenommen"),
                            ("done", "Erledigt"),
                        ],
                        default="pool",
                        max_length=20,
                        verbose_name="Status",
                    ),
                ),
                (
                    "notified_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="benachrichtigt am"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="angefragt am"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="geändert am")),
                (
                    "coaching",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="help_requests",
                        to="lotsen.coaching",
                    ),
                ),
                (
                    "competence",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="courses.competence",
                        verbose_name="Kompetenz",
                    ),
                ),
                (
                    "requester",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lotsen_requests",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="angefragt von",
                    ),
                ),
                ("declined_by", models.ManyToManyField(blank=True, related_name="+", to="lotsen.lotse")),
                (
                    "lotse",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="help_requests",
                        to="lotsen.lotse",
                        verbose_name="Lotsin oder Lotse",
                    ),
                ),
            ],
            options={
                "verbose_name": "Hilfeanfrage",
                "verbose_name_plural": "Hilfeanfragen",
                "ordering": ["-created_at"],
                "indexes": [models.Index(fields=["status", "lotse"], name="lotsen_help_status_a65ea6_idx")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("competence__isnull", False),
                            models.Q(("topic", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="helprequest_has_topic",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "assigned"), _negated=True),
                            ("lotse__isnull", False),
                            _connector="OR",
                        ),
                        name="helprequest_assigned_has_lotse",
                    ),
                ],
            },
        ),
        migrations.AddIndex(
            model_name="coachingsession",
            index=models.Index(fields=["lotse", "date"], name="lotsen_coac_lotse_i_ab720b_idx"),
        ),
        migrations.AddConstraint(
            model_name="coachingsession",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("coaching__isnull", False),
                        ("kind", "individual"),
                        ("participant_count__isnull", True),
                    ),
                    models.Q(("coaching__isnull", True), ("kind", "group"), ("participant_count__gte", 1)),
                    _connector="OR",
                ),
                name="session_individual_or_anonymous_group",
            ),
        ),
        migrations.AddConstraint(
            model_name="coachingsession",
            constraint=models.CheckConstraint(
                condition=models.Q(("minutes__gte", 1)), name="session_minutes_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="coaching",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_at", None)),
                fields=("lotse", "colleague"),
                name="coaching_one_open_per_pair",
            ),
        ),
        migrations.AddIndex(
            model_name="selfcheck",
            index=models.Index(fields=["user", "-created_at"], name="lotsen_self_user_id_b9cef9_idx"),
        ),
        migrations.AddConstraint(
            model_name="selfassessment",
            constraint=models.UniqueConstraint(
                fields=("self_check", "competence"), name="selfassessment_once_per_check"
            ),
        ),
        migrations.AddConstraint(
            model_name="selfassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(("level__gte", 1), ("level__lte", 4)), name="selfassessment_level"
            ),
        ),
    ]
