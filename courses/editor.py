"""What the page editor's StreamFields do beyond Wagtail's own: "+" buttons named after what they add, and
errors of a whole StreamField that may carry a link."""

from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from wagtail.blocks import BlockWidget
from wagtail.blocks.list_block import ListBlockAdapter
from wagtail.blocks.stream_block import StreamBlockAdapter


def _name_add_button(meta, child_block):
    """Gives the list's element data-add-label, "Antwort hinzufügen": static/js/add-buttons.js makes it the
    name of the list's "+" buttons, which Wagtail's client side titles "Hinzufügen" whatever they add."""
    if child_block.meta.label:
        label = _("%(block)s hinzufügen") % {"block": child_block.meta.label}
        meta["attrs"] = {"data-add-label": label, **meta["attrs"]}


class NamedAddButtonListBlockAdapter(ListBlockAdapter):
    """Wagtail's ListBlock in the editor; its "+" buttons say what they add, taken from the child's label."""

    def js_args(self, block):
        args = super().js_args(block)
        _name_add_button(args[3], block.child_block)
        return args


class NamedAddButtonStreamBlockAdapter(StreamBlockAdapter):
    """Wagtail's StreamBlock in the editor; with a single kind of block its "+" adds that block directly,
    without the menu of kinds, and says so ("Schritt hinzufügen")."""

    def js_args(self, block):
        args = super().js_args(block)
        if len(block.child_blocks) == 1:
            _name_add_button(args[3], *block.child_blocks.values())
        return args


class StreamFieldWidget(BlockWidget):
    """Wagtail's StreamField widget, except that an error of the field as a whole is rendered on the server.

    Wagtail hands a StreamField's errors to its client side, which sets them as text: the link in a lesson's
    publishing refusal (LessonPageForm) would show as markup. Errors of blocks keep Wagtail's way, shown at
    the block they are about (they come as StreamBlockValidationError, which has its own JSON form)."""

    def render_with_errors(self, name, value, attrs=None, errors=None, renderer=None):
        if not errors or any(hasattr(error, "as_json_data") for error in errors.as_data()):
            return super().render_with_errors(name, value, attrs, errors, renderer)
        # The classes of the messages Wagtail's client side writes, so that the tab counts them as errors.
        messages = format_html_join("", '<p class="help-block help-critical">{}</p>', ((m,) for m in errors))
        return messages + super().render(name, value, attrs, renderer)
