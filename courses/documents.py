"""Wagtail documents: the upload form that checks content (WAGTAILDOCS_DOCUMENT_FORM_BASE) and the serving.

Serving uses Wagtail's own `/documents/<id>/<name>` view and its `before_serve_document` hook (registered in
courses.wagtail_hooks, ahead of Wagtail's own collection check, which it includes): the hook decides access
with courses.media_access and answers with the file itself. That way every document goes out the way videos
do, in every MEDIA_SERVE_MODE and storage, as an attachment with the fixed Content-Type of its kind,
`X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox; default-src 'none'`. Wagtail's view
would send `default-src 'none'` without the sandbox, guess the type of a file whose extension is not in
WAGTAILDOCS_CONTENT_TYPES, and for object storage hand out the bucket URL without any check of ours.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents import get_document_model
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.models import document_served
from wagtail.documents.wagtail_hooks import check_view_restrictions
from wagtail.permissions import policy_registry

from courses import file_kinds, media_access
from courses.views import media_response, with_media_headers


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (single upload, multiple upload and chooser) plus the content check."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            file_kinds.check_document_file(file)
        return file

    def _post_clean(self):
        # Wagtail's Document.clean checks the extension of the file that was just refused (none is left),
        # which would add a second, confusing message to the field.
        refused = list(self.errors["file"]) if self.has_error("file") else None
        super()._post_clean()
        if refused is not None:
            self._errors["file"] = self.error_class(refused)


def _may_edit(user, document):
    policy = policy_registry.get_by_type(get_document_model())
    return policy.user_has_permission_for_instance(user, "change", document)


def serve_document(document, request):
    """The `before_serve_document` hook: the file for whoever may have it, else sign-in or a 403."""
    answer = media_access.check(request, document, may_edit=_may_edit)
    if answer == media_access.PASSWORD:
        return check_view_restrictions(document, request)  # Wagtail's password form
    if answer == media_access.LOGIN:
        return with_media_headers(redirect_to_login(request.get_full_path()))
    document_served.send(sender=type(document), instance=document, request=request)
    return media_response(
        request,
        document.file,
        file_kinds.served_type(document.file.name, file_kinds.DOCUMENT_TYPES),
        public=False,
        attachment_name=document.filename,
        # Wagtail takes a hook's answer only if it is an HttpResponse, which cannot stream; documents are
        # at most WAGTAILDOCS_MAX_UPLOAD_SIZE, and production hands them to nginx or the object store.
        streaming=False,
    )
