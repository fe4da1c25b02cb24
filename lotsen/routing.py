"""Which Lotse gets a help request: pure functions over plain data, so the rule is easy to test."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    lotse_id: int
    unit_ids: frozenset = field(default_factory=frozenset)
    competence_ids: frozenset = field(default_factory=frozenset)
    tag_names: frozenset = field(default_factory=frozenset)  # casefolded
    free_minutes: int = 0


@dataclass(frozen=True)
class Need:
    # The requester's org unit first, then its parent units up to the root; empty without a unit.
    unit_chain: tuple = ()
    competence_id: int | None = None
    topic: str = ""


def coverage_distance(candidate, need):
    """0 when the Lotse covers the requester's own unit, 1 for its parent, ...; None when not covered."""
    for distance, unit_id in enumerate(need.unit_chain):
        if unit_id in candidate.unit_ids:
            return distance
    return None


def has_topic(candidate, need):
    if need.competence_id is not None:
        return need.competence_id in candidate.competence_ids
    return bool(need.topic) and need.topic.casefold() in candidate.tag_names


def choose(candidates, need, exclude=()):
    """The id of the best Lotse for `need`, or None (the request goes to the coordinators' pool).

    Eligible: covers the requester's unit (directly or through a parent unit), has the topic, has free
    quota this month, and has not declined. Preferred: the same org unit, then the nearest covering unit,
    then the most free quota; the lowest id breaks ties so the choice is stable.
    """
    ranked = []
    for candidate in candidates:
        if candidate.lotse_id in exclude or candidate.free_minutes <= 0 or not has_topic(candidate, need):
            continue
        distance = coverage_distance(candidate, need)
        if distance is None:
            continue
        ranked.append((distance, -candidate.free_minutes, candidate.lotse_id))
    return min(ranked)[2] if ranked else None
