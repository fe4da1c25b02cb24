"""The platform's roles as Django groups with their Wagtail permissions, kept in one place.

`sync_roles` is idempotent and takes an app registry, so data migrations can call it with historical models.
"""

LEARNERS = "Lernende"
BASS_STUDENTS = "BASS-Studierende"
LOTSEN = "Digitalisierungslotsen"
EDITORS = "Redaktion"
COORDINATION = "Koordination"
DATA_PROTECTION = "Datenschutz"
STAFF_COUNCIL = "Personalrat"
# The combined role before issue 12; migration 0013 moves its members to both of the roles above.
FORMER_DATA_PROTECTION = "Datenschutz/Personalrat"

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")

# Per role: model permissions (app_label, model, codename), page permissions on the whole tree,
# and permissions on the root collection (images, documents, media).
ROLES = {
    LEARNERS: {"permissions": [], "page": [], "collection": []},
    BASS_STUDENTS: {"permissions": [], "page": [], "collection": []},
    LOTSEN: {"permissions": [], "page": [], "collection": []},
    EDITORS: {
        "permissions": [
            ACCESS_ADMIN,
            # Granted first by courses migration 0006 (courses cannot import this module); listed here too so
            # that the role matrix in docs/datenschutz/ is complete. Nobody adds feedback: visitors send it.
            ("courses", "accessibilityfeedback", "view_accessibilityfeedback"),
            ("courses", "accessibilityfeedback", "change_accessibilityfeedback"),
            ("courses", "accessibilityfeedback", "delete_accessibilityfeedback"),
            # The texts of the reminder e-mails of mandatory trainings (a Wagtail setting, learning.reminders).
            ("learning", "remindertemplates", "change_remindertemplates"),
            # The multilingual workflow of wagtail-localize: "Diese Seite übersetzen" and "Übersetzungen
            # synchronisieren" ask for this one permission; editing and publishing a translation ask for
            # the page permissions below (granted on the root, so on every language's tree).
            ("wagtail_localize", "translation", "submit_translation"),
            # The contact details on the public pages, with their translations (a Wagtail setting).
            ("courses", "publicservicesettings", "change_publicservicesettings"),
            # Dates of courses: on the course page (page permissions) and in the list "Termine". A date
            # with registrations cannot be deleted (it is called off).
            ("courses", "termin", "add_termin"),
            ("courses", "termin", "change_termin"),
            ("courses", "termin", "delete_termin"),
            ("courses", "termin", "view_termin"),
        ],
        "page": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        "collection": [
            ("wagtailimages", "image", "add_image"),
            ("wagtailimages", "image", "change_image"),
            ("wagtailimages", "image", "delete_image"),
            ("wagtailimages", "image", "choose_image"),
            ("wagtaildocs", "document", "add_document"),
            ("wagtaildocs", "document", "change_document"),
            ("wagtaildocs", "document", "delete_document"),
            ("wagtaildocs", "document", "choose_document"),
            # wagtailmedia checks its permissions against its own Media model, also for courses.Video.
            # It has no "choose" permission: choosing needs change or delete.
            ("wagtailmedia", "media", "add_media"),
            ("wagtailmedia", "media", "change_media"),
            ("wagtailmedia", "media", "delete_media"),
        ],
    },
    COORDINATION: {
        "permissions": [
            ACCESS_ADMIN,
            ("learning", "orgunit", "add_orgunit"),
            ("learning", "orgunit", "change_orgunit"),
            ("learning", "orgunit", "delete_orgunit"),
            ("learning", "orgunit", "view_orgunit"),
            # Staff profiles hold no learning data: org unit and BASS cohort only. No delete: a profile
            # goes with its user account.
            ("learning", "staffprofile", "add_staffprofile"),
            ("learning", "staffprofile", "change_staffprofile"),
            ("learning", "staffprofile", "view_staffprofile"),
            # Mandatory trainings (learning.requirements): requirements are switched off, not deleted;
            # the overview of cycles shows state, due date and validity only.
            ("learning", "trainingrequirement", "add_trainingrequirement"),
            ("learning", "trainingrequirement", "change_trainingrequirement"),
            ("learning", "trainingrequirement", "view_trainingrequirement"),
            ("learning", "exemption", "add_exemption"),
            ("learning", "exemption", "change_exemption"),
            ("learning", "exemption", "delete_exemption"),
            ("learning", "exemption", "view_exemption"),
            ("learning", "requirementcycle", "view_requirementcycle"),
            # Revoking a certificate (learning.revocation.revoke), with a reason in the access log.
            ("learning", "certificate", "revoke_certificate"),
            # Dates of courses (learning.viewsets.TerminViewSet): plan them, see per date how many are
            # registered, attended and waiting; attendance by name only for mandatory trainings, logged.
            ("courses", "termin", "add_termin"),
            ("courses", "termin", "change_termin"),
            ("courses", "termin", "delete_termin"),
            ("courses", "termin", "view_termin"),
            ("courses", "termin", "attendance_termin"),
            ("lotsen", "lotse", "add_lotse"),
            ("lotsen", "lotse", "change_lotse"),
            ("lotsen", "lotse", "delete_lotse"),
            ("lotsen", "lotse", "view_lotse"),
            ("lotsen", "lotse", "report_lotse"),
            ("lotsen", "helprequest", "view_helprequest"),
            ("lotsen", "helprequest", "change_helprequest"),
            ("lotsen", "lotsenprogramme", "change_lotsenprogramme"),
        ],
        "page": [],
        "collection": [],
    },
    # Reads the access log with its security events and exports it (learning.viewsets.AccessLogReportView),
    # and the summaries of the retention runs (learning.viewsets.RetentionRunReportView).
    DATA_PROTECTION: {
        "permissions": [
            ACCESS_ADMIN,
            ("learning", "accesslogentry", "view_accesslogentry"),
            ("learning", "retentionrun", "view_retentionrun"),
        ],
        "page": [],
        "collection": [],
    },
    # Aggregates only: the Lotsen reports (counts with small groups suppressed, lotsen.reports) and the
    # documentation in docs/. No person-level data, no access log.
    STAFF_COUNCIL: {
        "permissions": [ACCESS_ADMIN, ("lotsen", "lotse", "report_lotse")],
        "page": [],
        "collection": [],
    },
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


# Grants a role once had and must no longer have (sync_roles takes them away again).
WITHDRAWN = {
    # The free "assign any course to anybody" form went; Koordination works through requirements.
    COORDINATION: [("learning", "enrolment", "add_enrolment")],
    # Person-level logs are Datenschutz's alone, also if a group of this name was made by hand before.
    STAFF_COUNCIL: [("learning", "accesslogentry", "view_accesslogentry")],
}


def split_data_protection(apps):
    """Replace the combined role "Datenschutz/Personalrat" by "Datenschutz" and "Personalrat".

    Every member of the old group becomes a member of both new ones, so that nobody loses a screen on the
    day of the update; an admin then takes each person out of the role that is not theirs. The old group
    is deleted, and with it every grant it had (sync_roles then grants each new role its own).
    """
    Group = apps.get_model("auth", "Group")
    old = Group.objects.filter(name=FORMER_DATA_PROTECTION).first()
    if old is None:
        return
    members = list(old.user_set.all())
    for name in (DATA_PROTECTION, STAFF_COUNCIL):
        group, _ = Group.objects.get_or_create(name=name)
        group.user_set.add(*members)
    old.delete()


def sync_roles(apps):
    """Create every role group, grant what ROLES lists and take back what WITHDRAWN lists; never removes
    anything else an admin added by hand."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, codename in WITHDRAWN.get(name, []):
            group.permissions.remove(_permission(apps, app_label, model, codename))
        for app_label, model, codename in grants["permissions"]:
            group.permissions.add(_permission(apps, app_label, model, codename))
        for codename in grants["page"]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_permission(apps, "wagtailcore", "page", codename)
            )
        for app_label, model, codename in grants["collection"]:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=_permission(apps, app_label, model, codename),
            )
