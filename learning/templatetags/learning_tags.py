"""Template tags through which course and lesson pages show the learner's own progress."""

from django import template

from learning import completion, dashboard, termine

register = template.Library()


@register.simple_tag
def my_learning(user):
    return dashboard.my_learning(user)


@register.simple_tag
def course_status(user, course):
    """{"status": CourseStatus, "missing": prerequisite courses not yet completed} for the course page."""
    if not user.is_authenticated:
        return {"status": None, "missing": []}
    status, missing = dashboard.course_status(user, course)
    return {"status": status, "missing": missing}


@register.simple_tag
def lesson_progress(user, lesson):
    if not user.is_authenticated:
        return None
    return dashboard.lesson_progress(user, lesson)


@register.simple_tag
def learner_statuses(user, courses):
    """The person's status on each course of a list or a page of results, fetched at once:
    {course id: CourseStatus}. Use it once per list; `status_of` picks a course's entry in a card."""
    return dashboard.catalogue_statuses(user, list(courses))


@register.filter
def status_of(statuses, course):
    """The entry of `course` in what `learner_statuses` returned, or None (not enrolled, no duty)."""
    return (statuses or {}).get(getattr(course, "pk", None))


@register.simple_tag
def completion_coverage():
    """The share of a video that completes its lesson (learning.completion), for the player's hint."""
    return completion.COMPLETION_COVERAGE


@register.filter
def percent(value):
    """0..1 → whole percent."""
    return round((value or 0) * 100)


@register.simple_tag
def course_dates(user, course):
    """The course's upcoming dates for the course page: free places and the person's own registration."""
    return termine.course_dates(user, course)
