"""``manage.py suggestion_similarity_eval [--timing N]``: every similarity method on the labelled set."""

from django.core.management.base import BaseCommand

from vanguard.voices import similarity, similarity_eval


class Command(BaseCommand):
    help = "比较相似建议的各种算法:在标注集上的准确率、召回率和 recall@1;可选测量 N 条建议时的查询耗时。"

    def add_arguments(self, parser):
        parser.add_argument("--timing", type=int, default=0, metavar="N", help="测量 N 条建议时的查询耗时")

    def handle(self, *args, timing=0, **options):
        data = similarity_eval.labelled_set()
        self.stdout.write(
            f"标注集:{len(data.docs)} 条原始建议,{len(data.queries)} 条改写(另测仅标题),"
            f"{len(data.pairs)} 对手写样例({sum(same for *_, same in data.pairs)} 对相同)"
        )
        header = f"{'method':<34}{'threshold':>10}{'precision':>10}{'recall':>8}{'F1':>7}{'R@1':>7}{'R@1 title':>10}"
        self.stdout.write(header)
        for f in similarity_eval.evaluate_all():
            mark = " *" if f.method == similarity_eval.CHOSEN else ""
            self.stdout.write(
                f"{f.method + mark:<34}{f.threshold:>10.2f}{f.precision:>10.3f}{f.recall:>8.3f}{f.f1:>7.3f}"
                f"{f.recall_at_1:>7.3f}{f.title_recall_at_1:>10.3f}"
            )
        self.stdout.write(
            f"* in use, at DUPLICATE_THRESHOLD {similarity.DUPLICATE_THRESHOLD}; the others at the threshold of "
            "their best F1"
        )
        if timing:
            t = similarity_eval.query_times(size=timing)
            self.stdout.write(
                f"{timing} suggestions: query median {t.median_ms:.1f} ms (CPU {t.cpu_median_ms:.1f} ms), "
                f"p95 {t.p95_ms:.1f} ms; exact best ten found {t.exact_found:.1%}; index built in {t.build_s:.1f} s"
            )
