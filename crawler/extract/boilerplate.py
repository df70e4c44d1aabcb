"""Lines that are never article text, and the markers after which the article is over."""

from __future__ import annotations

import re
from functools import lru_cache

from archive.alternation import alternatives
from archive.chrome import DATELINE
from archive.normalize import fold, normalize
from crawler.extract import credits
from crawler.extract.dates import dated_source, is_bare_date, parse_date
from crawler.extract.titleparts import title_parts

# Normalized (alef/hamza, ya, ta marbuta, no diacritics or tatweel) so one form covers all.
_N = normalize

# The labels of a "read also" box, spelt many ways (matched against normalized lines: folded
# alef/hamza, ya, ta marbuta): "اقرأ أيضاً", "تابع أيضا", "للمزيد اقرأ", "يمكنك أيضا قراءة",
# "ننصحك بقراءة", "لا يفوتك", "à lire également" ...
_READ_ALSO_LABEL = fold(
    r"(?:اقرا|إقرا|طالع|تابع|شاهد|انظر|راجع)(?:وا|ي)?\s+(?:ايضا|أيضا|كذلك)"
    r"|(?:للمزيد|لمزيد|للمزيد من (?:التفاصيل|المعلومات)|لمزيد من (?:التفاصيل|المعلومات))"
    r"\s*[:،,.…-]*\s*(?:اقرا|إقرا|طالع|اطلع علي|تابع|انظر|راجع)(?:وا)?(?:\s+(?:ايضا|كذلك|المزيد))?"
    r"|(?:يمكنك|يمكنكم|بامكانك|بامكانكم)\s+(?:ايضا\s+|كذلك\s+)?(?:قراءه|الاطلاع علي|مطالعه)"
    r"(?:\s+(?:ايضا|كذلك))?"
    r"|(?:ننصحك|ننصحكم)\s+(?:ب)?(?:قراءه|الاطلاع علي|مطالعه)|لا (?:يفوتك|يفوتكم)"
    r"|(?:(?:a|à) )?lire (?:aussi|egalement|également)|voir aussi"
)
# ... and those of a list of other stories, whose heading ends the text: "مواضيع قد تهمك",
# "قد يعجبك أيضا", "you may also like", "sur le même sujet".
_MAY_INTEREST_LABEL = fold(
    r"(?:(?:مواضيع|موضوعات|مقالات|اخبار|قصص|تقارير)\s+)?(?:قد|ربما)\s+"
    r"(?:تهمك|يهمك|تهمكم|يهمكم|تعجبك|يعجبك|تعجبكم|يعجبكم)(?:\s+(?:ايضا|كذلك))?"
    r"|you (?:may|might) also (?:like|enjoy|be interested in)"
    r"|more on this(?: story| topic)?|further reading|sur le m[eê]me sujet"
    # stories the site suggests: "قصص مقترحة", "مقالات مقترحة لك", "مقترحات لك", "نقترح
    # عليك", "Recommended for you", "Suggested stories", "Nos recommandations" (not a bare
    # "مقترحات", "Recommandations": a report's proposals, a subheading of the story)
    r"|(?:قصص|مقالات|مواضيع|موضوعات|اخبار|تقارير|قراءات|فيديوهات)\s+(?:مقترحه|مقترحات)"
    r"(?:\s+(?:لك|لكم))?|(?:مقترح|مقترحه|مقترحات)\s+(?:لك|لكم)|نقترح (?:عليك|عليكم|لك|لكم)"
    r"|recommended|(?:recommended|suggested) (?:for you|stories|articles|reading|videos)"
    r"|nos recommandations|recommand[eé]s? pour vous|suggestions de lecture"
)
# A line that is only one of these starts a related list or, in the aggregator format,
# another story: nothing after it is this article's text.
_END_MARKERS = re.compile(
    f"^(?:{_READ_ALSO_LABEL}|{_MAY_INTEREST_LABEL}|"
    + "|".join(
        _N(m)
        for m in (
            "إقرأ أيضاً",
            "اقرأ أيضا",
            "اقرأ المزيد",
            "مقالات مشابهة",
            "مقالات ذات صلة",
            "أخبار ذات صلة",
            "أخبار متعلقة",
            "مواضيع ذات صلة",
            "موضوعات ذات صلة",
            "قد يهمك أيضا",
            "قد يهمك",
            "يهمك أيضا",
            "قد يعجبك أيضا",
            "ربما يعجبك أيضا",
            "ربما يهمك أيضا",
            "موضوعات متعلقة",
            "مواضيع متعلقة",
            "مقالات متعلقة",
            "أخبار مرتبطة",
            "روابط ذات صلة",
            "اخترنا لك",
            "اقرأ كذلك",
            "الأكثر قراءة",
            "الأكثر مشاهدة",
            "الأكثر تداولا",
            "الأكثر تعليقا",
            "الأكثر شعبية",
            "شاهد أيضا",
            "طالع أيضا",
            "ذات صلة",
            "للمزيد",
            "related articles",
            "read more",
            "read also",
            "also read",
            "related",
            "see also",
            "lire aussi",
            "à lire aussi",
            "a lire aussi",
            "voir aussi",
            # a press release's contact block closes it: a name, a phone, an e-mail follow
            "للاستفسار",
            "للاستفسارات",
            "للاستفسارات الإعلامية",
            "للتواصل الإعلامي",
            "للمزيد من المعلومات يرجى التواصل مع",
            "media contact",
            "media contacts",
            "for media inquiries",
        )
    )
    + r")\s*[:：.…]*$"
)
# A heading that opens the readers' comments ("التعليقات (2)"): the article is over, once it
# has begun (a "تعليقات" link in a toolbar above the text ends nothing).
_COMMENTS = re.compile(
    "^(?:"
    + "|".join(
        _N(m)
        for m in (
            "التعليقات",
            "تعليقات",
            "تعليقات القراء",
            "تعليقات الزوار",
            "آراء القراء",
            "آراء الزوار",
            "أضف تعليق",
            "أضف تعليقا",
            "أضف تعليقك",
            "أضف تعليقا جديدا",
            "إضافة تعليق",
            "اترك تعليقا",
            "اترك تعليقك",
            "اكتب تعليقك",
            "comments",
            "reader comments",
            "readers' comments",
            "leave a comment",
            "add a comment",
            "post a comment",
            "commentaires",
            "commentaires des lecteurs",
            "laisser un commentaire",
            "ajouter un commentaire",
            "réagir",
        )
    )
    + r")\s*(?:[(（]\s*\d+\s*[)）]|\d+)?\s*[:：.…]*$",
    re.IGNORECASE,
)

