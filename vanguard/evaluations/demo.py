"""The evaluations app's demo builders (``core.demo``), one block per area, run in the order registered:
each builds from whatever rounds the builders before it left, by status. Rows in bulk; no services per row."""

# ---- schemes
# ---- end schemes
# ---- ballots
# ---- end ballots
# ---- sources
# ---- end sources
# ---- results


def build_demo_results(size, stdout=None, today=None):
    """Ratings for the rounds now scoring (every rating seat, every subject it rates, on each rating criterion),
    and the past voting rounds computed and published (those whose vote stands; the others stay in voting)."""
    import time

    from django.db import transaction
    from django.utils import timezone

    from .choices import Method, RoundStatus
    from .models import EvaluationRound
    from .selectors.ballots import round_validity
    from .services import compute
    from .services.results import branch_stars_write

    started = time.monotonic()
    with transaction.atomic():
        ratings = _demo_ratings()
        now = timezone.now()
        published = 0
        past = EvaluationRound.objects.filter(status=RoundStatus.VOTING, voting_closes__lt=now).select_related("scheme")
        for round_ in past.order_by("pk"):
            has_ballots = round_.scheme.criteria.filter(method=Method.BALLOT).exists()
            if has_ballots and not round_validity(round_).valid:
                continue
            rows, _taken = compute.compute_rows(round_)
            compute.write_rows(round_, rows)
            round_.status, round_.computed_at, round_.published_at = RoundStatus.PUBLISHED, now, now
            round_.save(update_fields=["status", "computed_at", "published_at", "updated_at"])
            branch_stars_write(round_)
            published += 1
    if stdout is not None:
        stdout.write(f"  考评结果:评分 {ratings} 条,公布 {published} 个轮次,{time.monotonic() - started:.1f} 秒")


def _demo_ratings() -> int:
    """A deterministic rating from each seat for each subject it rates in the rounds now scoring: 70–99 % of
    the scale, varied by the evaluator and the subject."""
    from decimal import Decimal

    from .choices import Method, RoundStatus
    from .models import Criterion, Rating, RoundEvaluator, RoundSubject

    seats = list(RoundEvaluator.objects.filter(rates=True, round__status=RoundStatus.SCORING).select_related("round"))
    if not seats:
        return 0
    round_ids = {s.round_id for s in seats}
    criteria = {}
    for c in Criterion.objects.filter(scheme__rounds__in=round_ids, method=Method.RATING).distinct():
        criteria.setdefault(c.scheme_id, []).append(c)
    subjects = {}
    for subject_id, round_id in RoundSubject.objects.filter(round_id__in=round_ids).values_list("pk", "round_id"):
        subjects.setdefault(round_id, []).append(subject_id)
    existing = set(
        Rating.objects.filter(round_id__in=round_ids).values_list("evaluator_id", "subject_id", "criterion_id")
    )
    rows = []
    for seat in seats:
        rated = [seat.subject_id] if seat.subject_id else subjects.get(seat.round_id, [])
        for subject_id in rated:
            for c in criteria.get(seat.round.scheme_id, ()):
                if (seat.pk, subject_id, c.pk) in existing:
                    continue
                share = Decimal(70 + (seat.person_id * 7 + subject_id * 13 + c.pk) % 30) / 100
                rows.append(
                    Rating(round_id=seat.round_id, criterion=c, subject_id=subject_id, evaluator=seat,
                           score=(share * c.scale_max).quantize(Decimal("0.1")))
                )  # fmt: skip
    Rating.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# ---- end results
# ---- support
# ---- end support
