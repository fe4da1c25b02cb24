"""Template filters that render Django form fields in KERN UX markup (templates/components/form_field.html)."""

from django import forms, template

register = template.Library()

WIDGET_CLASSES = {
    forms.Select: "kern-form-input__select",
    forms.SelectMultiple: "kern-form-input__select",
}


@register.filter
def kern_widget(field):
    """Render a bound field's widget with KERN classes and the ARIA links to its hint and errors."""
    widget = field.field.widget
    css = next(
        (c for kind, c in WIDGET_CLASSES.items() if isinstance(widget, kind)), "kern-form-input__input"
    )
    if field.errors:
        css += f" {css}--error"
    attrs = {"class": css}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-errors")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def is_choice_list(field):
    return isinstance(field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))


@register.filter
def is_checkboxes(field):
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple)