# A disclaimer's label before it: "تنويه: الآراء الواردة …" (normalized).
_LABELLED = r"(?:(?:تنويه|ملاحظه|اخلاء مسووليه|اخلاء المسووليه)\s*[:：-]\s*)?"
# Chrome wherever it appears in a line.
_ANYWHERE = [
    r"^(?:اقرا|إقرا|طالع) ايضا\s*[:：-]",  # "اقرأ أيضا: <other headline>" on one line
    # ... under other labels: "مواضيع قد تهمك: <headline>", "للمزيد اقرأ: <headline>"
    rf"^(?:{_READ_ALSO_LABEL}|{_MAY_INTEREST_LABEL})\s*[:：]",
    # ... in French and English: "Lire aussi : <headline>", "RELATED: <headline>"
    r"^(?:(?:a|à) )?lire (?:aussi|egalement|également)\s*[:：]|^voir aussi\s*[:：]",
    r"^(?:related|also read|read also|see also)\s*[:：]",
    # "شاهد أيضا: <a video's title>", "اقرأ المزيد: <headline>", as "اقرأ أيضا:"
    r"^(?:شاهد|شاهدوا) (?:ايضا|كذلك)\s*[:：-]|^(?:اقرا|إقرا|طالع) (?:المزيد|كذلك)\s*[:：-]",
    r"^(?:الكلمات الدلاليه|كلمات دلاليه|الوسوم|وسوم|tags)\s*[:：]",
    r"^المصدر\s*[:：]\s*\S.{0,60}$",
    # a page's labelled details in a list: "رقم الفتوى: 4512", "التصنيف: عبادات"
    r"^(?:رقم (?:الفتوي|الخبر|الماده|المقال)|المفتي|التصنيف|القسم|الباب)\s*[:：]\s*\S.{0,40}$",
    r"^sources?\s*[:：]\s*\S.{0,40}$",  # "Source : MAP"
    # a wire's credits: "(Reporting by …; Editing by …)"
    r"^\(?(?:reporting|writing) by [^()]{3,200}\)?$",
    r"^(?:ال)?رابط (?:ال)?مختصر\s*[:：]",  # "رابط مختصر: https://…"
    r"^تعديل حجم الخط",
    # a prayer-times box's lines, wherever it sits: prayers and their clocks and nothing else
    # ("الفجر 05:01 | الظهر 11:40 | العصر 14:31", "Fajr 05:12 AM")
    r"^(?:\W*(?:الفجر|الشروق|الظهر|العصر|المغرب|العشاء|fajr|sunrise|dhuhr|zuhr|asr|maghrib"
    r"|isha)\s*[:：-]?\s*\d{1,2}[:.]\d{2}(?:\s*(?:ص|م|صباحا|مساء|am|pm)(?!\w))?\W*)+$",
    r"برمجه و ?استضافه",
    r"^هل (?:اعجبك|أعجبك) (?:هذا|هذه) .{0,30}(?:اشترك|سجل)",  # a newsletter's box
    # a comment form's labels, with their marks or alone on their lines
    r"^(?:الاسم|البريد الالكتروني|التعليق|رمز التحقق)\s*[:：]\s*(?:[*|]|$)",
    r"^الاراء والتعليقات المنشوره",
    # a disclaimer: "المقالات المنشورة تعبر عن رأي كاتبها …", "التعليقات … لا تعبر عن رأي …",
    # "هذا المقال يعبر عن رأي كاتبه ولا يعبر بالضرورة عن رأي الموقع"
    rf"^{_LABELLED}(?:الاراء|التعليقات|المقالات|مقالات الراي) .{{0,40}}"
    r"(?:لا )?تعبر (?:بالضروره )?عن (?:راي|اراء)",
    # the site's material in general: its writers' views ("جميع المواد المنشورة في الموقع تعبر
    # عن وجهة نظر كتّابها"), not a government's ("المواد التي بثتها القناة تعبر عن وجهة نظر …")
    rf"^{_LABELLED}(?:(?:جميع|كل) )?(?:المواد|الموضوعات|المحتويات) .{{0,40}}تعبر (?:فقط )?عن"
    r" (?:راي|اراء|وجهه نظر|وجهات نظر) (?:كتابها|كاتبيها|اصحابها|كاتبها|صاحبها)",
    # a press release's: "المحتوى أعلاه مقدم من الجهة المصدرة للبيان، والموقع غير مسؤول عن دقته"
    r"^(?:المحتوي|النص|البيان|الخبر|المقال) (?:اعلاه|الوارد اعلاه) (?:مقدم|منشور|صادر|وارد) من",
    r"^(?:المحتوي|النص) (?:اعلاه|الوارد اعلاه) بيان صحفي",
    # the site's own disclaimer, the line's whole or its close after a comma (not "… قال إن
    # الموقع غير مسؤول عن محتواه" inside a sentence)
    r"^(?:[^.،,]{0,60}[،,]\s*)?(?:و)?(?:الموقع|الصحيفه|الجريده|اداره الموقع) غير مسؤوله? عن"
    r" (?:دقته|دقتها|محتواه|محتواها|مضمونه|مضمونها)\W*$",
    r"^the (?:views|opinions) expressed (?:in this|here|above).{0,80}(?:author|writer)",
    r"^les (?:opinions|propos|idées) exprimé(?:e|)s .{0,80}(?:n['’]engagent que|ne reflètent pas)",
    r"^(?:this|the above) (?:content|press release) (?:was|is) (?:provided|issued|supplied) by",
    rf"^{_LABELLED}(?:(?:هذا )?المقال|(?:هذه )?المقاله|ما ورد) .{{0,40}}[تي]عبر (?:فقط )?عن"
    r" (?:راي|اراء) (?:كاتبه|كاتبها|الكاتب|صاحبه|صاحبها)",
    r"حريه سقفها السماء",
    # a call for the readers' money: "ادعم الصحافة المستقلة", "تبرع الآن"
    r"^(?:ادعم|ادعموا|ادعمي) (?:الصحافه|صحافه|الموقع|عملنا|استقلالنا)[^.]{0,30}$",
    r"^(?:تبرع|تبرعوا|ساهم|ساهموا) (?:الان|لنا|معنا)$",
    # a comment policy: the site welcomes its readers' discussion
    r"^ترحب .{0,40}(?:بالنقاش|(?:بتعليقات|بالتعليقات|بمشاركات) (?:القراء|الزوار|قرائها|زوارها))",
    r"^(?:نرحب|يسعدنا تلقي) بتعليقاتكم",  # addressed to the readers: never a story's
    r"^(?:تاريخ النشر|نشرت? في|اخر تحديث|تاريخ التحديث)\s*[:：]",  # "نشرت في: آخر تحديث:"
    # an embedded tweet flattened to text: "... pic.twitter.com/x — Name (@handle) December 8, 2024"
    r"pic\.twitter\.com/\w+",
    r"— [^()\n]{0,60}\(@\w+\)\s+\w+ \d{1,2}, \d{4}",
]
# A copyright notice: a short line, or one that opens with it and is stamped with © or a
# year ("© 2024 ...", "موقع سرايا © 2024 جميع الحقوق محفوظة ولا يجوز ..."); a sentence that
# names it further on is news ("وقال الوزير إن حقوق النشر محفوظة للمؤلفين ...", "...
# printed 'all rights reserved' on ..."), and so is one that opens with the words unstamped
# ("Copyright Office officials said ...", "جميع الحقوق محفوظة للمؤلفين بموجب القانون ...").
_NOTICE = [
    r"(?:ال)?حقوق (?:(?:النشر|الطبع|الطبع والنشر) )?محفوظه",
    r"all rights reserved",
    r"©",
    r"\bcopyright\b",
]
NOTICE_OPENS_WITHIN = 4  # words
_STAMP = re.compile(r"©|\b(?:19|20)\d\d\b")
# ... or a notice followed by what it forbids ("جميع الحقوق محفوظة لصحيفة ... ولا يجوز نقل ...
# دون إذن"): the law's own words, not a report of them.
_BAN = re.compile(
    fold(r"\b(?:و?لا يجوز|و?يمنع|و?يحظر|ممنوع|(?:ب|من )?دون اذن|الا باذن)\b")
    + r"|\bmay not be\b|\bwithout (?:\w+ ){0,2}permission\b|\bis (?:strictly )?prohibited\b",
    re.IGNORECASE,
)
# A view counter or a call for comments: chrome on a short line or in a bar of items ("|"),
# not in a body sentence ("وكان عدد الزيارات: 4500 زيارة لموقع الوزارة في اليوم الأول ...",
# "ترحب وزارة الثقافة بتعليقات المواطنين على اللائحة ...").
_UNLESS_SENTENCE = [
    # a view counter, which changes on every visit: never text (nor an edit)
    r"(?:^|[\s|])(?:عدد )?(?:القراءات|المشاهدات|الزيارات)\s*[:：]\s*\d+",
    r"بتعليقاتكم",
    r"^ترحب .{0,40}(?:بالنقاش|بتعليقات|بالتعليقات)",
]
_TOOLBAR = (
    "طباعه|ارسال|لصديق|الي صديق|الخبر|المقال|الصفحه|بالبريد|عبر البريد|البريد الالكتروني"
    "|حفظ|شارك|مشاركه|نسخ الرابط|تعليق|فيسبوك|تويتر|واتساب|تلغرام|تيليجرام"
)
# What else a toolbar holds: the text size, the comments' link, a counter of them.
_TOOLS = (
    "طباعه|ارسال(?: لصديق| الي صديق)?|حفظ|شارك|مشاركه|نسخ الرابط|(?:ال)?تعليقات|اضف تعليقا?"
    "|اضافه تعليق|(?:تكبير|تصغير|حجم) الخط|(?:تكبير|تصغير)|a\\+|a-|\\+a|-a"
)
_TOOL = rf"(?:{_TOOLS})(?:\s*[(（]?\d+[)）]?)?"  # with its counter ("تعليقات (3)")
_SEP = r"[\s|/،,:-]"
# Wire agencies as sign-offs name them (normalized): "أ ف ب", "رويترز", "وام", "واس" …
_AGENCIES = (
    r"ا ف ب|ا\.ف\.ب|اف ب|د ب ا|د\.ب\.ا|ا ش ا|رويترز|الاناضول|وام|واس|كونا|شينخوا"
    r"|اسوشيتد برس|فرانس برس|يو بي اي|afp|reuters|dpa"
)  # (not قنا, بترا, وفا, بنا, سانا: a governorate, a city, names)
# A share prompt's verbs, what it shares (the page), and the words of whom it is shared with
# and where (normalized).
_SHARE = "شارك|شاركوا|شاركي|انشر|انشروا|انشري"
_SHARED = "مقال|مقاله|خبر|موضوع|تقرير|قصه|منشور|فيديو|صفحه|رابط|تدوينه"
_TO_FRIENDS = (
    "مع|عبر|على|في|من خلال|و|او|جميع|كل|اصدقايك|اصدقايكم|صديقاتك|اصحابك|احبابك|متابعيك|معارفك"
    "|من تحب|الاخرين|مواقع|منصات|وسايل|شبكات|التواصل|الاجتماعي|فيسبوك|فيس بوك|تويتر|اكس|واتساب"
    "|تلغرام|تيليجرام|انستغرام|انستجرام|لينكد ?ان|البريد|الالكتروني"
)
# Chrome only as a short line of its own: these words also open real sentences
# ("شارك آلاف المتظاهرين ...", "تابع الوزير حديثه ...").
_SHORT = [
    # a toolbar: its words alone ("طباعة | إرسال لصديق | حفظ"), not "طباعة الكتب المدرسية
    # تبدأ ...", "إرسال 200 شاحنة مساعدات ..."
    rf"^(?:طباعه|ارسال)(?:[\s|/،,:-]+(?:{_TOOLBAR}))*[\s|/،,:-]*$",
    # ... or of other tools, two or more ("تعليقات (3) | تكبير الخط | A+ A-")
    rf"^{_SEP}*{_TOOL}(?:{_SEP}+{_TOOL})+{_SEP}*$",
    r"^(?:شارك|شارك الخبر|مشاركه|نسخ الرابط)$",
    r"^تابع(?:ونا|وا)? (?:(?:على|عبر|في) )?(?:قناتنا|صفحتنا|منصتنا|حسابنا|حساباتنا)|^تابعونا على",
    # ... in English and French: "Follow Gulf Daily on WhatsApp for the latest news"
    r"^(?:follow|join) (?:us|[\w .'&-]{1,40}?) on (?:whatsapp|telegram|google news|facebook"
    r"|twitter|x|instagram|youtube)\b(?:[^.]{0,40}\.?)$"
    r"|^(?:suivez|rejoignez)[- ](?:nous|[\w .'&-]{1,40}?) sur (?:whatsapp|telegram|google"
    r" (?:news|actualités)|facebook|twitter|x|instagram|youtube)\b(?:[^.]{0,40}\.?)$",
    r"^تابعوا? .{0,40}(?:يوتيوب|فيسبوك|تويتر|تلغرام|تيليجرام|واتساب|انستغرام|جوجل نيوز"
    r"|غوغل نيوز|google news)",
    # follow and join prompts: "انضم إلى قناتنا على واتساب…", "للمزيد تابعونا على صفحتنا…"
    r"^\W*(?:انضم|انضموا|اشترك|اشتركوا)\s+(?:الى|إلى|في|ب)\s*(?:قناتنا|مجموعتنا|نشرتنا"
    r"|صفحتنا|حسابنا|النشره البريديه)",
    r"\bتابعونا (?:على|عبر|في) (?:تطبيق |منصه )?(?:صفحتنا|قناتنا|حساباتنا|حسابنا|منصاتنا"
    r"|فيسبوك|تويتر|يوتيوب|تلغرام|تيليجرام|واتساب|انستغرام)",
    # "لمتابعة أهم الأخبار اشترك في قناة مصراوي على واتساب": a channel on a platform, asked
    # at the line's start or after its purpose ("وقال إنه تابع قناة … على يوتيوب" is news)
    # ("للمزيد من الأخبار اشترك في قناتنا على واتساب": the site's own channel, likewise; "…
    # تابعوا قناة رؤيا على تطبيق واتساب": the platform named as an app or a platform too)
    r"^(?:ل\S+\s.{0,40}?)?(?:اشترك|اشتركوا|انضم|انضموا|تابع|تابعوا|تابعونا)\s+(?:الى|في|ب)?\s*"
    r"(?:(?:قناه|صفحه|حساب|مجموعه)\s.{0,30}?|(?:قناتنا|صفحتنا|حسابنا|مجموعتنا)\s+)"
    r"(?:على|عبر|في)\s+(?:(?:تطبيق|منصه)\s+)?(?:واتساب|تلغرام|تيليجرام|يوتيوب|فيسبوك|تويتر|انستغرام"
    r"|جوجل نيوز|غوغل نيوز|google news)",
    # the site's app: "حمّل تطبيق الموقع على هاتفك", "نزّل تطبيقنا الآن" (not "حمل التطبيق
    # الجديد ميزات …", "نزل تطبيق الهلال الأحمر خدمة …": the past tense is news)
    r"^(?:حمل|حملوا|نزل|نزلوا|قم بتحميل|يمكنكم تحميل)\s+(?:تطبيقنا|(?:ال)?تطبيق\s+"
    r"(?:الموقع|الصحيفه|الجريده|القناه|الوكاله))\b"
    r"|^(?:حمل|حملوا|نزل|نزلوا|قم بتحميل|يمكنكم تحميل)\s+(?:ال)?تطبيق\b.{0,40}"
    r"(?:هاتفك|جوالك|هواتفكم|الان|مجانا|متجر|app store|google play|اندرويد|ايفون)",
    # an agency's signature on a line of its own, closing a report: "(بترا)", "(أ ف ب)"
    r"^[(（][^()（）]{1,24}[)）]\W*$",
    # an agency's or a desk's sign-off: the agency last, after the desk ("فرانس24/ أ ف ب",
    # "فرانس24/رويترز"), or first between slashes as WAM and SPA write it ("/ وام / ع ع م /
    # ر ب"); WAM's "- خلا -", "انتهى". (A list of places, "الأقصر / قنا / سوهاج", is text:
    # only names that are no place's or person's count.)
    rf"^\W*(?:[^/]{{1,20}}/\s*)+(?:{_AGENCIES})\W*$",
    rf"^\s*/\s*(?:{_AGENCIES})\s*/",
    # WAM's signature: the agency, then its editors' names between slashes ("وام/عاصم الخولي/أحمد
    # النعيمي"), no sentence
    rf"^\W*(?:{_AGENCIES})\s*/[^.،,:؟!]{{2,80}}$",
    # NNA's: a rule of "=" and the editor's initials ("================ ر.إ")
    r"^[=_~*]{4,}\s*(?:[ء-ي]\.?\s*){0,4}$",
    r"^\W*(?:خلا|انتهي)\W*$",
    # an editor's initials on a line of their own: "ع.ف", "م.ع.ح" (Arabic letters: "U.S." is
    # a word)
    r"^(?:[ء-ي]\.){1,3}[ء-ي]?\.?$",
    # the editors' codes as Petra, KUNA and SPA close a report, single letters between
    # slashes, after the agency's signature or "(النهاية)", before the time: "م ح/ع ع",
    # "--(بترا) م ح/ع ع 24/11/2024 10:15", "(النهاية) ع ف ي / ه ب ش"
    r"^\W*(?:[(（][^()（）]{1,24}[)）]\s*)?[ء-ي](?:\s[ء-ي]){0,3}(?:\s*/\s*[ء-ي](?:\s[ء-ي]){0,3})+"
    r"(?:\s+[\d/:.-]+){0,2}\W*$",
    # the editors' initials and the agencies, as DW closes a report: "ع.ح/ع.ج (رويترز، د ب أ)"
    r"^[^\W\d_](?:\.[^\W\d_]){1,3}\.?(?:\s*/\s*[^\W\d_](?:\.[^\W\d_]){1,3}\.?)+"
    r"\s*(?:\([^()]{0,40}\))?$",
    r"^المزيد في ",
    # a line of hashtags alone: "#الزراعة #الصقيع #الأردن"
    r"^(?:#[^\s#]+[\s،,]*)+$",
    r"^الرد على تعليق",
    # "لا توجد تعليقات بعد، كن أول من يعلق" on a line of its own, not "لا توجد تعليقات من الجيش"
    r"^لا (?:يوجد|توجد) تعليقات(?: بعد)?\W*(?:كن (?:اول|أول) من (?:يعلق|يضيف تعليقا)\W*)?$",
    r"^كن (?:اول|أول) من (?:يعلق|يضيف تعليقا)\W*$",
    # a call for comments: "شارك برأيك", "شاركنا رأيك في التعليقات", "اكتب تعليقك"
    r"^(?:شارك|شاركنا|شاركونا|شاركوا)\s+(?:ب)?(?:رايك|رايكم|تعليقك|تعليقاتكم)"
    r"(?:\s+(?:في|عبر)\s+(?:التعليقات|خانه التعليقات))?\s*[.!:]*$",
    r"^(?:اكتب|اترك|أترك)\s+تعليق(?:ك|ا)?\s*[.!:]*$",
    # the label of an embedded video that went with its player ("شاهد الفيديو:")
    r"^(?:شاهد|شاهدوا|شاهدي)\s+(?:ال)?فيديو(?:\s+التالي)?\s*[:：.…]*$|^(?:ال)?فيديو\s*[:：]$",
    r"^اضافه(?: تعليق)?\s*\|?$",
    r"^\W*(?:اعلان|advertisement|(?:ال)?محتوي (?:ال)?اعلاني)\W*$",
    r"^\W*(?:تابع|اكمل|يتبع) (?:القراءه|المقال|الخبر) (?:اسفل|بعد|تحت) (?:ال)?اعلان\W*$",
    # a prompt to follow or read on elsewhere: "لمتابعة آخر الأخبار عبر قناتنا على واتساب اضغط
    # هنا", "للاطلاع على المزيد من أخبار الحوادث اضغط هنا", "يمكنكم متابعة آخر الأخبار عبر
    # حسابنا على منصة إكس"
    r"^ل(?:متابعه|لمتابعه|لاطلاع|قراءه|مشاهده|معرفه|مزيد)\b.{0,80}(?:اضغط|انقر)(?:وا)?\s+"
    r"(?:هنا|على الرابط|على الصوره)\W*$",
    r"^(?:يمكنكم|يمكنك|بامكانكم|بامكانك)\s+(?:متابعه|متابعتنا|الاشتراك|الانضمام)\b.{0,60}"
    r"(?:حسابنا|قناتنا|صفحتنا|تطبيقنا|موقعنا|حساباتنا|منصاتنا)",
    # a share bar's lines: "شارك هذا المقال", "أرسل لصديق", "تم نسخ الرابط"
    r"^شارك(?:وا)?\s+(?:هذا\s+|هذه\s+)?(?:المقال|المقاله|الخبر|الموضوع|التقرير|القصه)"
    r"(?:\s+(?:عبر|على|مع)\s.{0,30})?\W*$",
    # ... and the prompts written as sentences: the page shared, to the reader's friends or on
    # the networks, nothing else said ("شارك هذا المقال مع أصدقائك عبر مواقع التواصل
    # الاجتماعي.", "شاركوا هذا الخبر عبر:"), or a reminder ("لا تنس مشاركة الخبر مع أصدقائك");
    # not a report that someone shared something ("شارك الوزير في المؤتمر", "شارك الفيديو عبر
    # فيسبوك مليون مستخدم": the imperative is also the past tense)
    rf"^(?:{_SHARE})\s+(?:(?:هذا|هذه)\s+)?(?:ال)?(?:{_SHARED})(?:[\s،,/|]+(?:{_TO_FRIENDS})\b)+\W*$",
    rf"^(?:{_SHARE})\s+(?:(?:هذا|هذه)\s+)?(?:ال)?(?:{_SHARED})(?:\s+(?:عبر|على|مع|في))?\s*[:：]\W*$",
    rf"^(?:لا تنس|لا تنسي|لا تنسوا|ساهم|ساهموا|ساهمي)\s+(?:ان تشارك\S*|(?:في\s+)?(?:مشاركه|نشر))"
    rf"\s+(?:(?:هذا|هذه)\s+)?(?:ال)?(?:{_SHARED})\b",
    r"^(?:please |don.t forget to |do not forget to )?share this (?:article|story|post"
    r"|page|news|video)\b|^share (?:it|this) with your friends\b",
    r"^(?:n.oubliez pas de )?partage[rz](?:-le|-la)? (?:cet|cette|ce|l.)\s*(?:article|reportage"
    r"|vid.o|page|information|actualit.)\b",
    r"^(?:ارسل|ارسال)\s+(?:ل|الي\s+)صديق\W*$",
    r"^تم نسخ الرابط",
    # a newsletter's or a news service's offer: "اشترك الآن في النشرة البريدية", "للاشتراك في
    # خدمة الأخبار العاجلة أرسل …" (not "اشترك في الخدمة مليون مستخدم": past tense, news)
    r"^اشترك(?:وا)?\s+(?:الان\s+)?(?:في|ب)\s*(?:النشره|نشرتنا)\b|^اشترك(?:وا)?\s+الان\b",
    r"^للاشتراك\s+(?:في|ب)\s*.{0,50}(?:\b(?:اضغط|انقر|ارسل|اتصل)\b|\bهنا\W*$)",
    r"^(?:subscribe|sign up|signup)\s+(?:to|for)\s+(?:our|the)\s+(?:\w+\s+)?newsletter",
    # "For more business news, follow Al Arabiya English on X.", "Follow us on Telegram"
    r"^(?:for (?:more|the latest) [\w ]{0,30},?\s+)?follow (?:us|[\w .'-]{2,40}) on"
    r" (?:x|twitter|facebook|instagram|telegram|whatsapp|youtube|tiktok|google news)\W*$",
    # "تابع أحدث الأخبار عبر تطبيق واتساب" ("تابع" alone opens news too: the latest news it names)
    # (not "تابع أحدث الأخبار من غزة مئات الآلاف عبر فيسبوك": the site's own app or channel)
    r"^تابع(?:وا)?\s+(?:احدث|اخر|اهم|كل|جميع)\s+(?:ال)?اخبار\s+(?:عبر|على|من خلال|في)\s+"
    r"(?:تطبيق|تطبيقنا|قناتنا|صفحتنا|موقعنا|حسابنا|حساباتنا)\b",
    r"^سجل بريدك",
    # a rating widget's question: "هل كان هذا المقال مفيداً؟", "Was this article helpful?"
    r"^هل (?:كان|كانت|وجدت) (?:هذا|هذه) (?:ال)?(?:مقال|مقاله|خبر|موضوع|معلومات|صفحه)\s*"
    r"(?:مفيد|مفيدا|مفيده)\s*[؟?]\W*$",
    r"^(?:was|did you find) this (?:article|story|page|information) (?:helpful|useful)\s*\?\W*$",
    r"^ابحث في ",
    r"^(?:الصفحه الرئيسيه|الرئيسيه)\s*[>»/]",
    # a view counter as a line's last item: "عدد المشاهدات 4889", "4889 مشاهدة", "views: 12"
    r"(?:^|[\s|])(?:عدد )?(?:القراءات|قراءات|المشاهدات|مشاهدات|الزيارات|زيارات)"
    r"\s*[:：]?\s*\d+\s*(?:$|\|)",
    r"(?:^|[\s|])\d+\s*(?:مشاهده|قراءه|زياره|views|reads)\s*(?:$|\|)",
    r"^شوهد\s*\d+\s*مر",
    r"^(?:قراءه|قرئ|قرا|مشاهده)\s*[\d,.]+\s*(?:مره|مرات)\W*$",  # Drupal's "قراءة 2,341 مرة"
    r"^(?:ال)?نسخه\s+(?:لل|ل)?طباعه\W*$",  # "نسخة للطباعة"
    # a picture's caption left alone: "صورة أرشيفية", "(صورة تعبيرية)", "صورة من الأرشيف"
    r"^\W*(?:صوره|الصوره)\s+(?:ارشيفيه|تعبيريه|توضيحيه|من الارشيف)\W*$",
    # a reading time: "قراءة: 2 دقيقة", "مدة القراءة 3 دقائق", "5 min read · Nov 20, 2026"
    r"^(?:مده |وقت )?(?:ال)?قراءه\s*[:：]?\s*\d+\s*(?:دقيقه|دقائق|د)\W*$",
    r"^\d+\s*(?:دقيقه|دقائق|د)\s+(?:ل?ل?قراءه)\W*$",
    r"^\d+\s*min(?:ute)?s?\s+read\b",
    # a byline (crawler.extract.authors reads the name from it)
    r"^بقلم\b",
    r"^(?:كتب|كتبت|اعداد|تحرير|حاوره|حاورها|حاورته|حوار)\s*[:：]",
    r"^(?:تصوير|عدسه|ترجمه)\s*[:：]",  # a photographer's or a translator's credit
    credits.PICTURE_CREDIT,  # "Photo: Reuters", "File Photo: Ahram": a picture's credit
    r"^(?:تصوير|عدسه)\s*[-–]\s*\S+(?:\s+\S+){0,4}$",  # "تصوير - عمرو عبد الحميد": a name
    r"^(?:كتب|كتبت|اعداد)\s*[\-–/]\s*\S+(?:\s+\S+){0,4}$",  # "كتب - أحمد فتحي": a name
    r"(?:^|[\s|])(?:views|reads|hits)\s*[:：]\s*\d+",
]
# A date line: its label, then a date ("نشر في 3 فيفري 2025 - 14:13"), on a short line.
_DATE_LABEL = re.compile(fold(r"^(?:نشر في|نشر بتاريخ|تاريخ النشر|اخر تحديث|تاريخ التحديث)\b"))
# "بتاريخ : 2 جمادى الآخرة 1446هـ", "نُشر: 02 ديسمبر 2026 - 11:05 ص", "التاريخ: …": labels
# that open sentences too ("بتاريخ 3 مارس وقعت الوزارة …", "نشر الجيش في 3 مارس …"), so
# only a whole date may follow them, Hijri or Gregorian.
_DATE_LABELS = (
    "بتاريخ", "نشر", "نشرت", "نشر يوم", "منشور", "التاريخ", "تاريخ", "تاريخ الخبر", "تم نشره",
    "تم نشرها", "تم النشر", "published", "posted", "publié le", "publiée le", "publie le",
    "mis à jour le", "mis a jour le",
)  # fmt: skip
_ON_DATE = re.compile(  # the longest label first: "نشر يوم" is not "نشر" and a day's name
    fold(
        "^(?:" + alternatives(_DATE_LABELS) + ")"
        r"(?!\w)(?: on)?\s*[:：-]?\s*"
    )
)
SHORT_LINE_WORDS = 12


