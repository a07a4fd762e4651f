"""Demo suggestions: workers of every unit propose (texts from ``texts.py``: plant ideas and their
rewordings), and the suggestions stand in every state of the workflow, with their review history, some
overdue, near-duplicates marked as such (credit to the first) and rewarded ones within their tier.

Deterministic for a size and a day; built with bulk writes after the demo company.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from vanguard.core.access import system_actor
from vanguard.core.dates import add_months, workdays
from vanguard.org.models import Person

from . import events
from .choices import REGULATION_1986_TIERS, WAITING_STATES, SuggestionStatus, SuggestionStep
from .models import CoProposer, Suggestion, SuggestionReview
from .services.suggestions import reply_deadlines, suggestion_bulk_create, workflow_defaults_ensure
from .texts import draw_texts

S = SuggestionStatus
SUGGESTIONS = {"tiny": 300, "small": 3000, "large": 30000}
DUPLICATE_SHARE = 0.15  # of the texts that reword an earlier idea
MARKED_SHARE = 0.7  # of those the reviewers caught (the others are still in the workflow)
# Where the other suggestions stand (weights).
STATE_MIX = (
    (S.SUBMITTED, 8), (S.UNIT_REVIEWED, 6), (S.RETURNED, 5), (S.REJECTED, 12), (S.ADOPTED, 10),
    (S.IMPLEMENTED, 8), (S.VERIFIED, 6), (S.REWARDED, 20),
)  # fmt: skip
# The steps that lead to each state from submission.
PATHS = {
    S.SUBMITTED: (),
    S.UNIT_REVIEWED: (SuggestionStep.UNIT_PASS,),
    S.RETURNED: (SuggestionStep.UNIT_PASS, SuggestionStep.RETURN),
    S.REJECTED: (SuggestionStep.UNIT_PASS, SuggestionStep.REJECT),
    S.DUPLICATE: (SuggestionStep.DUPLICATE,),
    S.ADOPTED: (SuggestionStep.UNIT_PASS, SuggestionStep.RECOMMEND),
    S.IMPLEMENTED: (SuggestionStep.UNIT_PASS, SuggestionStep.RECOMMEND, SuggestionStep.IMPLEMENT),
    S.VERIFIED: (SuggestionStep.UNIT_PASS, SuggestionStep.RECOMMEND, SuggestionStep.IMPLEMENT, SuggestionStep.VERIFY),
    S.REWARDED: (
        SuggestionStep.UNIT_PASS, SuggestionStep.RECOMMEND, SuggestionStep.IMPLEMENT, SuggestionStep.VERIFY,
        SuggestionStep.REWARD,
    ),
}  # fmt: skip
STEP_TO = {
    SuggestionStep.UNIT_PASS: S.UNIT_REVIEWED, SuggestionStep.RECOMMEND: S.ADOPTED, SuggestionStep.RETURN: S.RETURNED,
    SuggestionStep.REJECT: S.REJECTED, SuggestionStep.DUPLICATE: S.DUPLICATE, SuggestionStep.IMPLEMENT: S.IMPLEMENTED,
    SuggestionStep.VERIFY: S.VERIFIED, SuggestionStep.REWARD: S.REWARDED,
}  # fmt: skip
REASONS = {
    SuggestionStep.RETURN: ("请补充现状数据和效益测算依据。", "措施不够具体,请写明实施位置和做法。"),
    SuggestionStep.REJECT: (
        "该问题已列入年度技改项目,不再单独立项。",
        "投入大于收益,暂不采纳。",
        "现有工艺条件下无法实施。",
    ),
}
# Days a suggestion spends at each step before the next, as demo data reads plausibly.
STEP_DAYS = (3, 12)


class SuggestionsDemo:
    def __init__(self, size, stdout=None, today=None):
        self.size = size
        self.stdout = stdout
        self.today = today or timezone.localdate()
        self.rng = random.Random(f"vanguard-suggestions-{size}")
        self.tz = timezone.get_current_timezone()
        rows = Person.objects.filter(is_active=True, unit__isnull=False).order_by("employee_no")
        self.people = list(rows.values_list("pk", "unit_id"))
        by_unit = {}
        for pk, unit in self.people:
            by_unit.setdefault(unit, []).append(pk)
        self.by_unit = by_unit
        workflow_defaults_ensure()
        self.deadlines = reply_deadlines()
        first = add_months(self.today, -40)
        self.workdays = workdays(first, self.today + timedelta(days=200))
        self.workday_index = {day: n for n, day in enumerate(self.workdays)}

    def add_workdays(self, day, n):
        """``core.dates.add_workdays`` on the calendar read once (a query per suggestion would be thousands)."""
        while day not in self.workday_index:
            day += timedelta(days=1)
        return self.workdays[self.workday_index[day] + n]

    def pick_state(self):
        return self.rng.choices([s for s, _ in STATE_MIX], weights=[w for _, w in STATE_MIX])[0]

    def dates(self, state, steps):
        """The submission day and the day of each step: finished ones long enough ago for 12 months of benefit."""
        rng = self.rng
        # The benefit is verified once its 12 months from the month after implementation are over.
        span = [rng.randint(395, 430) if step == SuggestionStep.VERIFY else rng.randint(*STEP_DAYS) for step in steps]
        # Waiting: the last step recent, some past their deadline, most not. Settled: any time in the last years.
        back = sum(span) + rng.randint(0, 30 if state in WAITING_STATES else 500)
        submitted = self.today - timedelta(days=back)
        days, day = [], submitted
        for n in span:
            day += timedelta(days=n)
            days.append(min(day, self.today))
        return submitted, days

    def build(self):
        if not self.people:
            return 0
        rng, total = self.rng, SUGGESTIONS.get(self.size, SUGGESTIONS["tiny"])
        texts = draw_texts(rng, total, duplicate_share=DUPLICATE_SHARE)
        plan = []  # (text, state, proposer, unit)
        for text in texts:
            state = self.pick_state()
            if text.duplicate_of is not None and rng.random() < MARKED_SHARE:
                state = S.DUPLICATE
            pk, unit = rng.choice(self.people)
            plan.append((text, state, pk, unit))
        # Numbers by year in the order of submission, as the service gives them.
        rows, reviews, co = [], {}, {}
        for i, (text, state, proposer, unit) in enumerate(plan):
            steps = PATHS[state]
            submitted, days = self.dates(state, steps)
            if state == S.DUPLICATE:  # a duplicate comes after its original, and is caught within days
                first = rows[text.duplicate_of].submitted_on
                submitted = min(max(submitted, first + timedelta(days=rng.randint(1, 20))), self.today)
                days = [min(submitted + timedelta(days=rng.randint(*STEP_DAYS)), self.today)]
            row = Suggestion(
                title=text.title, content=text.content, category=text.category, expected_benefit=text.expected_benefit,
                proposer_id=proposer, unit_id=unit, status=state, submitted_on=submitted,
            )  # fmt: skip
            self.outcome(row, steps, days, text)
            last = days[-1] if days else submitted
            row.due_date = self.add_workdays(last, self.deadlines[state]) if state in self.deadlines else None
            rows.append(row)
            reviews[i] = self.history(row, steps, submitted, days)
            mates = [p for p in self.by_unit.get(unit, ()) if p != proposer]
            if mates and rng.random() < 0.15:
                co[i] = [CoProposer(person_id=p) for p in rng.sample(mates, min(len(mates), rng.randint(1, 2)))]
        order = sorted(range(len(rows)), key=lambda n: (rows[n].submitted_on, n))
        seq = {}
        for n in order:
            year = rows[n].submitted_on.year
            if year not in seq:  # after the year's last number (a demo built again adds to it)
                last = Suggestion.objects.filter(number__startswith=f"JY{year}-").order_by("-number").first()
                seq[year] = int(last.number[-5:]) if last else 0
            seq[year] += 1
            rows[n].number = f"JY{year}-{seq[year]:05d}"
        created = suggestion_bulk_create(
            actor=system_actor(), suggestions=rows, reviews=reviews, co_proposers=co, action=events.SUGGESTION_IMPORT
        )
        self.link_duplicates(created, plan)
        if self.stdout:
            marked = sum(1 for _t, state, _p, _u in plan if state == S.DUPLICATE)
            self.stdout.write(f"  voices: {len(created)} suggestions, {marked} marked as duplicates")
        return len(created)

    def outcome(self, row, steps, days, text):
        """The figures the steps wrote: cost, the benefit of 12 months net of it, the reward within its tier."""
        rng = self.rng
        if SuggestionStep.RECOMMEND in steps:
            row.within_duty = rng.random() < 0.05
        if SuggestionStep.IMPLEMENT in steps:
            row.implementation_cost = Decimal(rng.randrange(0, 50) * 1000)
        if SuggestionStep.VERIFY in steps:
            implemented = days[steps.index(SuggestionStep.IMPLEMENT)]
            row.benefit_from = add_months(implemented, 1)
            expected = text.expected_benefit or Decimal(rng.randrange(2, 30) * 1000)
            row.gross_benefit = (expected * Decimal(rng.uniform(0.5, 1.3))).quantize(Decimal("1"))
            row.verified_benefit = row.gross_benefit - row.implementation_cost
            row.benefit_evidence = "财务部效益核算单"
            row.finance_signoff = "财务部"
        if SuggestionStep.REWARD in steps:
            net = max(row.verified_benefit, Decimal(0))
            for low, high, least, most, certificate in REGULATION_1986_TIERS:
                if net >= low and (high is None or net < high):
                    row.reward_amount = Decimal(rng.randint(least, most) // 50 * 50)
                    row.reward_certificate = certificate
                    break

    def history(self, row, steps, submitted, days):
        at = datetime.combine(submitted, time(9), tzinfo=self.tz)
        found = [SuggestionReview(step=SuggestionStep.SUBMIT, to_status=S.SUBMITTED, actor_name="演示数据", at=at)]
        status = S.SUBMITTED
        for step, day in zip(steps, days, strict=True):
            reason = self.rng.choice(REASONS[step]) if step in REASONS else ""
            if step == SuggestionStep.DUPLICATE:
                reason = "与此前提交的建议重复"
            when = datetime.combine(day, time(15), tzinfo=self.tz)
            found.append(
                SuggestionReview(
                    step=step,
                    from_status=status,
                    to_status=STEP_TO[step],
                    reason=reason,
                    actor_name="演示数据",
                    at=when,
                )  # fmt: skip
            )
            status = STEP_TO[step]
        return found

    def link_duplicates(self, created, plan):
        """Point each marked duplicate at the first suggestion of its idea (the credit stays there)."""
        changed = []
        for i, (text, state, _p, _u) in enumerate(plan):
            if state == S.DUPLICATE and text.duplicate_of is not None:
                row = created[i]
                row.duplicate_of_id = created[text.duplicate_of].pk
                changed.append(row)
        Suggestion.objects.bulk_update(changed, ["duplicate_of"], batch_size=2000)
        # The later proposer joined some of the originals as co-proposer, as the page offers.
        proposer_of = {row.pk: row.proposer_id for row in created}
        joined = {}
        for row in changed[::3]:
            proposer, original = row.proposer_id, row.duplicate_of_id
            if proposer != proposer_of[original] and (original, proposer) not in joined:
                joined[(original, proposer)] = CoProposer(suggestion_id=original, person_id=proposer, joined=True)
        taken = set(
            CoProposer.objects.filter(suggestion_id__in=[o for o, _ in joined]).values_list(
                "suggestion_id", "person_id"
            )
        )
        CoProposer.objects.bulk_create([c for key, c in joined.items() if key not in taken], batch_size=2000)


@transaction.atomic
def build_demo_suggestions(size, stdout=None, today=None):
    demo = SuggestionsDemo(size, stdout=stdout, today=today)
    demo.build()
    return demo
