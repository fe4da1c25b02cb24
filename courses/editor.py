"""What the page editor's StreamFields do beyond Wagtail's own: errors of a whole StreamField that may link."""

from django.utils.html import format_html_join
from wagtail.blocks import BlockWidget


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
