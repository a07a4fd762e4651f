"""Similar suggestions: the index kept current, scope, the API's answers and the figures of the labelled set.

zhigong proposes in his team; outsider works in another plant: neither ever sees the other's
suggestions, however alike they read.
"""

import random
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from vanguard.core.testing import Case, check, expand, expect, page_queries
from vanguard.voices import similarity, similarity_eval, texts
from vanguard.voices.choices import SuggestionCategory, SuggestionStatus
from vanguard.voices.models import Suggestion
from vanguard.voices.selectors.similar import similar_suggestions
from vanguard.voices.similarity import SimilarityIndex, suggestion_index

LEAK = ("炼钢连铸中间包烘烤器改造", "中间包烘烤器火焰不稳,烘烤时间长。建议改用蓄热式烘烤器,缩短烘烤时间,节约煤气。")
LEAK_AGAIN = ("连铸中间包烘烤改蓄热式", "中间包烘烤时间太长,浪费煤气,建议换成蓄热式烘烤器。")


def suggest(user, title, content, **fields):
    person = user.person
    return Suggestion.objects.create(
        title=title, content=content, category=SuggestionCategory.COST, proposer=person, unit=person.unit,
        submitted_on=timezone.localdate(), **fields,
    )  # fmt: skip


def api_similar(api, **params):
    return api.get(f"/api/v1/suggestions/similar/?{urlencode(params)}")


def ids(response):
    return [row["id"] for row in response.json()["results"]]


# ---------------------------------------------------------------- the index on its own


def test_terms_are_characters_and_pairs_with_ascii_runs_whole():
    assert similarity.unibigrams("照明改LED灯") == ["照", "明", "改", "照明", "明改", "led", "灯"]
    assert similarity.unibigrams("空压机,漏气") == ["空", "压", "机", "空压", "压机", "漏", "气", "漏气"]


def test_the_index_finds_the_paraphrase_and_scores_in_0_1():
    index = SimilarityIndex()
    for pk, idea in enumerate(texts.IDEAS):
        index.add(pk, similarity.suggestion_text(idea.title, idea.content), bulk=True)
    index.renormalise()
    idea = texts.IDEAS_BY_KEY["compressor-leak"]
    best = index.search(similarity.suggestion_text(*idea.paraphrases[0]), limit=3)
    assert best[0][0] == texts.IDEAS.index(idea)
    assert all(0 < score <= 1 for _, score in best)
    assert best[0][1] >= similarity.DUPLICATE_THRESHOLD > best[1][1]
    same = index.search(similarity.suggestion_text(idea.title, idea.content), limit=1)
    assert same[0][1] == pytest.approx(1.0)


def test_a_changed_or_dropped_row_leaves_the_index_and_a_sweep_keeps_the_answers():
    index = SimilarityIndex()
    index.add(1, "空压机漏气巡检")
    index.add(2, "加热炉余热回收")
    index.add(1, "天车安全联锁")  # row 1 rewritten
    assert [pk for pk, _ in index.search("空压机漏气")] == []
    assert [pk for pk, _ in index.search("天车联锁")] == [1]
    index.discard(2)
    assert index.search("加热炉余热") == []
    (pk, score), *_ = index.search("天车安全")
    index.compact()
    assert index.search("天车安全") == [(pk, pytest.approx(score))]
    assert len(index) == 1 and index.dead == 0


def test_skip_states_and_exclude():
    index = SimilarityIndex()
    index.add(1, "空压机漏气巡检", SuggestionStatus.DUPLICATE)
    index.add(2, "空压机漏气检查", SuggestionStatus.SUBMITTED)
    index.add(3, "空压机漏气排查", SuggestionStatus.SUBMITTED)
    found = index.search("空压机漏气", exclude=3, skip_states=(SuggestionStatus.DUPLICATE,))
    assert [pk for pk, _ in found] == [2]


# ---------------------------------------------------------------- kept current with the database


def test_the_index_follows_additions_edits_and_deletions(company):
    zhigong = company.users["zhigong"]
    first = suggest(zhigong, *LEAK)
    assert first.pk in suggestion_index().slot_of
    assert [s.pk for s, _ in similar_suggestions(zhigong, "中间包蓄热式烘烤器")][:1] == [first.pk]

    first.title, first.content = "精整区照明改造", "厂房照明由钠灯改为LED灯"
    first.save()
    assert first.pk not in [s.pk for s, _ in similar_suggestions(zhigong, "中间包蓄热式烘烤器")]
    assert [s.pk for s, _ in similar_suggestions(zhigong, "钠灯改LED")][:1] == [first.pk]

    second = suggest(zhigong, *LEAK_AGAIN)
    assert [s.pk for s, _ in similar_suggestions(zhigong, "中间包蓄热式烘烤器")][:1] == [second.pk]
    second.delete()
    assert second.pk not in suggestion_index().slot_of
    assert len(suggestion_index()) == Suggestion.objects.count()


