"""无记名投票. Who is due to vote and whether they have (``Voter``) is kept apart from what was voted
(``Ballot`` and its ``BallotMark`` rows), and nothing links the two: a ballot has a random id, no timestamp,
no voter and no order; the slots are made all at once when voting starts, in random order, and a vote fills
a random empty one. The ``code`` (计票码) is shown once to the voter; after the round closes the counted codes
are published, so each voter can see theirs was counted without being able to prove what it said."""

import uuid

from django.db import models
from django.db.models import Q

from vanguard.core.scope import RestrictedQuerySet
from vanguard.org.models import Person

from ..choices import EvaluatorKind
from .rounds import EvaluationRound, RoundSubject
from .schemes import Criterion


class Voter(models.Model):
    """One voter due in a round and whether they have voted; one row per person and round (a database
    constraint: two tabs cannot vote twice)."""

    round = models.ForeignKey(EvaluationRound, verbose_name="轮次", on_delete=models.CASCADE, related_name="voters")
    person = models.ForeignKey(Person, verbose_name="投票人", on_delete=models.PROTECT, related_name="+")
    has_voted = models.BooleanField("已投票", default=False)
    # The group whose slots this voter's ballot fills: the voter's own, or the largest one when the own group
    # has fewer voters than the round's ``min_tally_group`` (so no stored ballot belongs to a tiny group).
    kind = models.CharField("投票群体", max_length=20, choices=EvaluatorKind.choices, default=EvaluatorKind.MASSES)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "投票人"
        ordering = ["round_id", "person_id"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="voter_once")]

    def __str__(self):
        return str(self.person)


class Ballot(models.Model):
    """One ballot slot of a round: empty until a vote fills it. No voter, no time, a random id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(EvaluationRound, verbose_name="轮次", on_delete=models.CASCADE, related_name="ballots")
    code = models.CharField("计票码", max_length=16, unique=True)
    cast = models.BooleanField("已投", default=False)
    # The evaluator group the voter belongs to, for groups weighted apart (上级/同级/下级/群众); a group of fewer
    # than the round's ``min_tally_group`` cast ballots is never counted on its own (``ballot_tally``).
    kind = models.CharField("评价群体", max_length=20, choices=EvaluatorKind.choices, default=EvaluatorKind.MASSES)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "选票"
        ordering = ["round_id", "code"]
        indexes = [models.Index(fields=["round", "cast"], name="ballot_round_cast")]

    def __str__(self):
        return self.code


class BallotMark(models.Model):
    """What a ballot says of one subject (on one ballot criterion, or the whole when the scheme has one):
    the code of one of the scheme's ``ballot_choices``."""

    ballot = models.ForeignKey(Ballot, verbose_name="选票", on_delete=models.CASCADE, related_name="marks")
    subject = models.ForeignKey(RoundSubject, verbose_name="考评对象", on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(
        Criterion, verbose_name="指标", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    choice = models.CharField("选择", max_length=30)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "选票内容"
        ordering = ["ballot_id", "subject_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "subject", "criterion"], name="mark_once", condition=Q(criterion__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["ballot", "subject"], name="mark_once_whole", condition=Q(criterion__isnull=True)
            ),
        ]

    def __str__(self):
        return self.choice
