"""How well each similarity method finds the suggestion a text repeats: the labelled set and its figures.

**The labelled set.** The corpus is the original wording of every idea in ``texts.IDEAS``; each
paraphrase of an idea is a query whose one true match is that idea's original (the other ideas,
several of which share words with it, are its negatives). The title of each paraphrase alone is
a second set of queries (what the form has before the content is written). The hand-written pairs
of ``tests/data/similar_pairs.json`` add different ideas sharing words (空压机漏气 / 空压机噪声) and
one idea in words that share little.

**The figures.** A (text, suggestion) pair is flagged when its score reaches the threshold:
precision and recall count the flagged pairs over all query × corpus pairs and the hand-written
pairs. Recall@1: the share of queries whose best-scored suggestion is the true one.
"""

import json
import math
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import similarity, texts

PAIRS_FILE = Path(__file__).parent / "tests" / "data" / "similar_pairs.json"


@dataclass(frozen=True)
class LabelledSet:
    docs: tuple[str, ...]  # the corpus: each idea's original wording
    queries: tuple[tuple[str, int], ...]  # (paraphrase, index of its original in docs)
    title_queries: tuple[tuple[str, int], ...]  # (paraphrase title alone, index)
    pairs: tuple[tuple[str, str, bool], ...]  # hand-written (a, b, same idea)


def labelled_set():
    docs, queries, title_queries = [], [], []
    for idea in texts.IDEAS:
        target = len(docs)
        docs.append(similarity.suggestion_text(idea.title, idea.content))
        for title, content in idea.paraphrases:
            queries.append((similarity.suggestion_text(title, content), target))
            title_queries.append((title, target))
    hand = json.loads(PAIRS_FILE.read_text(encoding="utf-8"))["pairs"]
    pairs = tuple((p["a"], p["b"], p["same"]) for p in hand)
    return LabelledSet(tuple(docs), tuple(queries), tuple(title_queries), pairs)


# ---------------------------------------------------------------- methods, scored exactly


class Tfidf:
    """Cosine of (1 + log tf) × smoothed idf vectors, every document scored."""

    def __init__(self, docs, terms):
        self.terms = terms
        self.n = len(docs)
        self.df = Counter(t for doc in docs for t in set(terms(doc)))
        self.vectors = [self.vector(doc) for doc in docs]

    def idf(self, term):
        return math.log((1 + self.n) / (1 + self.df.get(term, 0))) + 1

    def vector(self, text):
        v = {t: (1 + math.log(tf)) * self.idf(t) for t, tf in Counter(self.terms(text)).items()}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        return {t: w / norm for t, w in v.items()}

    def scores(self, text):
        q = self.vector(text)
        return [sum(w * d.get(t, 0.0) for t, w in q.items()) for d in self.vectors]


class Bm25:
    """Okapi BM25 (k1 1.2, b 0.75), divided by the query's score against itself to fall in 0–1."""

    k1, b = 1.2, 0.75

    def __init__(self, docs, terms):
        self.terms = terms
        self.docs = [Counter(terms(doc)) for doc in docs]
        self.n = len(docs)
        self.avgdl = sum(sum(d.values()) for d in self.docs) / max(self.n, 1)
        self.df = Counter(t for d in self.docs for t in d)

    def idf(self, term):
        df = self.df.get(term, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def _score(self, q, d):
        length = sum(d.values())
        total = 0.0
        for t in q:
            tf = d.get(t, 0)
            if tf:
                total += self.idf(t) * tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * length / self.avgdl))
        return total

    def scores(self, text):
        q = Counter(self.terms(text))
        best = self._score(q, q) or 1.0
        return [min(self._score(q, d) / best, 1.0) for d in self.docs]


class Index:
    """The production index (candidates by the rarest terms, then exact cosine)."""

    def __init__(self, docs, terms):
        self.n = len(docs)
        self.index = similarity.SimilarityIndex(terms)
        for pk, doc in enumerate(docs):
            self.index.add(pk, doc, bulk=True)
        self.index.renormalise()

    def scores(self, text):
        out = [0.0] * self.n
        for pk, score in self.index.search(text, limit=self.n):
            out[pk] = score
        return out


def jieba_words():
    """Words cut by ``jieba`` (not a dependency of the project: measured when it is installed)."""
    try:
        import jieba
    except ImportError:
        return None
    jieba.setLogLevel(60)

    def words(text):
        return [w for kind, run in similarity.runs(text) for w in (jieba.lcut(run) if kind == "cjk" else [run])]

    return words