def test_a_worker_builds_its_index_before_taking_requests(db, monkeypatch):
    closed = []
    monkeypatch.setattr(similarity.connections, "close_all", lambda: closed.append(True))
    similarity.reset_suggestion_index()
    similarity.warm_up()
    assert similarity._suggestions.index is not None and closed
    monkeypatch.setattr(similarity, "suggestion_index", lambda: 1 / 0)
    similarity.warm_up()  # logged, not raised: the worker still starts
    assert len(closed) == 2


def test_an_unchanged_table_costs_one_query(company, django_assert_num_queries):
    suggest(company.users["zhigong"], *LEAK)
    suggestion_index()
    with django_assert_num_queries(1):
        suggestion_index()


def test_an_edit_that_keeps_the_timestamp_is_still_seen(company):
    """A row written with an older ``updated_at`` (committed late) moves the sum of versions."""
    row = suggest(company.users["zhigong"], *LEAK)
    suggestion_index()
    Suggestion.objects.filter(pk=row.pk).update(title="天车安全联锁", content="检修区联锁", version=2)
    assert [pk for pk, _ in suggestion_index().search("天车安全联锁")][:1] == [row.pk]


# ---------------------------------------------------------------- scope


def test_the_api_answers_only_what_the_user_may_see(company, api_as):
    mine = suggest(company.users["zhigong"], *LEAK)
    theirs = suggest(company.users["outsider"], *LEAK_AGAIN)
    text = "中间包烘烤器改成蓄热式,节约煤气"
    assert mine.pk in ids(api_similar(api_as("zhigong"), text=text))
    assert theirs.pk not in ids(api_similar(api_as("zhigong"), text=text))
    assert ids(api_similar(api_as("outsider"), text=text))[:1] == [theirs.pk]
    assert mine.pk not in ids(api_similar(api_as("outsider"), text=text))
    assert {mine.pk, theirs.pk} <= set(ids(api_similar(api_as("dangwei"), text=text)))


def test_the_fragment_shows_only_what_the_user_may_see(company, client_as):
    mine = suggest(company.users["zhigong"], *LEAK)
    theirs = suggest(company.users["outsider"], *LEAK_AGAIN)
    url = reverse("suggestion-similar") + "?" + urlencode({"title": LEAK_AGAIN[0], "content": LEAK_AGAIN[1]})
    html = client_as("zhigong").get(url).content.decode()
    assert f"/voices/suggestions/{mine.pk}/" in html
    assert f"/voices/suggestions/{theirs.pk}/" not in html
    html = client_as("outsider").get(url).content.decode()
    assert f"/voices/suggestions/{theirs.pk}/" in html and "很可能重复" in html
    assert f"/voices/suggestions/{mine.pk}/" not in html


def test_the_fragment_leaves_out_the_suggestion_edited_and_duplicates(company, client_as):
    zhigong = company.users["zhigong"]
    edited = suggest(zhigong, *LEAK)
    original = suggest(zhigong, *LEAK_AGAIN)
    duplicate = suggest(zhigong, *LEAK_AGAIN, status=SuggestionStatus.DUPLICATE, duplicate_of=original)
    query = {"title": LEAK[0], "content": LEAK[1], "exclude": edited.pk}
    html = client_as("zhigong").get(reverse("suggestion-similar") + "?" + urlencode(query)).content.decode()
    assert f"/voices/suggestions/{original.pk}/" in html
    assert f"/voices/suggestions/{edited.pk}/" not in html
    assert f"/voices/suggestions/{duplicate.pk}/" not in html


def test_the_fragment_says_when_nothing_is_alike(company, client_as):
    response = client_as("zhigong").get(reverse("suggestion-similar") + "?" + urlencode({"title": "qqqq"}))
    assert response.status_code == 200
    assert "暂未发现相近的建议" in response.content.decode()
    empty = client_as("zhigong").get(reverse("suggestion-similar")).content.decode()
    assert 'data-testid="similar-suggestion"' not in empty and "暂未发现" not in empty


# ---------------------------------------------------------------- who may ask

# Anyone signed in may look (what each sees is his own scope: the tests above); nobody else.
MATRIX = [
    Case("/voices/suggestions/similar/?" + urlencode({"title": "空压机漏气"}), expect(200)),
    Case("/api/v1/suggestions/similar/?" + urlencode({"text": "空压机漏气"}), expect(200), api=True),
]


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


# ---------------------------------------------------------------- the API


def test_the_api_answers_best_first_with_a_default_and_a_limit(company, api_as):
    zhigong = company.users["zhigong"]
    for title, content in texts.IDEAS_BY_KEY["compressor-leak"].wordings:
        suggest(zhigong, title, content)
    suggest(zhigong, *LEAK)
    response = api_similar(api_as("zhigong"), text="压缩空气管网漏气,建议定期巡检")
    assert response.status_code == 200
    results = response.json()["results"]
    assert set(results[0]) == {"id", "title", "score"}
    scores = [row["score"] for row in results]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert len(results) <= 10
    assert len(ids(api_similar(api_as("zhigong"), text="压缩空气管网漏气", limit=2))) == 2


