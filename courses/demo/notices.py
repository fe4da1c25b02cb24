"""Seeds the legal notices: the staff privacy notice in the portal, the public one and the Impressum."""

from wagtail.models import Site

from ..models import ImprintPage, PortalPage, PublicPrivacyNoticePage, StaffPrivacyNoticePage
from .tree import ensure_child


def seed(stdout, data):
    """The three notices from notices.toml (courses.demo.loader.DemoData.notices); existing ones stay as they are."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    portal = PortalPage.objects.child_of(home).first()
    ensure_child(portal, StaffPrivacyNoticePage, **page_fields(data.notices["staff_privacy"]))
    ensure_child(home, PublicPrivacyNoticePage, **page_fields(data.notices["public_privacy"]))
    ensure_child(home, ImprintPage, **page_fields(data.notices["imprint"]))
    stdout.write("Rechtliche Hinweise: Datenschutzhinweise für Beschäftigte und für die Website, Impressum.")


def page_fields(notice):
    fields = {
        "slug": notice["slug"],
        "title": notice["title"],
        "lead": notice["lead"],
        "reviewed_at": notice["reviewed_at"],
        "body": [
            {"type": "section", "value": {"heading": section["heading"], "text": section["html"]}}
            for section in notice["sections"]
        ],
    }
    contact = notice.get("contact")
    if contact is not None:
        fields |= {
            "dpo_name": contact["name"],
            "dpo_address": contact["address"],
            "dpo_email": contact["email"],
            "dpo_phone": contact["phone"],
            "supervisory_authority": contact["authority"],
            "supervisory_authority_url": contact["authority_url"],
        }
    return fields
