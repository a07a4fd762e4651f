"""Similar suggestions: which existing suggestions say what a new text says, in unspaced Chinese.

**Method.** Character uni- and bigrams weighted by TF-IDF, compared by cosine (0–1). Chinese has no
spaces, so a word trigram index (``pg_trgm`` splits on spaces) sees a whole sentence as one word;
characters and pairs of characters stand in for words without a dictionary: 漏气 and 噪声 are
bigrams of their own, 空压机 is 空压 + 压机. Why this one: measured on the labelled set of
``similarity_eval`` (README, "Similar suggestions") against bigrams alone, BM25 and words cut by
``jieba``; ASCII runs (LED, MES, 1#) count as one term each.

**Index.** One in-process index per worker (``suggestion_index()``), built from the database when the
worker starts (``warm_up``) or on first use, and brought up to date before every query by one
aggregate query: the stamp (count, highest id, latest ``updated_at``, sum of versions). When it
moved, the rows touched since whose version or timestamp differs from the indexed one are re-read,
and when the count still differs the ids are read to drop deleted rows; a stamp that went back (a
restored database, a rolled-back test) rebuilds it. Slots of changed or deleted rows are left dead in the
postings and swept when they reach a quarter of the slots.

**Query.** The query's terms are looked up rarest first within a budget of postings (a term found
in most suggestions, such as 建议, cannot tell them apart and would cost the most), giving
``CANDIDATES`` candidates; their exact cosine is then computed from their own terms. Scope is not
the index's business: the selector keeps the candidates the user may see, with one query.
"""

import heapq
import logging
import math
import re
import threading
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.db import connections
from django.db.models import Count, Max, Sum

logger = logging.getLogger(__name__)

# A cosine at or above which two suggestions are taken for the same idea (the form and the reviewer
# flag them): chosen on the labelled set, see ``similarity_eval`` and the README.
DUPLICATE_THRESHOLD = 0.24
# Below this a suggestion shares no more than common words with the text: not shown at all.
MIN_SCORE = 0.08
CANDIDATES = 300  # best candidates kept from the index before scope and limit
POSTINGS_BUDGET = 20_000  # postings read per query, rarest terms first
MIN_TERMS = 8  # rarest query terms always read, whatever their postings cost
EXACT_NORMS = 2000  # below this many rows the norms follow every change (it costs little)
MAX_QUERY_CHARS = 1000  # a longer text is cut here (the API refuses it)
# Rows re-read on a catch-up: those updated since the last one seen, less this margin, as an edit
# stamped earlier may commit after a later one.
CATCH_UP_MARGIN = timedelta(minutes=5)


# ---------------------------------------------------------------- terms


_CJK = "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff"
_RUNS = re.compile(f"([{_CJK}]+)|((?:[^\\W_{_CJK}]|#)+)")


def runs(text):
    """The text cut into runs: ("cjk", 连续汉字) and ("word", letters and digits); the rest separates."""
    text = unicodedata.normalize("NFKC", str(text or "")).lower()
    return [("cjk", cjk) if cjk else ("word", word) for cjk, word in _RUNS.findall(text)]


def unibigrams(text):
    """Every Chinese character and every pair of neighbours, and every ASCII run as one term."""
    terms = []
    for kind, run in runs(text):
        if kind == "word":
            terms.append(run)
            continue
        terms.extend(run)
        terms.extend(run[i : i + 2] for i in range(len(run) - 1))
    return terms


def bigrams(text):
    """Pairs of neighbouring Chinese characters (a lone character stands for itself), ASCII runs whole."""
    terms = []
    for kind, run in runs(text):
        if kind == "word" or len(run) == 1:
            terms.append(run)
        else:
            terms.extend(run[i : i + 2] for i in range(len(run) - 1))
    return terms


terms_of = unibigrams  # the method in use


def suggestion_text(title, content):
    return f"{title}\n{content}"


# ---------------------------------------------------------------- the index


@dataclass(frozen=True)
class Stamp:
    """What one aggregate query tells of the table: an addition moves the count and the last id, an
    edit the latest ``updated_at`` and the sum of versions (the version alone when an edit commits
    later than a newer one), a deletion the count."""

    count: int
    last_id: int
    last_updated: object  # datetime or None
    versions: int

    def behind(self, other):
        """Whether ``other`` is older than this one: the data went back, not forward."""
        if other.last_id < self.last_id:
            return True
        return self.last_updated is not None and (other.last_updated is None or other.last_updated < self.last_updated)