@pytest.mark.parametrize(
    "params,field,message",
    [
        ({}, "text", "请提供要比对的文字"),
        ({"text": "   "}, "text", "不能为空"),
        ({"text": "漏" * (similarity.MAX_QUERY_CHARS + 1)}, "text", "过长"),
        ({"text": "空压机", "limit": 0}, "limit", "至少为 1"),
        ({"text": "空压机", "limit": 51}, "limit", "最多为 50"),
        ({"text": "空压机", "limit": "十"}, "limit", "须为整数"),
    ],
)
def test_the_api_refuses_bad_input_in_chinese(company, api_as, params, field, message):
    response = api_similar(api_as("zhigong"), **params)
    assert response.status_code == 400
    assert message in response.json()[field][0]


def test_the_router_of_suggestions_does_not_take_similar_for_an_id():
    from vanguard.voices.api import urls

    assert urls.urlpatterns[0].name == "api-suggestion-similar"


def test_the_api_costs_a_fixed_number_of_queries(company, api_as):
    """The stamp of the index, and the candidates kept in scope; the user's scope is built once."""
    zhigong = company.users["zhigong"]
    for text in texts.draw_texts(random.Random(3), 60, duplicate_share=0.3):
        suggest(zhigong, text.title, text.content)
    api = api_as("dangwei")
    url = "/api/v1/suggestions/similar/?" + urlencode({"text": "压缩空气管网漏气巡检", "limit": 50})
    api.get(url)  # the index built
    count, response = page_queries(api, url)
    assert response.json()["results"]
    assert count <= 2, count
    few, _ = page_queries(api, "/api/v1/suggestions/similar/?" + urlencode({"text": "空压机", "limit": 1}))
    assert few == count


def test_the_fragment_costs_a_fixed_number_of_queries(company, client_as):
    zhigong = company.users["zhigong"]
    for text in texts.draw_texts(random.Random(4), 60, duplicate_share=0.3):
        suggest(zhigong, text.title, text.content)
    client = client_as("zhigong")
    url = reverse("suggestion-similar") + "?" + urlencode({"title": "压缩空气管网漏气巡检"})
    client.get(url)
    count, response = page_queries(client, url)
    assert 'data-testid="similar-suggestion"' in response.content.decode()
    # The session, the user and his scope (two), then the stamp and the candidates in scope.
    assert count <= 6, count


# ---------------------------------------------------------------- the labelled set


def test_the_method_in_use_keeps_its_figures_on_the_labelled_set():
    data = similarity_eval.labelled_set()
    assert len(data.docs) >= 80 and len(data.queries) >= 160 and len(data.pairs) >= 40
    methods = dict(similarity_eval.methods())
    chosen = similarity_eval.evaluate(
        similarity_eval.CHOSEN, methods[similarity_eval.CHOSEN], data, similarity.DUPLICATE_THRESHOLD
    )
    assert chosen.precision >= 0.95
    assert chosen.recall >= 0.85
    assert chosen.recall_at_1 >= 0.98
    assert chosen.title_recall_at_1 >= 0.9
    # The production index (rarest terms first, then exact cosine) ranks as the exact method does.
    index = similarity_eval.evaluate("index", methods["index (uni+bigram TF-IDF, budget)"], data, chosen.threshold)
    assert (index.precision, index.recall, index.recall_at_1) == pytest.approx(
        (chosen.precision, chosen.recall, chosen.recall_at_1)
    )


def test_the_evaluation_command_prints_every_method(capsys):
    from django.core.management import call_command

    call_command("suggestion_similarity_eval")
    out = capsys.readouterr().out
    assert "char uni+bigram TF-IDF *" in out and "char bigram TF-IDF" in out and "BM25" in out


# ---------------------------------------------------------------- the texts


def test_the_texts_are_many_ideas_each_in_several_wordings():
    assert len(texts.IDEAS) >= 80 and len(texts.IDEAS_BY_KEY) == len(texts.IDEAS)
    assert {idea.category for idea in texts.IDEAS} == set(SuggestionCategory.values)
    assert all(2 <= len(idea.paraphrases) <= 4 for idea in texts.IDEAS)
    wordings = [w for idea in texts.IDEAS for w in idea.wordings]
    assert len(set(wordings)) == len(wordings)


def test_drawing_is_deterministic_and_points_duplicates_at_an_earlier_one():
    drawn = texts.draw_texts(random.Random(7), 500, duplicate_share=0.25)
    assert drawn == texts.draw_texts(random.Random(7), 500, duplicate_share=0.25)
    duplicates = [(i, t) for i, t in enumerate(drawn) if t.duplicate_of is not None]
    assert 0.18 < len(duplicates) / len(drawn) < 0.32
    for i, text in duplicates:
        assert text.duplicate_of < i and drawn[text.duplicate_of].idea == text.idea and text.wording > 0
