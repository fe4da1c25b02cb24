"""Knowledge checks: read a learner's submission, score it on the server, and apply the attempt policy.

Correct answers and feedback live only in the page's StreamField; the browser gets answer ids and texts,
in an order shuffled per attempt. How often a learner may fail before waiting, and when per-question feedback
is shown, is the course's `AttemptPolicy`; this module decides it from the learner's `AttemptHistory`, which
the learner record supplies through `register_attempt_history` (courses must not import learning).
"""

import random
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.db.models import TextChoices
from django.dispatch import Signal
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Sent after a learner submitted a knowledge check that could be scored:
# sender=LessonPage class, lesson, user, result (QuizResult). The learner record listens (courses
# must not import learning).
knowledge_check_submitted = Signal()


class QuestionKind(TextChoices):
    SINGLE = "single", gettext_lazy("Eine Antwort ist richtig")
    MULTIPLE = "multiple", gettext_lazy("Mehrere Antworten können richtig sein")


class FeedbackMode(TextChoices):
    """When a learner sees per question whether it was right, the answers' feedback and the explanation."""

    IMMEDIATELY = "immediately", gettext_lazy("Sofort nach jedem Versuch")
    AFTER_PASSING = "after_passing", gettext_lazy("Erst nach dem Bestehen")
    AFTER_PASSING_OR_LAST = (
        "after_passing_or_last",
        gettext_lazy("Nach dem Bestehen oder nach dem letzten erlaubten Versuch vor der Wartezeit"),
    )


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


@dataclass(frozen=True)
class AttemptHistory:
    """What the learner record knows of one learner's attempts at one lesson's check."""

    failed: int = 0  # failed attempts, all of them
    passed: bool = False  # passed at least once
    last_failed_at: datetime | None = None

    def after(self, result, now):
        """The history once `result`, submitted at `now`, is stored."""
        if result.passed:
            return replace(self, passed=True)
        return replace(self, failed=self.failed + 1, last_failed_at=now)


@dataclass(frozen=True)
class AttemptStatus:
    """Where a learner stands under a policy: may they submit now, and how many tries are left."""

    passed: bool
    locked_until: datetime | None = None  # while set and in the future, a submission is refused
    remaining: int | None = None  # failed attempts left before a waiting time; None: no limit

    @property
    def locked(self):
        return self.locked_until is not None

    def retry_text(self):
        """ "heute um 14:20 Uhr" or "am 3. Dezember 2026 um 09:05 Uhr", in the site's time zone."""
        until = timezone.localtime(self.locked_until)
        time = formats.time_format(until, "H:i")
        if until.date() == timezone.localdate():
            return _("heute um %(time)s Uhr") % {"time": time}
        return _("am %(date)s um %(time)s Uhr") % {"date": formats.date_format(until, "j. F Y"), "time": time}


@dataclass(frozen=True)
class AttemptPolicy:
    """A course's rules for its checks. Without `max_failed` a learner may retry at once without limit.

    After every `max_failed` failed attempts in a row the learner waits `wait_minutes` before the next one;
    attempts are refused (and not stored) while they wait, so failures come in rounds of `max_failed`.
    A learner who has passed is never held back.
    """

    max_failed: int | None = None
    wait_minutes: int = 0
    feedback: str = FeedbackMode.IMMEDIATELY

    @property
    def limited(self):
        # Form validation keeps both positive; a value set around it (shell, data) must not lock anyone out.
        return (self.max_failed or 0) > 0 and self.wait_minutes > 0

    def status(self, history, now):
        if history.passed or not self.limited:
            return AttemptStatus(passed=history.passed)
        in_round = history.failed % self.max_failed
        if history.failed and not in_round:
            until = history.last_failed_at + timedelta(minutes=self.wait_minutes)
            if now < until:
                return AttemptStatus(passed=False, locked_until=until, remaining=0)
        return AttemptStatus(passed=False, remaining=self.max_failed - in_round)

    def shows_feedback(self, status):
        """Whether per-question feedback may be shown to a learner in `status` (after their attempt)."""
        if self.feedback == FeedbackMode.IMMEDIATELY or status.passed:
            return True
        return self.feedback == FeedbackMode.AFTER_PASSING_OR_LAST and status.locked


# The learner record registers a callable (user, lesson) -> AttemptHistory in its AppConfig.ready.
AttemptHistorySource = Callable[[object, object], AttemptHistory]
_history_source: AttemptHistorySource | None = None


def register_attempt_history(source):
    """Install the function that reads a learner's attempt history (one per process; the last one wins)."""
    global _history_source  # a registry of one, filled once from AppConfig.ready
    _history_source = source


def attempt_history(user, lesson):
    if _history_source is None or not user.is_authenticated:
        return AttemptHistory()
    return _history_source(user, lesson)


def history_for(policy, user, lesson, *, submitting=False):
    """The learner's history, read (one query) only when the policy needs it: when it limits attempts, or,
    for a submission, when it hides feedback until the check is passed."""
    needed = policy.limited or (submitting and policy.feedback != FeedbackMode.IMMEDIATELY)
    return attempt_history(user, lesson) if needed else AttemptHistory()


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


ORDER_SEED = re.compile(r"^[0-9a-f]{16}$")


def new_order_seed():
    """A fresh seed for the answer order of one attempt; the form carries it, so a re-shown form keeps it."""
    return secrets.token_hex(8)


def order_seed(data):
    """The seed a submitted form carried, or a fresh one if it is missing or malformed."""
    seed = data.get("order", "") if data is not None else ""
    return seed if ORDER_SEED.match(seed) else new_order_seed()


def ordered_answers(question, seed):
    """The answers of a question in the order shown: shuffled by `seed` unless the editor turned it off."""
    answers = list(question.value["answers"].bound_blocks)
    if question.value.get("shuffle", True):
        random.Random(f"{seed}:{question.id}").shuffle(answers)  # noqa: S311 - an order, not a secret
    return answers


def present(
    check_block, result=None, errors=None, submitted=None, seed=None, policy=None, status=None, refused=False
):
    """What the template shows of a check: questions and answer texts (shuffled by `seed`, a new order when
    none is given), and after a submission the learner's choices and, as `policy` allows for the `status`
    the attempt led to, right or wrong, feedback and explanation. `refused`: the submission came while the
    learner must wait. Correct answers are never included."""
    errors = errors or {}
    seed = seed or new_order_seed()
    policy = policy or AttemptPolicy()
    status = status or AttemptStatus(passed=False)
    feedback = policy.shows_feedback(status)
    questions = []
    for question in check_block.value["questions"].bound_blocks:
        outcome = result.questions.get(question.id) if result else None
        chosen = (
            outcome.selected if outcome else set(submitted.getlist(f"q-{question.id}") if submitted else ())
        )
        shown = outcome if feedback else None
        questions.append(
            {
                "id": question.id,
                "prompt": question.value["prompt"],
                "multiple": question.value["kind"] == QuestionKind.MULTIPLE,
                "answers": [
                    {"id": answer.id, "text": answer.value["text"], "checked": answer.id in chosen}
                    for answer in ordered_answers(question, seed)
                ],
                "error": errors.get(question.id),
                "outcome": shown,
                "explanation": question.value["explanation"] if shown else "",
            }
        )
    return {
        "id": check_block.id,
        "questions": questions,
        "result": result,
        "feedback_shown": feedback,
        "has_errors": bool(errors),
        "seed": seed,
        "policy": policy,
        "status": status,
        "retry_at": status.retry_text() if status.locked else "",
        "refused": refused,
    }
