"""Demo documents: the staff collection (signed-in people only) and the PDFs that staff lessons offer."""

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents import get_document_model

from .. import file_kinds, site_setup

STAFF_COLLECTION = site_setup.STAFF_COLLECTION


def ensure_staff_collection():
    """setup_site's collection of staff documents (signed-in people only); made here only when the demo
    documents are seeded without setup_site, as some tests do."""
    return site_setup.ensure_staff_collection()[0]


def ensure_demo_document(title, lines):
    """A one-page PDF in the staff collection; the same title again returns the existing document."""
    Document = get_document_model()
    collection = ensure_staff_collection()
    document = Document.objects.filter(collection=collection, title=title).first()
    if document is None:
        name = f"{slug(title)}.pdf"
        data = ContentFile(simple_pdf(title, lines), name)
        file_kinds.check_document_file(data)  # the demo passes the checks every upload passes
        document = Document(title=title, collection=collection, file=data)
        document._set_document_file_metadata()
        document.save()
    return document


def slug(title):
    return slugify(title.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss"))


def _pdf_text(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252", "replace")


def simple_pdf(title, lines):
    """A valid one-page A4 PDF of a title and lines of text in Helvetica (WinAnsi covers German)."""
    content = b"BT /F1 16 Tf 20 TL 56 780 Td (" + _pdf_text(title) + b") Tj /F1 11 Tf 16 TL T*"
    for line in lines:
        content += b" (" + _pdf_text(line) + b") '"
    content += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)