class SimilarityIndex:
    """TF-IDF (1 + log tf) cosine over ``terms_of`` terms, with an inverted index of slots.

    A slot holds one version of one row: its id, state, term ids and weights and its norm. Norms use
    the idf of when they were computed; a query computes them again first when the live count moved
    by a tenth since (by any change below ``EXACT_NORMS`` rows), which keeps them within a few percent
    of exact at a cost shared by many changes.
    """

    def __init__(self, terms=None):
        self.terms = terms or terms_of
        self.vocab = {}  # term -> term id
        self.df = array("i")  # live documents per term id
        self.postings = []  # term id -> array of slots
        self.ids, self.states, self.doc_terms, self.doc_weights = [], [], [], []
        self.norms = array("d")
        self.slot_of = {}  # row id -> live slot
        self.dead = 0
        self.normed_at = 0

    def __len__(self):
        return len(self.slot_of)

    # idf smoothed as scikit-learn's: a term in every document still weighs 1.
    def idf(self, df):
        return math.log((1 + len(self.slot_of)) / (1 + df)) + 1

    def add(self, pk, text, state="", *, bulk=False):
        """Index (or re-index) row ``pk``; ``bulk`` leaves the norms to one ``renormalise`` at the end."""
        self.discard(pk)
        slot = len(self.ids)
        ids, weights = array("i"), array("d")
        vocab, postings, df = self.vocab, self.postings, self.df
        for term, tf in Counter(self.terms(text)).items():
            tid = vocab.get(term)
            if tid is None:
                tid = vocab[term] = len(postings)
                postings.append(array("i"))
                df.append(0)
            postings[tid].append(slot)
            df[tid] += 1
            ids.append(tid)
            weights.append(1.0 if tf == 1 else 1 + math.log(tf))
        self.ids.append(pk)
        self.states.append(state)
        self.doc_terms.append(ids)
        self.doc_weights.append(weights)
        self.slot_of[pk] = slot
        self.norms.append(1.0 if bulk else self._norm(slot))

    def discard(self, pk):
        slot = self.slot_of.pop(pk, None)
        if slot is None:
            return
        for tid in self.doc_terms[slot]:
            self.df[tid] -= 1
        self.ids[slot] = None
        self.dead += 1
        if self.dead * 4 > len(self.ids) and self.dead > 1000:
            self.compact()

    def _norm(self, slot):
        df, idf = self.df, self.idf
        total = sum((w * idf(df[t])) ** 2 for t, w in zip(self.doc_terms[slot], self.doc_weights[slot], strict=True))
        return math.sqrt(total) or 1.0

    def _keep_norms(self):
        """Norms again with today's idf once the live count moved by a tenth (at once while small)."""
        live = len(self.slot_of)
        if live != self.normed_at and (live < EXACT_NORMS or abs(live - self.normed_at) * 10 > self.normed_at):
            self.renormalise()

    def renormalise(self):
        cache = {}
        for slot, pk in enumerate(self.ids):
            if pk is None:
                continue
            total = 0.0
            for t, w in zip(self.doc_terms[slot], self.doc_weights[slot], strict=True):
                idf = cache.get(t)
                if idf is None:
                    idf = cache[t] = self.idf(self.df[t])
                total += (w * idf) ** 2
            self.norms[slot] = math.sqrt(total) or 1.0
        self.normed_at = len(self.slot_of)

    def compact(self):
        """Drop the dead slots: the live rows re-indexed in a fresh index."""
        live = [(pk, slot) for pk, slot in self.slot_of.items()]
        fresh = SimilarityIndex(self.terms)
        terms = {tid: term for term, tid in self.vocab.items()}
        for pk, slot in live:
            fresh._add_terms(pk, self.states[slot], self.doc_terms[slot], self.doc_weights[slot], terms)
        fresh.renormalise()
        self.__dict__.update(fresh.__dict__)

    def _add_terms(self, pk, state, tids, weights, terms):
        slot = len(self.ids)
        ids = array("i")
        for tid in tids:
            term = terms[tid]
            new = self.vocab.get(term)
            if new is None:
                new = self.vocab[term] = len(self.postings)
                self.postings.append(array("i"))
                self.df.append(0)
            self.postings[new].append(slot)
            self.df[new] += 1
            ids.append(new)
        self.ids.append(pk)
        self.states.append(state)
        self.doc_terms.append(ids)
        self.doc_weights.append(array("d", weights))
        self.slot_of[pk] = slot
        self.norms.append(1.0)

    # ------------------------------------------------------------ queries

    def query_vector(self, text):
        """Query term id -> its tf-idf weight × the term's idf / the query's norm (unknown terms count
        in the norm): a candidate's cosine is then the sum of these × its own (1 + log tf) / its norm."""
        raw, total = {}, 0.0
        n_idf = self.idf(0)
        for term, tf in Counter(self.terms(text)).items():
            tid = self.vocab.get(term)
            df = self.df[tid] if tid is not None else 0
            idf = self.idf(df) if df else n_idf
            w = (1 + math.log(tf)) * idf
            total += w * w
            if df:
                raw[tid] = w * idf
        norm = math.sqrt(total)
        return {tid: w / norm for tid, w in raw.items()}

    def search(self, text, *, limit=CANDIDATES, exclude=None, skip_states=(), budget=POSTINGS_BUDGET):
        """The best ``limit`` rows for ``text`` as (id, cosine), best first; ``budget`` None scores
        every row sharing a term (exact, to measure the budget against)."""
        self._keep_norms()
        weights = self.query_vector(text)
        if not weights:
            return []
        scored = []
        ids, states, norms = self.ids, self.states, self.norms
        for slot in self._candidates(weights, budget):
            pk = ids[slot]
            if pk is None or pk == exclude or states[slot] in skip_states:
                continue
            get = weights.get
            total = 0.0
            for t, w in zip(self.doc_terms[slot], self.doc_weights[slot], strict=True):
                q = get(t)
                if q is not None:
                    total += q * w
            scored.append((total / norms[slot], pk))
        best = heapq.nlargest(limit, scored)
        return [(pk, min(score, 1.0)) for score, pk in best]

    def _candidates(self, weights, budget):
        """Slots worth scoring: partial scores from the rarest terms within the postings budget."""
        acc = {}
        read = 0
        df = self.df
        for n, tid in enumerate(sorted(weights, key=df.__getitem__)):
            postings = self.postings[tid]
            if budget is not None and n >= MIN_TERMS and read + len(postings) > budget:
                break
            read += len(postings)
            w = weights[tid]
            get = acc.get
            for slot in postings:
                acc[slot] = get(slot, 0.0) + w
        if budget is None:
            return list(acc)
        norms = self.norms
        for slot in acc:
            acc[slot] /= norms[slot]
        return heapq.nlargest(CANDIDATES, acc, key=acc.__getitem__)


