"""The stories the fixture sites publish: the seed documents split into their stories,
plus a few short hand-written stories on the same topic (so that dedup must tell
"same story" from "same subject")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
SEED_000 = HERE / "000_a42f9fc43849d551.txt"
SEED_003 = HERE / "003_9dda967ac76564eb.txt"
_TWEET_TAIL = re.compile(r"^(.*?)(— [^()\n]{0,60}\(@\w+\)\s+[A-Z][a-z]+ \d{1,2}, \d{4})(.*)$")


@dataclass
class Tweet:
    text: str
    byline: str  # "— Name (@handle) December 8, 2024"


@dataclass
class Story:
    key: str
    title: str
    paragraphs: list[str | Tweet]
    subheads: dict[int, str] = field(default_factory=dict)  # paragraph index -> h2 before it

    @property
    def body(self) -> list[str]:
        """What counts as article text: every paragraph and subheading in order, no embedded tweets."""
        out: list[str] = []
        for i, p in enumerate(self.paragraphs):
            if i in self.subheads:
                out.append(self.subheads[i])
            if isinstance(p, str):
                out.append(p)
        return out


def _split_tweets(lines: list[str], join_above: bool) -> list[str | Tweet]:
    """Body lines with the embedded tweets (text, pic.twitter.com, "— Name (@handle) Date")
    lifted out. With join_above, a line directly above a pic.twitter.com line (no blank line
    between) is the tweet's first line, as in seed 000."""
    out: list[str | Tweet] = []
    previous_blank = True
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            previous_blank = True
            continue
        if line.startswith("— ") and out:
            _, byline, rest = _tweet_parts(line)
            last = out[-1]
            if isinstance(last, Tweet) and not last.byline:
                last.byline = byline
            else:
                out[-1] = Tweet(str(last), byline)
            if rest:
                out.append(rest)
        elif "pic.twitter.com/" in line:
            text, byline, rest = _tweet_parts(line)
            if join_above and not previous_blank and out and isinstance(out[-1], str):
                text = f"{out.pop()}\n{text}"
            out.append(Tweet(text, byline))
            if rest:
                out.append(rest)
        else:
            out.append(line)
        previous_blank = False
    return out


def _tweet_parts(line: str) -> tuple[str, str, str]:
    match = _TWEET_TAIL.match(line)
    if not match:
        return line, "", ""
    return match[1].strip(), match[2].strip(), match[3].strip()


def _seed_000() -> tuple[Story, Story, list[str]]:
    lines = SEED_000.read_text(encoding="utf-8").splitlines()
    source_at = next(i for i, ln in enumerate(lines) if ln.startswith("المصدر:"))
    more_at = next(i for i, ln in enumerate(lines) if ln.startswith("إقرأ أيضاً"))
    similar_at = next(i for i, ln in enumerate(lines) if ln.startswith("مقالات مشابهة"))
    damascus = Story(
        "damascus-entry",
        "المعارضة السورية تعلن بدء دخول قواتها إلى العاصمة دمشق",
        _split_tweets(lines[:source_at], join_above=True),
    )
    other = [" ".join(ln.split()) for ln in lines[more_at + 1 : similar_at] if ln.strip()]
    paragraphs = [p for p in other[1:] if p != "إعلان"]
    hemedti = Story("hemedti-egypt", other[0], list(paragraphs))
    sub = paragraphs.index("تحركات ميدانية")
    hemedti.paragraphs.remove("تحركات ميدانية")
    hemedti.subheads[sub] = "تحركات ميدانية"
    related = [ln.strip().lstrip("•").strip() for ln in lines[similar_at + 1 :] if ln.strip()]
    return damascus, hemedti, related


def _seed_003() -> tuple[Story, Story, str]:
    lines = SEED_003.read_text(encoding="utf-8").splitlines()
    follow_at = next(i for i, ln in enumerate(lines) if ln.startswith("تابع قناتنا"))
    more_at = next(i for i, ln in enumerate(lines) if ln.startswith("إقرأ أيضاً"))
    homs = Story(
        "homs-suburbs",
        lines[0].strip(),
        [" ".join(ln.split()) for ln in lines[2:follow_at] if ln.strip()],
    )
    usa = Story(
        "us-contacts",
        lines[more_at + 1].strip(),
        _split_tweets(lines[more_at + 2 :], join_above=False),
    )
    return homs, usa, lines[1].strip()


