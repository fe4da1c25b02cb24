"""Who may fetch a stored video or document: the rules in one place, for courses.views and courses.documents.

A request gets the file when all of these hold:

1. Collection: every view restriction of the file's collection and its ancestors accepts the request
   (Wagtail's CollectionViewRestriction: sign-in, groups or password). The "Beschäftigte" collection that
   setup_site makes, where the documents of staff lessons live, is restricted to signed-in people.
2. Pages: if live pages use the file, the request may see at least one of them (every view restriction on
   the page and its ancestors accepts it). Wagtail's ReferenceIndex says which pages use a file: chooser
   blocks in a StreamField, rich-text links, and foreign keys such as ExplainerPage.video. A sign-language
   (DGS) video counts as used by the pages of the videos that name it.
3. Unused: a file no live page uses is for signed-in people only. An exception for "public collections"
   was left out on purpose: every collection without a restriction would be one, so a forgotten or not yet
   published upload would be open to the internet. A file becomes public by being used on a public page.
4. Videos marked "Öffentlich" (`is_public`, the public explainer videos) are open to everyone. An unmarked
   video always needs a sign-in, even on a public page: the form promises the editor exactly that.
5. Whoever may edit the file in the admin (change permission on its collection) always gets it, so editors
   can preview a lesson whose restriction they are not part of.

The answer is None (allowed), LOGIN (anonymous: send to the sign-in page) or PASSWORD (anonymous, and the
collection wants a password: Wagtail's password form); for a signed-in person who may
not have the file, PermissionDenied is raised, which learning's SecurityEventMiddleware logs as a refused
access. The number of queries does not grow with the number of pages that use a file: one for the using
pages, one for their view restrictions, one for the collection's, and at most two more for the groups of
group restrictions and the person's own groups.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, IntegerField, Q
from django.db.models.functions import Cast
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)
from wagtail.models.reference_index import ReferenceIndex

LOGIN = "login"
PASSWORD = "password"  # noqa: S105 - the name of an answer, not a secret


class _Viewer:
    """The request's person, with their group ids read at most once."""

    def __init__(self, request):
        self.request = request
        self.user = request.user
        self._groups = None

    def accepts(self, restriction):
        if restriction.restriction_type == BaseViewRestriction.LOGIN:
            return self.user.is_authenticated
        if restriction.restriction_type == BaseViewRestriction.GROUPS:
            if self.user.is_superuser:
                return True
            if not self.user.is_authenticated:
                return False
            if self._groups is None:
                self._groups = set(self.user.groups.values_list("pk", flat=True))
            return any(group.pk in self._groups for group in restriction.groups.all())
        # Passwords (and "none") are Wagtail's own: the session says whether the password was given.
        return restriction.accept_request(self.request)


def _ancestor_paths(path, steplen):
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def _using_pages(obj, extra_sources=None):
    """Live pages that use `obj` (or, for a DGS video, a video whose `sign_language_video` it is)."""
    target = ContentType.objects.get_for_model(type(obj))
    used = Q(to_content_type=target, to_object_id=str(obj.pk))
    if extra_sources is not None:
        source_ids = extra_sources.annotate(text_pk=Cast("pk", CharField())).values("text_pk")
        used |= Q(to_content_type=target, to_object_id__in=source_ids)
    references = (
        ReferenceIndex.objects.filter(used, base_content_type=ContentType.objects.get_for_model(Page))
        .annotate(page_id=Cast("object_id", IntegerField()))
        .values("page_id")
    )
    return list(Page.objects.live().filter(pk__in=references).only("pk", "path", "depth"))


def _visible_pages(viewer, pages):
    if not pages:
        return []
    paths = {prefix for page in pages for prefix in _ancestor_paths(page.path, Page.steplen)}
    restrictions = list(
        PageViewRestriction.objects.filter(page__path__in=paths)
        .select_related("page")
        .prefetch_related("groups")
        .only("restriction_type", "password", "page__path")
    )
    return [
        page
        for page in pages
        if all(viewer.accepts(r) for r in restrictions if page.path.startswith(r.page.path))
    ]


def _collection_refusal(viewer, collection):
    if collection is None:
        return None
    restrictions = CollectionViewRestriction.objects.filter(
        collection__path__in=_ancestor_paths(collection.path, Collection.steplen)
    ).prefetch_related("groups")
    return next((r for r in restrictions if not viewer.accepts(r)), None)


def check(request, obj, *, is_public=False, may_edit=None, extra_sources=None):
    """None if the request may have `obj`, LOGIN if an anonymous visitor must sign in first; raises
    PermissionDenied for a signed-in person who may not (see the module's rules)."""
    if is_public:
        return None
    viewer = _Viewer(request)
    signed_in = request.user.is_authenticated
    refusal = _collection_refusal(viewer, obj.collection)
    if refusal is None:
        pages = _using_pages(obj, extra_sources)
        if (pages and _visible_pages(viewer, pages)) or (not pages and signed_in):
            return None
    if not signed_in:
        password = refusal is not None and refusal.restriction_type == BaseViewRestriction.PASSWORD
        return PASSWORD if password else LOGIN
    if may_edit is not None and may_edit(request.user, obj):
        return None
    raise PermissionDenied