def methods():
    """(name, factory(docs)) of every method compared; the one in use is ``CHOSEN``."""
    found = [
        ("char bigram TF-IDF", lambda docs: Tfidf(docs, similarity.bigrams)),
        (CHOSEN, lambda docs: Tfidf(docs, similarity.unibigrams)),
        ("char uni+bigram BM25", lambda docs: Bm25(docs, similarity.unibigrams)),
        ("index (uni+bigram TF-IDF, budget)", lambda docs: Index(docs, similarity.unibigrams)),
    ]
    words = jieba_words()
    if words:
        found.append(("jieba words TF-IDF", lambda docs: Tfidf(docs, words)))
    return found


CHOSEN = "char uni+bigram TF-IDF"


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figures:
    method: str
    threshold: float
    precision: float
    recall: float
    recall_at_1: float
    title_recall_at_1: float
    best_threshold: float
    best_f1: float

    @property
    def f1(self):
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def evaluate(name, factory, data=None, threshold=None):
    """The figures of one method on the labelled set, at ``threshold`` (its best F1's when None)."""
    data = data or labelled_set()
    scorer = factory(data.docs)
    scored = []  # (score, same idea)
    hits = 0
    for text, target in data.queries:
        scores = scorer.scores(text)
        hits += max(range(len(scores)), key=scores.__getitem__) == target
        scored.extend((s, i == target) for i, s in enumerate(scores))
    title_hits = 0
    for text, target in data.title_queries:
        scores = scorer.scores(text)
        title_hits += max(range(len(scores)), key=scores.__getitem__) == target
    for a, b, same in data.pairs:
        scored.append((factory([*data.docs, b]).scores(a)[-1], same))
    best_threshold, best_f1 = _best(scored)
    threshold = best_threshold if threshold is None else threshold
    precision, recall = _precision_recall(scored, threshold)
    return Figures(
        name, threshold, precision, recall, hits / len(data.queries), title_hits / len(data.title_queries),
        best_threshold, best_f1,
    )  # fmt: skip


def _precision_recall(scored, threshold):
    flagged = [same for score, same in scored if score >= threshold]
    positives = sum(same for _, same in scored)
    true = sum(flagged)
    return (true / len(flagged) if flagged else 1.0), (true / positives if positives else 1.0)


def _best(scored):
    best = (0.0, 0.0)
    for step in range(5, 96):
        threshold = step / 100
        precision, recall = _precision_recall(scored, threshold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best[1]:
            best = (threshold, f1)
    return best


def evaluate_all():
    """Every method's figures: the one in use at ``DUPLICATE_THRESHOLD``, the others at their best F1's."""
    data = labelled_set()
    return [
        evaluate(name, factory, data, similarity.DUPLICATE_THRESHOLD if name == CHOSEN else None)
        for name, factory in methods()
    ]


def query_times(size=30_000, queries=200, seed=14):
    """Against ``size`` drawn suggestions: median and 95th percentile (ms) of a query, the share of
    the exact best ten (every candidate scored) that the budgeted query returns, and the build."""
    rng = random.Random(seed)
    drawn = texts.draw_texts(rng, size, duplicate_share=0.3)
    started = time.perf_counter()
    index = similarity.SimilarityIndex()
    for pk, text in enumerate(drawn):
        index.add(pk, similarity.suggestion_text(text.title, text.content), bulk=True)
    index.renormalise()
    build = time.perf_counter() - started
    asked = [similarity.suggestion_text(*rng.choice(rng.choice(texts.IDEAS).wordings)) for _ in range(queries)]
    times, cpu, found = [], [], []
    for text in asked:
        started, started_cpu = time.perf_counter(), time.process_time()
        best = index.search(text, limit=10)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        exact = index.search(text, limit=10, budget=None)
        found.append(len({pk for pk, _ in best} & {pk for pk, _ in exact}) / max(len(exact), 1))
    times.sort()
    return QueryTimes(
        statistics.median(times), times[int(len(times) * 0.95)], statistics.median(cpu), sum(found) / len(found), build
    )


@dataclass(frozen=True)
class QueryTimes:
    median_ms: float
    p95_ms: float
    cpu_median_ms: float  # the process's own time: what the machine's other work does not inflate
    exact_found: float
    build_s: float