# ---------------------------------------------------------------- kept current from the database


class SuggestionIndex:
    """The index of every suggestion, kept in step with the table by a stamp checked per query.

    ``marks`` keeps each row's (version, updated_at) as indexed: a catch-up reads the marks of the rows
    touched lately and re-reads the text of those whose mark moved, not of every recent row (after a
    bulk load every row is recent).
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.index = self.stamp = None
        self.marks = {}

    def current(self):
        """The index, brought up to date with the database first (one query when nothing changed)."""
        from .models import Suggestion

        with self.lock:
            stamp = _stamp(Suggestion.objects.all())
            if self.index is None or self.stamp.behind(stamp):
                self._build(Suggestion)
            elif stamp != self.stamp:
                self._catch_up(Suggestion, stamp)
            self.stamp = stamp
            return self.index

    def _build(self, model):
        self.index, self.marks = SimilarityIndex(), {}
        self._load(model.objects.all(), bulk=True)
        self.index.renormalise()

    def _load(self, queryset, bulk=False):
        fields = ("pk", "version", "updated_at", "status", "title", "content")
        for pk, version, updated_at, status, title, content in (
            queryset.order_by().values_list(*fields).iterator(chunk_size=2000)
        ):
            self.index.add(pk, suggestion_text(title, content), status, bulk=bulk)
            self.marks[pk] = (version, updated_at)

    def _catch_up(self, model, stamp):
        seen = self.stamp
        recent = model.objects.filter(pk__gt=seen.last_id)
        if seen.last_updated is not None:
            recent |= model.objects.filter(updated_at__gte=seen.last_updated - CATCH_UP_MARGIN)
        marks = self.marks
        moved = [
            pk for pk, version, updated_at in recent.order_by().values_list("pk", "version", "updated_at")
            if marks.get(pk) != (version, updated_at)
        ]  # fmt: skip
        for start in range(0, len(moved), 500):
            self._load(model.objects.filter(pk__in=moved[start : start + 500]))
        if len(self.index) != stamp.count:
            live = set(model.objects.values_list("pk", flat=True))
            for pk in [pk for pk in self.index.slot_of if pk not in live]:
                self.index.discard(pk)
                del marks[pk]

    def reset(self):
        with self.lock:
            self.index = self.stamp = None
            self.marks = {}


def _stamp(queryset):
    row = queryset.aggregate(
        count=Count("pk"), last_id=Max("pk"), last_updated=Max("updated_at"), versions=Sum("version")
    )
    return Stamp(row["count"], row["last_id"] or 0, row["last_updated"], row["versions"] or 0)


_suggestions = SuggestionIndex()


def suggestion_index():
    """This worker's index of the suggestions, up to date."""
    return _suggestions.current()


def warm_up():
    """Build this worker's index before it takes requests (gunicorn's ``post_worker_init``), so no lookup
    waits for it after a start or a recycle. A failure is logged and left to the first lookup."""
    try:
        suggestion_index()
    except Exception:
        logger.exception("similar suggestions: the index was not built at start")
    finally:
        connections.close_all()  # opened outside a request: nothing else would close it


def reset_suggestion_index():
    """Forget the index (the next query builds it again)."""
    _suggestions.reset()