def _compile(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{fold(p)})" for p in patterns), re.IGNORECASE)


_LINE = _compile(_ANYWHERE)
_NOTICE_LINE = _compile(_NOTICE)
_UNLESS_SENTENCE_LINE = _compile(_UNLESS_SENTENCE)
_SHORT_LINE = _compile(_SHORT)


# A footnote's or a list item's mark before a line ("* الآراء الواردة …", "- نسخة للطباعة").
_LIST_MARK = re.compile(r"^(?:[*•·]+|[-–]\s)\s*")


# Both tests are asked of every element's own text and every output line, and a site's
# menus, boxes and labels repeat on each of its pages: their answers are kept.
@lru_cache(maxsize=4096)
def is_end_marker(line: str) -> bool:
    return bool(_END_MARKERS.match(_N(line.strip(" \t-–—•*|"))))


@lru_cache(maxsize=4096)
def opens_comments(line: str) -> bool:
    return bool(_COMMENTS.match(_N(line.strip(" \t-–—•*|"))))


# An English byline: "By Rana Husseini and Mohammad Ghazal", "By Jane Doe, Jordan Times".
# Read as written (before folding): names are capitalized words, two to four each, and no
# sentence's words ("By Royal Decree", "By Christmas Eve, shops were empty").
_BYLINE_EN = re.compile(r"^[Bb][Yy]\s+(.+?)(?:\s*,\s*([^,.]{2,40}))?$")
# A name's particles, in lower case inside it: "Rana al-Khatib", "Omar bin Zayed".
_PARTICLE = re.compile(r"^(?:al|el|bin|ibn|abu|bint|de|da|di|du|van|von|la|le)(?:[-'’]|$)")
_NOT_NAMES = frozenset(
    " ".join((
        "Royal Decree Popular Demand Christmas Eve Day Night Morning Evening Law Order Request",
        "Design Default Hand Way Then Now Far Contrast Comparison Land Sea Air Train Bus Car",
        "Mail Phone Email Noon Midnight Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
        "January February March April May June July August September October November December",
        "The A An This That Late Early Next Last All Some Many Most",
    )).split()
)  # fmt: skip


