"""The catalogue's search index: stemmed terms per course, built by courses.search."""

from django.db import models

__all__ = ["SearchTerm"]


class SearchTerm(models.Model):
    """One stemmed word of a course's text (its lessons included) with the weight of where it stands."""

    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=64)
    # The word as it is written in the text, for "Meinten Sie …?".
    word = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "term"], name="search_term_unique_per_course")
        ]
        indexes = [models.Index(fields=["term"], name="search_term_term")]

    def __str__(self):
        return f"{self.term} ({self.weight:g})"