_HANDWRITTEN = [
    Story(
        "sednaya-prisoners",
        "فرق الدفاع المدني تبحث عن معتقلين في أقبية سجن صيدنايا",
        [
            "أعلنت فرق الدفاع المدني السوري أنها بدأت عمليات بحث واسعة في محيط سجن صيدنايا شمال العاصمة دمشق، بحثا عن معتقلين يعتقد أنهم محتجزون في زنازين تحت الأرض.",
            "وقال مسؤول في الدفاع المدني إن خمسة فرق متخصصة تعمل في الموقع بمساعدة كلاب مدربة ومعدات للكشف عن الأنفاق، مشيرا إلى أن الفرق لم تعثر حتى الآن على مداخل سرية.",
            "وتجمع مئات من ذوي المفقودين أمام بوابات السجن منذ ساعات الصباح، حاملين صور أبنائهم الذين اختفوا خلال سنوات الحرب، على أمل العثور عليهم أحياء.",
            "ودعت منظمات حقوقية الجهات المسيطرة على السجن إلى حماية الوثائق والسجلات الموجودة فيه، لأنها قد تكشف مصير آلاف المختفين قسريا.",
        ],
    ),
    Story(
        "amman-border",
        "الأردن يغلق معبر جابر الحدودي مع سوريا بسبب الأوضاع الأمنية",
        [
            "سرايا - أعلنت وزارة الداخلية الأردنية إغلاق مركز حدود جابر المقابل لمعبر نصيب السوري أمام حركة المسافرين والشحن، بسبب تدهور الأوضاع الأمنية في الجنوب السوري.",
            "وقال الناطق باسم الوزارة إن القرار مؤقت، وإن الأجهزة المختصة تتابع التطورات على مدار الساعة، وسيعاد فتح المعبر حين تسمح الظروف بذلك.",
            "وأضاف أن المواطنين الأردنيين العالقين في الأراضي السورية سيسمح لهم بالعودة، كما سيسمح للشاحنات الأردنية بالدخول بعد تدقيق أمني.",
            "وكانت القوات المسلحة الأردنية قد رفعت درجة الجاهزية على طول الحدود الشمالية، وسط تقارير عن انسحاب وحدات الجيش السوري من مواقعها في درعا.",
        ],
    ),
    Story(
        "damascus-airport",
        "توقف الرحلات في مطار دمشق الدولي وشركات الطيران تلغي حجوزاتها",
        [
            "أعلنت عدة شركات طيران عربية تعليق رحلاتها إلى مطار دمشق الدولي حتى إشعار آخر، بعد انسحاب الطواقم الأمنية من المطار وتوقف برج المراقبة عن العمل.",
            "وقالت الخطوط الجوية الملكية الأردنية إنها ألغت رحلتين كانتا مقررتين اليوم، وإنها ستعيد قيمة التذاكر كاملة للمسافرين أو تنقل حجوزاتهم إلى موعد لاحق.",
            "وأفاد شهود عيان بأن صالات المطار خلت من الموظفين، فيما تجمع عدد من المسافرين العالقين عند البوابات الخارجية بانتظار معلومات عن رحلاتهم.",
            "ولم يصدر أي بيان رسمي عن المؤسسة العامة للطيران المدني السورية بشأن موعد استئناف الرحلات.",
        ],
    ),
]


def all_stories() -> dict[str, Story]:
    damascus, hemedti, _ = _seed_000()
    homs, usa, _ = _seed_003()
    stories = [damascus, hemedti, homs, usa, *_HANDWRITTEN]
    return {s.key: s for s in stories}


def related_titles() -> list[str]:
    return _seed_000()[2]


def seed_003_date_line() -> str:
    return _seed_003()[2]