def _english_byline(line: str) -> bool:
    found = _BYLINE_EN.match(line)
    if found is None or len(line.split()) > SHORT_LINE_WORDS:
        return False
    names, employer = found.groups()
    if employer is not None and not employer.strip()[:1].isupper():
        return False  # "By Christmas Eve, shops were empty": a sentence goes on
    return all(
        _capitalized_name(name)
        for name in re.split(r"\s+(?:and|&)\s+|\s*,\s*", names, flags=re.IGNORECASE)
    )


def _capitalized_name(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 4 and all(
        (w[:1].isupper() or (i > 0 and _PARTICLE.match(w)))
        and w.strip(".").title() not in _NOT_NAMES
        and not any(c.isdigit() for c in w)
        for i, w in enumerate(words)
    )


@lru_cache(maxsize=4096)
def is_boilerplate(line: str) -> bool:
    if _english_byline(line.strip()):
        return True
    key = _N(_LIST_MARK.sub("", line.strip()))
    if _LINE.search(key):
        return True
    words = len(key.split())
    notice = _NOTICE_LINE.search(key)
    if notice and (words <= SHORT_LINE_WORDS or _opens(key, notice.start())):
        return True
    short = words <= SHORT_LINE_WORDS
    if (short or "|" in key or _meta(key)) and _UNLESS_SENTENCE_LINE.search(key):
        return True
    return short and (bool(_SHORT_LINE.search(key)) or _is_date_line(key))


def _opens(key: str, at: int) -> bool:
    """Does a notice start at this character, in the line's first few words, stamped with ©
    or a year, or followed by what it forbids?"""
    if len(key[:at].split()) >= NOTICE_OPENS_WITHIN:
        return False
    opening = " ".join(key.split()[: 2 * NOTICE_OPENS_WITHIN])
    return bool(_STAMP.search(opening)) or _forbids(key, at)


def _forbids(key: str, at: int) -> bool:
    """Is the notice at this character followed at once by what it forbids, on a line no
    longer than a notice's that reports no one's words ("..., قال الوزير")?"""
    ban = _BAN.search(key, at)
    return (
        ban is not None
        and len(key[at : ban.start()].split()) <= BAN_WITHIN
        and len(key.split()) <= NOTICE_WORDS
        and not _REPORTED.search(key)
    )


BAN_WITHIN = 8  # words from the notice to its ban
NOTICE_WORDS = 40
_REPORTED = re.compile(
    fold(r"\b(?:قال|قالت|اعلن|اعلنت|اعلنه|اكد|اكدت|اوضح|بحسب|وفق|وفقا|حسب ما)\b")
    + r"|\b(?:said|says|told|according)\b",
    re.IGNORECASE,
)


def _meta(key: str) -> bool:
    """A page's meta line run together ("نشر في 3/4/2024 10:30 عدد القراءات: 4889 ..."):
    a date or a time in it, and no sentence's end."""
    return not _SENTENCE_END.search(key) and bool(_CLOCK.search(key) or _NUMERIC_DATE.search(key))


_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
# A clock alone, its zone named or not: "16:40", ": 16:40 بتوقيت باكو", "- 4:40 م".
_CLOCK_ONLY = re.compile(
    r"^\W*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[صم]|am|pm)?\.?(?:\s+(?:ب|حسب )?توقيت\s+[^\W\d_]+"
    r"(?:\s+[^\W\d_]+)?|\s*(?:gmt|utc)\s*[+-]?\d{0,2})?\W*$"
)
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")


def _is_date_line(key: str) -> bool:
    """A labelled date line ("نشر في 3 فيفري 2025"), not a sentence that opens with the
    label ("نشر في 2019 كتابه الأول"): what follows the label reads as a whole date."""
    labelled = _DATE_LABEL.match(key)
    if labelled and _CLOCK_ONLY.match(key[labelled.end() :]):
        return True  # "آخر تحديث 16:40 بتوقيت باكو": the day is the page's, the clock said
    on = _ON_DATE.match(key)
    if on:
        return is_bare_date(key[on.end() :])
    return bool(_DATE_LABEL.search(key)) and parse_date(key) is not None


# The terms on which the page may be republished, closing it: "يمكن للمشتركين في نظام تدفق
# الأخبار لوكالة الأناضول نشر جزء من الأخبار … شريطة ذكر المصدر", "يسمح بإعادة نشر المواد مع
# ذكر المصدر", "Subscribers may republish … provided the source is credited", "Reproduction
# autorisée … en citant la source": a permission or a ban, what may be published, and on
# condition of naming the source; the verb's subject none (not "يحظر القانون نشر …"), or
# those allowed ("للمشتركين"). Only at the end, and said by no one ("…، وفق القرار").
_REPUBLISHING_TERMS = re.compile(
    fold(
        r"^(?:لا\s+)?(?:يمكن|يسمح|يحق|يجوز|يمنع|يحظر|يرجي|نرجو|نسمح)\s+(?:منعا باتا\s+)?"
        r"(?:ل\S*\s.{0,80}?)?(?:ب|ل)?(?:ال)?(?:نشر|اعاده|نقل|اقتباس)\b.{0,100}?\b(?:شريطه|بشرط|شرط|مع|دون|بدون|عند)\s+"
        r"(?:ذكر|الاشاره (?:الي|ل)|الاحاله (?:الي|ل))\s*(?:ال)?مصدر"
    )
    + r"|\b(?:may|can|are allowed to|is allowed to) (?:be )?(?:re)?(?:publish|reproduc)\w*\b"
    r".{0,120}\b(?:provided|on condition|as long as|with)\b.{0,60}\b(?:source|credit|attribut)"
    r"|\b(?:reproduction|(?:re)?publication)\b.{0,80}\b(?:autoris|permis)\w*\b.{0,80}"
    r"\b(?:en citant|à condition|sous réserve)\b.{0,40}\bsource",
    re.IGNORECASE,
)


def _republishing_terms(line: str) -> bool:
    key = _N(line)
    return (
        len(key.split()) <= NOTICE_WORDS
        and not _REPORTED.search(key)
        and bool(_REPUBLISHING_TERMS.search(key))
    )


def clean_lines(lines: list[str], title: str | None = None, h1: str | None = None) -> list[str]:
    """Keep body paragraphs in order; stop at the first end marker that opens something
    (_ends_here). The headline again is chrome (h1: the page's h1, which may hold a kicker
    before it); so, before the first real paragraph, are one-to-three-word crumbs
    ("الرئيسية") and a line that is only a date."""
    kept: list[str] = []
    headlines = _headline_keys(title)
    whole_title = _headline_key(title or "") or None  # a part may be a line of text
    kicked = _kicked(_headline_key(h1 or ""), headlines - {""})
    started = False
    dateline = ""
    lines = [" ".join(raw.split()) for raw in lines]
    chronology = _chronology(lines)
    for i, line in enumerate(lines):
        if not line:
            continue
        if is_end_marker(line):
            if cuts_text(line) or _ends_here(lines[i + 1 :]):
                break
            continue  # a stray label: its box (links, a video) is gone, the text goes on
        if started and opens_comments(line) and _comments_follow(line, lines[i + 1 :]):
            break
        line = without_read_also(line)
        if not line or is_boilerplate(line):
            continue
        words = len(line.split())
        if not started and DATELINE.match(line):
            # "سرايا -" in an element of its own: trafilatura gives it a line; it opens the body.
            dateline = line + " "
            continue
        if is_bare_date(line) and not (started and chronology):
            continue  # the page's date, wherever trafilatura put it: never text
        if len(kept) < SOURCE_LINE_AT and dated_source(line) is not None:
            continue  # "Marwa Al-Assar , Thursday 3 Dec 2026" above the body: its byline
        key = _headline_key(line)
        if key in (whole_title, kicked) or (not started and key in headlines):
            continue  # the headline again: anywhere whole (after a flash's one sentence)
        if _labelled(key, whole_title):
            continue  # the headline with the h1's label ("بالصور | …"), which the title drops
        if not started and words <= LEADING_CRUMB_WORDS:
            continue
        started = started or words >= 6
        kept.append(dateline + line)
        dateline = ""
    while kept and _republishing_terms(kept[-1]):
        kept.pop()  # the page's terms, after the story
    return kept


def repeats_headline(line: str, title: str | None, h1: str | None = None) -> bool:
    """The line is the headline again, as clean_lines reads one before the text begins:
    the title or its part that is not the site's name, the h1 with its kicker, or the
    headline with a label before it."""
    key = _headline_key(line)
    if not key:
        return False
    headlines = _headline_keys(title) - {""}
    return (
        key in headlines
        or key == _kicked(_headline_key(h1 or ""), headlines)
        or _labelled(key, _headline_key(title or "") or None)
    )


def _headline_keys(title: str | None) -> set[str]:
    """The headline again: the title, or its part that is not the site's name."""
    return {_headline_key(t) for t in [title or "", *title_parts(title or "")]}


# Quotation marks a headline may carry in one place and not another (the h1's
# '"شعر وردي يُشعل السخرية"… لغز …', the <title>'s without them).
_QUOTES = str.maketrans("", "", "\"'«»“”„‘’‹›")


def _headline_key(line: str) -> str:
    """The line's words, normalized, without quotation marks: compared with the headline."""
    return " ".join(_N(line).translate(_QUOTES).split())


# A label an h1 sets before its headline: "بالصور", "إنفوجراف", "فيديو", "حوار خاص".
LABEL_WORDS = 3
_LABEL_SEPARATORS = "|-–—•"  # not ":": "وأضاف نتنياهو: <the headline>" is a quote


def _labelled(key: str, title: str | None) -> bool:
    """The line is the headline with a label and a separator before it."""
    if not title or key == title or not key.endswith(title):
        return False
    before = key[: -len(title)].rstrip()
    label = before.rstrip(_LABEL_SEPARATORS).strip()
    return before != label and 0 < len(label.split()) <= LABEL_WORDS


def _kicked(h1: str, headlines: set[str]) -> str | None:
    """The h1's line when it is a headline with a kicker before it, in the h1's own markup
    ("<h1><span class='kicker'>خاص</span> …</h1>": "خاص …", "فيديو …", "حصري …"), which the
    title leaves out: the headline again. No separator needed, unlike _labelled: the h1 says
    the words are its own."""
    for headline in headlines:
        kicker = h1[: -len(headline)] if h1.endswith(f" {headline}") else ""
        if 0 < len(kicker.split()) <= LABEL_WORDS:
            return h1
    return None


def _chronology(lines: list[str]) -> bool:
    """Dates that head paragraphs, again and again: a timeline's, which are its text. Dates
    over headlines (other stories' teasers) are not."""
    heads, following = 0, ""
    for line in reversed(lines):  # each line read with the one after it
        if not line:
            continue
        if is_bare_date(line):
            heads += _event(following)
        following = line
    return heads >= CHRONOLOGY_DATES


def _event(line: str) -> bool:
    """A timeline's entry under its date: a sentence, however short ("بدء الاجتياح البري."),
    or a paragraph; not a headline (no sentence's end) nor another date."""
    return bool(line) and not is_bare_date(line) and bool(_SENTENCE_END.search(line) or _body(line))


LEADING_CRUMB_WORDS = 3
# A writer's or a source's line and its date stands above the body: before its first lines
# (a lead may come first).
SOURCE_LINE_AT = 2
CHRONOLOGY_DATES = 3
# A line this long, or this long and ending a sentence, is a body paragraph, not a headline.
BODY_WORDS = 25
SENTENCE_WORDS = 12
# A sentence's end; "..." or "…" ends a teaser's excerpt instead.
_SENTENCE_END = re.compile(r"(?<!\.)[.!?؟]['\"»”)]*$")
TEASER_END = re.compile(r"(?:\.\.|…)['\"»”)]*$")
# The labels that may stand alone in the text once their box is gone ("اقرأ أيضا" above links
# that went with it, "شاهد أيضا" above a video, "ذات صلة:" and "للمزيد:" above one link); a
# list's heading ("مقالات ذات صلة") ends it.
_READ_ALSO = re.compile(
    _N(
        r"^(?:اقرا|إقرا|طالع|شاهد) ايضا|^ذات صله|^للمزيد"
        r"|^read also|^also read|^(?:(?:a|à) )?lire aussi|^voir aussi"
    )
    + f"|^(?:{_READ_ALSO_LABEL})"
)


def _is_read_also(line: str) -> bool:
    return bool(_READ_ALSO.match(_N(line.strip(" \t-–—•*|"))))


def cuts_text(line: str) -> bool:
    """An end marker the text ends at wherever it stands ("أخبار ذات صلة", "Related"): not
    a read-also label, which may be a box's that left nothing behind in the text."""
    return is_end_marker(line) and not _is_read_also(line)


def _ends_here(rest: list[str]) -> bool:
    """An end marker ends the text unless a body paragraph follows it at once: then it was
    the label of a box that left nothing behind (its links dropped, a video), in the middle
    of the text. After a real box comes a headline (an aggregator's next story, a related
    list) or a teaser's excerpt ("…"), or nothing. A paragraph that opens as a continuation
    ("وأضاف ...", "من جهته ...") is body whatever its length or ending."""
    following = next((line for line in rest if line and not is_boilerplate(line)), None)
    if following is None or is_end_marker(following):
        return True
    if goes_on(following):
        return False
    return bool(TEASER_END.search(following)) or not _body(following)


def _comments_follow(heading: str, rest: list[str]) -> bool:
    """Do the readers' comments follow this heading? Yes with a count ("التعليقات (2)");
    a bare one is a subheading of the story ("تعليقات" on reactions, "Comments" in a review)
    when story paragraphs follow it at once, with no commenter's date among them."""
    if any(c.isdigit() for c in heading) or _READERS.search(_N(heading)):
        return True  # counted, or named the readers'
    following = [line for line in rest if line and not is_boilerplate(line)][:COMMENT_LOOKAHEAD]
    if len(following) < 2 or any(_CLOCK.search(line) or is_bare_date(line) for line in following):
        return True
    return not all(_body(line) for line in following[:2])


COMMENT_LOOKAHEAD = 4
_READERS = re.compile(_N(r"القراء|الزوار|readers|lecteurs"))


def goes_on(line: str) -> bool:
    """The line opens as a paragraph that goes on from the one before it (_GOES_ON)."""
    return bool(_GOES_ON.match(_N(line)))


def _body(line: str) -> bool:
    """Long enough, or a sentence long enough, to be a body paragraph, not a headline."""
    words = len(line.split())
    ends = _SENTENCE_END.search(line) or TEASER_END.search(line)
    return words >= BODY_WORDS or (words >= SENTENCE_WORDS and bool(ends))


# How a paragraph that goes on from the one before it opens: "و" with a verb of saying or a
# particle (not "وزير", "وزارة", "واشنطن": headlines open with those), or a connective phrase.
_GOES_ON = re.compile(
    _N(
        r"^(?:و(?:قال|قالت|اضاف|أضاف|أضافت|أوضح|أوضحت|أشار|أشارت|أكد|أكدت|تابع|تابعت|ختم|ختمت"
        r"|لفت|لفتت|بين|بينت|شدد|شددت|اعتبر|اعتبرت|ذكر|ذكرت|نقل|نقلت|أعرب|أعربت|جاء|كان|كانت"
        r"|في|من|على|مع|عن|إلى|بعد|قبل|منذ|خلال|بحسب|حسب|وفق|وفقا|يذكر|يشار|تأتي|يأتي|لم|لا|قد"
        r"|لكن|لكنه|إذ|أما|كذلك|هذا|هذه|ذلك|تلك|هو|هي|بدوره|بدورها)"
        r"|كما|من جهته|من جهتها|من جانبه|من جانبها|في المقابل|في غضون ذلك|إلى ذلك|يذكر أن"
        r"|يشار إلى|بدوره|بدورها|وتجدر الإشارة)\b"
    )
)


# "... نهاية الفقرة. اقرأ أيضا: عنوان خبر آخر": a read-also link run into a paragraph's end.
_READ_ALSO_TAIL = re.compile(
    r"\s[(\[]?\s*(?:[اإأ]قر[أا]|شاهد|طالع)[\u064B-\u0652\u0640]*\s+[اأإ]يض[\u064B-\u0652\u0640]*ا?"
    r"[\u064B-\u0652\u0640]*\s*[:：]\s*(?P<headline>[^.!?؟]*)$"
)
READ_ALSO_WORDS = 20


def without_read_also(line: str) -> str:
    """The line without a read-also headline run into its end (one that is a whole line is
    boilerplate, _ANYWHERE)."""
    match = _READ_ALSO_TAIL.search(line)
    if match is None or len(match["headline"].split()) > READ_ALSO_WORDS:
        return line
    return line[: match.start()].rstrip()
