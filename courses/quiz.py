"""Knowledge checks: read a learner's submission and score it on the server.

Correct answers and feedback live only in the page's StreamField; the browser gets answer ids and texts.
"""

from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.dispatch import Signal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Sent after a learner submitted a knowledge check that could be scored:
# sender=LessonPage class, lesson, user, result (QuizResult). The learner record listens (courses
# must not import learning).
knowledge_check_submitted = Signal()


class QuestionKind(TextChoices):
    SINGLE = "single", gettext_lazy("Eine Antwort ist richtig")
    MULTIPLE = "multiple", gettext_lazy("Mehrere Antworten können richtig sein")


class QuizInputError(ValueError):
    """The submission does not fit the knowledge check; messages are German and per question."""

    def __init__(self, errors):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class QuestionResult:
    question_id: str
    selected: frozenset
    correct: bool
    feedback: list = field(default_factory=list)  # (answer text, feedback text) of the chosen answers


@dataclass
class QuizResult:
    check_id: str
    questions: dict  # question id -> QuestionResult
    pass_mark: int

    @property
    def score(self):
        """Share of correctly answered questions, 0..1."""
        if not self.questions:
            return 0.0
        return sum(result.correct for result in self.questions.values()) / len(self.questions)

    @property
    def percent(self):
        return round(self.score * 100)

    @property
    def passed(self):
        return self.score * 100 >= self.pass_mark

    def answers(self):
        """What was chosen, by question id, as plain lists (for storing)."""
        return {qid: sorted(result.selected) for qid, result in self.questions.items()}


def read_submission(check_block, data):
    """Map question id -> set of chosen answer ids from POST data (fields `q-<question id>`).

    Raises QuizInputError when a question is unanswered, a single-choice question has several answers,
    or an answer id does not belong to its question.
    """
    errors, chosen = {}, {}
    for question in check_block.value["questions"].bound_blocks:
        answer_ids = {answer.id for answer in question.value["answers"].bound_blocks}
        selected = set(data.getlist(f"q-{question.id}"))
        if not selected:
            errors[question.id] = _("Bitte wählen Sie eine Antwort.")
        elif not selected <= answer_ids:
            errors[question.id] = _("Diese Antwort gehört nicht zu der Frage. Bitte laden Sie die Seite neu.")
        elif question.value["kind"] == QuestionKind.SINGLE and len(selected) > 1:
            errors[question.id] = _("Bei dieser Frage ist nur eine Antwort möglich.")
        chosen[question.id] = frozenset(selected)
    if errors:
        raise QuizInputError(errors)
    return chosen


def score(check_block, chosen):
    """Score chosen answers (question id -> set of answer ids) against the check's correct answers."""
    results = {}
    for question in check_block.value["questions"].bound_blocks:
        answers = question.value["answers"].bound_blocks
        correct_ids = {answer.id for answer in answers if answer.value["correct"]}
        selected = frozenset(chosen.get(question.id, ()))
        feedback = [
            (answer.value["text"], answer.value["feedback"])
            for answer in answers
            if answer.id in selected and answer.value["feedback"]
        ]
        results[question.id] = QuestionResult(question.id, selected, selected == correct_ids, feedback)
    return QuizResult(check_block.id, results, check_block.value["pass_mark"])


def present(check_block, result=None, errors=None, submitted=None):
    """What the template shows of a check: questions and answer texts, and after a submission the
    learner's choices, right or wrong, feedback and explanation. Correct answers are never included."""
    errors = errors or {}
    questions = []
    for question in check_block.value["questions"].bound_blocks:
        outcome = result.questions.get(question.id) if result else None
        chosen = (
            outcome.selected if outcome else set(submitted.getlist(f"q-{question.id}") if submitted else ())
        )
        questions.append(
            {
                "id": question.id,
                "prompt": question.value["prompt"],
                "multiple": question.value["kind"] == QuestionKind.MULTIPLE,
                "answers": [
                    {"id": answer.id, "text": answer.value["text"], "checked": answer.id in chosen}
                    for answer in question.value["answers"].bound_blocks
                ],
                "error": errors.get(question.id),
                "outcome": outcome,
                "explanation": question.value["explanation"] if outcome else "",
            }
        )
    return {"id": check_block.id, "questions": questions, "result": result, "has_errors": bool(errors)}
