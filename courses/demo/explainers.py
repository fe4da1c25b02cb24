"""Seeds the public side: explainers in Einfache Sprache, their translations, Leichte Sprache and DGS pages."""

import datetime

from wagtail.models import Site
from wagtail_localize.strings import StringValue

from ..models import (
    EasyLanguagePage,
    ExplainerIndexPage,
    ExplainerPage,
    PublicServiceSettings,
    SignLanguagePage,
)
from .media import ensure_demo_video, steps_video_spec
from .tree import MissingTranslation, child_with_slug, ensure_child, translate

TRANSLATED_LANGUAGES = ["en", "ar", "tr", "uk", "ru", "fa"]

CONTACT = {
    "address": "Musterstraße 1\n12345 Musterstadt",
    "opening_hours": "Montag bis Freitag: 8 bis 12 Uhr\nDonnerstag auch: 14 bis 18 Uhr",
    "phone": "01234 5678-0",
}

INDEX = {
    "title": "Erklärt",
    "intro": "Hier erklären wir Schritt für Schritt, wie Sie die Online-Dienste des Jobcenters nutzen. "
    "Mit Videos, in mehreren Sprachen, in Leichter Sprache und in Gebärdensprache.",
}

OFFLINE_TITLE = "Kein Computer? So bekommen Sie Hilfe vor Ort"

# "video" is the file name of the explainer's captioned demo video, made from its steps by the seed.
EXPLAINERS = [
    {
        "slug": "buergergeld-online-beantragen",
        "video": "buergergeld-online",
        "easy": "buergergeld-beantragen",
        "tags": ["Antrag", "Bürgergeld", "Online-Portal"],
        "reviewed_at": datetime.date(2026, 11, 2),
        "title": "Bürgergeld online beantragen – Schritt für Schritt",
        "lead": "Sie können Bürgergeld im Internet beantragen. Das geht am Computer oder mit dem Smartphone. "
        "Sie müssen dafür nicht ins Jobcenter kommen.",
        "steps": [
            (
                "Konto anlegen",
                "Öffnen Sie das Online-Portal des Jobcenters. Legen Sie dort ein Konto an. "
                "Dafür brauchen Sie eine E-Mail-Adresse.",
            ),
            ("Antrag auswählen", "Melden Sie sich mit Ihrem Konto an. Wählen Sie „Bürgergeld beantragen“."),
            (
                "Fragen beantworten",
                "Beantworten Sie die Fragen zu sich und zu allen Personen, die mit Ihnen zusammenleben. "
                "Sie können zwischendurch speichern und später weitermachen.",
            ),
            (
                "Unterlagen hochladen",
                "Laden Sie Ihre Unterlagen hoch. Ein Foto mit dem Smartphone reicht, "
                "wenn man alles gut lesen kann.",
            ),
            (
                "Antrag absenden",
                "Prüfen Sie Ihre Angaben und senden Sie den Antrag ab. Sie bekommen eine Bestätigung. "
                "Heben Sie diese gut auf.",
            ),
        ],
        "checklist": [
            "Personalausweis oder Reisepass",
            "Mietvertrag und die letzte Abrechnung der Nebenkosten",
            "Kontoauszüge der letzten drei Monate",
            "Nachweise über Ihr Einkommen, zum Beispiel Lohnabrechnungen",
            "Bescheide über andere Leistungen, zum Beispiel Kindergeld oder Wohngeld",
            "Name Ihrer Krankenkasse",
        ],
        "offline_text": "Sie können den Antrag auch auf Papier stellen. Im Jobcenter helfen wir Ihnen beim "
        "Ausfüllen. Bringen Sie Ihre Unterlagen mit.",
    },
    {
        "slug": "weiterbewilligung-online-beantragen",
        "video": "weiterbewilligung-online",
        "easy": "weiterbewilligung",
        "tags": ["Antrag", "Bürgergeld", "Online-Portal"],
        "reviewed_at": datetime.date(2026, 11, 2),
        "title": "Weiterbewilligung online beantragen",
        "lead": "Bürgergeld bekommen Sie immer für eine bestimmte Zeit. Danach brauchen Sie einen neuen Antrag: "
        "den Weiterbewilligungsantrag. Diesen Antrag können Sie online stellen.",
        "steps": [
            (
                "Auf das Datum achten",
                "In Ihrem Bescheid steht, bis wann Sie Bürgergeld bekommen. "
                "Stellen Sie den neuen Antrag etwa einen Monat vor diesem Tag.",
            ),
            (
                "Im Portal anmelden",
                "Melden Sie sich im Online-Portal an. Wählen Sie „Weiterbewilligung beantragen“.",
            ),
            (
                "Änderungen angeben",
                "Geben Sie an, was sich geändert hat, zum Beispiel Ihr Einkommen, Ihre Miete oder wer bei "
                "Ihnen wohnt. Hat sich nichts geändert? Dann kreuzen Sie das an.",
            ),
            ("Nachweise hochladen", "Laden Sie Nachweise nur für das hoch, was sich geändert hat."),
            ("Antrag absenden", "Senden Sie den Antrag ab. Heben Sie die Bestätigung auf."),
        ],
        "checklist": [
            "Ihr letzter Bewilligungsbescheid",
            "Kontoauszüge der letzten drei Monate",
            "Nachweise über Änderungen, zum Beispiel eine neue Lohnabrechnung oder eine Mieterhöhung",
        ],
        "offline_text": "Sie können den Weiterbewilligungsantrag auch auf Papier abgeben. Das Formular bekommen "
        "Sie im Jobcenter. Auf Wunsch schicken wir es Ihnen auch zu.",
    },
    {
        "slug": "aenderungen-mitteilen",
        "video": "aenderungen-mitteilen",
        "tags": ["Bürgergeld", "Online-Portal", "Unterlagen"],
        "reviewed_at": datetime.date(2026, 10, 20),
        "title": "Änderungen mitteilen",
        "lead": "Wenn sich bei Ihnen etwas ändert, sagen Sie es bitte sofort dem Jobcenter. Das geht online. "
        "So bekommen Sie das richtige Geld und müssen später nichts zurückzahlen.",
        "steps": [
            ("Im Portal anmelden", "Melden Sie sich im Online-Portal an."),
            (
                "Änderung auswählen",
                "Wählen Sie aus, was sich geändert hat. Zum Beispiel: eine neue Arbeit, eine neue Wohnung, "
                "ein Baby, oder jemand zieht bei Ihnen ein oder aus.",
            ),
            ("Angaben machen", "Schreiben Sie, was sich geändert hat und seit wann."),
            (
                "Nachweis hochladen und absenden",
                "Laden Sie einen Nachweis hoch, zum Beispiel Ihren Arbeitsvertrag. "
                "Senden Sie die Mitteilung dann ab.",
            ),
        ],
        "checklist": [
            "Ein Nachweis über die Änderung, zum Beispiel Arbeitsvertrag, Mietvertrag oder Geburtsurkunde",
            "Das Datum, seit dem sich etwas geändert hat",
        ],
        "offline_text": "Sie können Änderungen auch mit der Post schicken oder im Jobcenter abgeben. Schreiben "
        "Sie immer Ihre Nummer der Bedarfsgemeinschaft dazu. Sie steht oben in Ihrem Bescheid.",
    },
    {
        "slug": "unterlagen-hochladen",
        "video": "unterlagen-hochladen",
        "tags": ["Unterlagen", "Online-Portal"],
        "reviewed_at": datetime.date(2026, 10, 20),
        "title": "Unterlagen mit dem Smartphone hochladen",
        "lead": "Sie müssen Unterlagen nicht mit der Post schicken. Sie können sie mit dem Smartphone "
        "fotografieren und hochladen.",
        "steps": [
            (
                "Für gutes Licht sorgen",
                "Legen Sie das Blatt auf einen dunklen Tisch. Sorgen Sie für helles Licht ohne Schatten.",
            ),
            (
                "Foto machen",
                "Fotografieren Sie das ganze Blatt von oben. Alle vier Ecken müssen zu sehen sein. "
                "Die Schrift muss gut lesbar sein.",
            ),
            (
                "Im Portal hochladen",
                "Melden Sie sich im Online-Portal an. Wählen Sie „Unterlagen hochladen“. "
                "Wählen Sie dann das Foto aus.",
            ),
            ("Alle Seiten hochladen", "Hat ein Dokument mehrere Seiten? Dann laden Sie jede Seite hoch."),
            (
                "Bestätigung abwarten",
                "Sie sehen eine Bestätigung. Erst dann ist das Dokument beim Jobcenter angekommen.",
            ),
        ],
        "checklist": [
            "Ein Smartphone mit Kamera",
            "Ihre Zugangsdaten für das Online-Portal",
            "Die Unterlagen, die das Jobcenter von Ihnen braucht",
        ],
        "offline_text": "Sie können Unterlagen auch in den Briefkasten des Jobcenters werfen oder am Empfang "
        "abgeben. Geben Sie keine Originale ab, nur Kopien.",
    },
    {
        "slug": "postfach-bescheide-online",
        "video": "postfach",
        "tags": ["Postfach", "Online-Portal"],
        "reviewed_at": datetime.date(2026, 9, 15),
        "title": "Ihr Postfach: Bescheide online erhalten",
        "lead": "Im Online-Portal haben Sie ein Postfach. Dort lesen Sie Briefe und Bescheide vom Jobcenter. "
        "Sie bekommen sie so schneller als mit der Post.",
        "steps": [
            (
                "Postfach einschalten",
                "Melden Sie sich im Online-Portal an. Stimmen Sie zu, dass Sie Bescheide online bekommen.",
            ),
            (
                "Auf die E-Mail achten",
                "Ist ein neuer Brief da, bekommen Sie eine E-Mail. In der E-Mail steht nur ein Hinweis. "
                "Der Brief selbst liegt im Postfach.",
            ),
            (
                "Brief lesen",
                "Öffnen Sie das Postfach und lesen Sie den Brief. Sie können ihn speichern oder ausdrucken.",
            ),
            (
                "Fristen beachten",
                "Auch für einen Bescheid im Postfach gelten Fristen. Schauen Sie deshalb regelmäßig nach.",
            ),
        ],
        "checklist": ["Eine E-Mail-Adresse", "Ihre Zugangsdaten für das Online-Portal"],
        "offline_text": "Sie möchten lieber Briefe auf Papier? Dann sagen Sie es uns. "
        "Sie können das jederzeit ändern.",
    },
    {
        "slug": "videoberatung",
        "video": "videoberatung",
        "tags": ["Termin", "Online-Portal"],
        "reviewed_at": datetime.date(2026, 9, 15),
        "title": "Videoberatung: So läuft Ihr Termin per Video",
        "lead": "Manche Termine können Sie per Video machen. Sie sprechen dann mit Ihrer Ansprechperson, "
        "ohne ins Jobcenter zu kommen.",
        "steps": [
            ("Termin vereinbaren", "Fragen Sie Ihre Ansprechperson, ob ein Termin per Video möglich ist."),
            (
                "Link bekommen",
                "Sie bekommen einen Link per E-Mail oder in Ihr Postfach. "
                "Sie müssen kein Programm installieren.",
            ),
            (
                "Technik testen",
                "Testen Sie vorher Kamera, Mikrofon und Lautsprecher. Suchen Sie sich einen ruhigen Ort.",
            ),
            (
                "Termin beginnen",
                "Klicken Sie kurz vor dem Termin auf den Link. Halten Sie Ihren Ausweis bereit. "
                "Ihre Ansprechperson fragt danach.",
            ),
        ],
        "checklist": [
            "Smartphone, Tablet oder Computer mit Kamera und Mikrofon",
            "Eine stabile Internetverbindung",
            "Ihr Ausweis",
            "Die Unterlagen, über die Sie sprechen möchten",
        ],
        "offline_text": "Sie möchten lieber persönlich kommen oder telefonieren? Das ist kein Problem. "
        "Sagen Sie es Ihrer Ansprechperson.",
    },
    {
        "slug": "hilfe-ohne-computer",
        "video": "hilfe-vor-ort",
        "tags": ["Hilfe vor Ort", "Unterlagen"],
        "reviewed_at": datetime.date(2026, 11, 2),
        "title": "Kein Computer? Hier bekommen Sie Hilfe",
        "lead": "Sie haben keinen Computer oder kein Internet? Sie kommen mit dem Online-Portal nicht zurecht? "
        "Wir helfen Ihnen.",
        "steps": [
            (
                "Ins Jobcenter kommen",
                "Im Eingangsbereich stehen Computer für Sie. Dort können Sie Anträge stellen "
                "und Unterlagen hochladen.",
            ),
            ("Hilfe bekommen", "Unsere Mitarbeitenden zeigen Ihnen, wie es geht. Fragen Sie einfach."),
            (
                "Unterlagen einscannen lassen",
                "Wir scannen Ihre Unterlagen für Sie ein. Sie bekommen Ihre Papiere sofort zurück.",
            ),
            (
                "Hilfe in der Nähe finden",
                "Auch Stadtbibliotheken und Beratungsstellen haben Computer und helfen beim Ausfüllen.",
            ),
        ],
        "checklist": [
            "Ihr Ausweis",
            "Ihre Unterlagen",
            "Wenn Sie schon eines haben: die Zugangsdaten für das Online-Portal",
        ],
        "offline_text": "Sie können uns auch anrufen. Wir beantworten Ihre Fragen am Telefon.",
    },
]

# Leichte Sprache (Netzwerk Leichte Sprache): one statement per sentence, a middle dot in long compounds,
# every hard word explained. Each paragraph line is one sentence.
EASY_START = {
    "slug": "leichte-sprache",
    "title": "Leichte Sprache",
    "intro": "Hier finden Sie Infos in Leichter Sprache.",
    "body": [
        ("paragraph", "Das ist die Internet·seite vom Jobcenter Musterkreis.\nDas Jobcenter hilft Menschen.\n"
                      "Zum Beispiel Menschen ohne Arbeit.\nOder Menschen mit wenig Geld."),
        ("paragraph", "Auf dieser Internet·seite erklären wir:\nSo stellen Sie einen Antrag im Internet.\n"
                      "So schicken Sie Papiere an das Jobcenter."),
        ("explanation", {"word": "Antrag", "meaning": "Mit einem Antrag sagen Sie:\nIch möchte etwas haben.\n"
                                                     "Zum Beispiel Geld vom Jobcenter."}),
        ("paragraph", "So finden Sie sich zurecht:\nOben auf jeder Seite ist ein Menü.\nDort steht: Erklärt.\n"
                      "Dort finden Sie alle Erklärungen."),
        ("paragraph", "Sie können etwas auf der Internet·seite nicht lesen?\nOder Sie finden einen Fehler?\n"
                      "Dann sagen Sie es uns.\nAuf der Seite Barriere·freiheit gibt es dafür ein Formular."),
        ("paragraph", "Hier sind unsere Texte in Leichter Sprache:"),
    ],
}  # fmt: skip

EASY_TEXTS = {
    "buergergeld-beantragen": {
        "title": "Bürger·geld im Internet beantragen",
        "intro": "Sie brauchen Geld vom Jobcenter?\nDann können Sie einen Antrag im Internet stellen.",
        "body": [
            ("explanation", {"word": "Bürger·geld", "meaning": "Bürger·geld ist Geld vom Jobcenter.\n"
                             "Das Geld ist für Menschen mit wenig Geld.\nMit dem Geld bezahlen Sie zum Beispiel:\n"
                             "Essen.\nKleidung.\nMiete."}),
            ("paragraph", "Sie möchten Bürger·geld bekommen?\nDann müssen Sie einen Antrag stellen.\n"
                          "Das geht im Internet."),
            ("paragraph", "So geht es:"),
            ("list", ["Sie gehen im Internet auf die Seite vom Jobcenter.", "Sie machen dort ein Konto.",
                      "Für das Konto brauchen Sie eine E-Mail-Adresse.", "Sie beantworten die Fragen.",
                      "Sie machen Fotos von Ihren Papieren.", "Sie schicken die Fotos mit.",
                      "Sie schicken den Antrag ab."]),
            ("explanation", {"word": "Konto", "meaning": "Ein Konto ist hier Ihr eigener Bereich im Internet.\n"
                             "Nur Sie kommen in diesen Bereich.\nDafür brauchen Sie ein Pass·wort."}),
            ("paragraph", "Welche Papiere brauchen Sie?\nZum Beispiel diese Papiere:"),
            ("list", ["Ihren Ausweis.", "Ihren Miet·vertrag.", "Ihre Konto·auszüge von der Bank."]),
            ("paragraph", "Sie haben keinen Computer?\nOder Sie brauchen Hilfe?\nDann kommen Sie zum Jobcenter.\n"
                          "Wir helfen Ihnen."),
        ],
    },
    "weiterbewilligung": {
        "title": "Weiter·bewilligung: Noch einmal Bürger·geld beantragen",
        "intro": "Sie bekommen schon Bürger·geld?\nDann müssen Sie nach einiger Zeit einen neuen Antrag stellen.",
        "body": [
            ("explanation", {"word": "Weiter·bewilligung", "meaning": "Weiter·bewilligung bedeutet:\n"
                             "Sie bekommen weiter Bürger·geld.\nDafür müssen Sie einen neuen Antrag stellen."}),
            ("explanation", {"word": "Bescheid", "meaning": "Ein Bescheid ist ein wichtiger Brief vom Jobcenter.\n"
                             "In dem Brief steht zum Beispiel:\nSo viel Geld bekommen Sie."}),
            ("paragraph", "Sie bekommen Bürger·geld nur für eine bestimmte Zeit.\nMeistens für 1 Jahr.\n"
                          "In Ihrem Bescheid steht ein Tag.\nBis zu diesem Tag bekommen Sie Bürger·geld."),
            ("paragraph", "Stellen Sie den neuen Antrag früh genug.\nAm besten 1 Monat vor diesem Tag."),
            ("paragraph", "So geht es:"),
            ("list", ["Sie gehen im Internet auf die Seite vom Jobcenter.", "Sie melden sich mit Ihrem Konto an.",
                      "Sie wählen: Weiter·bewilligung.", "Sie schreiben: Das ist jetzt anders.",
                      "Zum Beispiel: Sie haben eine neue Arbeit.", "Ist nichts anders? Dann kreuzen Sie das an.",
                      "Sie schicken den Antrag ab."]),
            ("paragraph", "Sie brauchen Hilfe?\nDann kommen Sie zum Jobcenter.\nWir helfen Ihnen."),
        ],
    },
}  # fmt: skip

SIGN_LANGUAGE_START = {
    "slug": "gebaerdensprache",
    "title": "Gebärdensprache",
    "video": "dgs-startseite",
    "text": "In diesem Video erklären wir in Deutscher Gebärdensprache (DGS), was Sie auf dieser Internetseite "
    "finden und wie Sie das Jobcenter erreichen.",
}

# No sign-language interpreter has recorded the DGS video yet: the demo says so openly.
SIGN_LANGUAGE_VIDEO = steps_video_spec(
    "Platzhalter: Video in Deutscher Gebärdensprache",
    "Hier zeigen wir bald ein Video in Deutscher Gebärdensprache. Bis dahin erklären wir in Schrift, "
    "was Sie auf dieser Internetseite finden.",
    [
        ("Erklärungen", "Unter „Erklärt“ zeigen wir Schritt für Schritt, wie Sie Anträge online stellen."),
        ("Hilfe vor Ort", "Sie können ohne Termin ins Jobcenter kommen. Wir helfen Ihnen am Computer."),
        ("Dolmetschen", "Für Ihren Termin bestellen wir auf Wunsch eine Dolmetscherin für Gebärdensprache."),
    ],
)

# The translations: each entry mirrors its German entry above (same order of steps and checklist items).
TRANSLATIONS = {
    "en": {
        "offline_title": "No computer? How to get help in person",
        "index": {
            "title": "Explained",
            "intro": "Here we explain step by step how to use the job centre's online services. With videos, "
            "in several languages, in Easy German (Leichte Sprache) and in German Sign Language.",
        },
        "buergergeld-online-beantragen": {
            "title": "Applying for citizen's benefit (Bürgergeld) online – step by step",
            "lead": "You can apply for Bürgergeld on the internet, on a computer or on a smartphone. "
            "You do not need to come to the job centre for this.",
            "steps": [
                (
                    "Create an account",
                    "Open the job centre's online portal and create an account there. "
                    "You need an e-mail address for this.",
                ),
                (
                    "Choose the application",
                    "Sign in with your account. Choose “Bürgergeld beantragen” (apply for Bürgergeld).",
                ),
                (
                    "Answer the questions",
                    "Answer the questions about yourself and everyone who lives with you. "
                    "You can save in between and continue later.",
                ),
                (
                    "Upload your documents",
                    "Upload your documents. A photo taken with your smartphone is enough "
                    "if everything is easy to read.",
                ),
                (
                    "Send the application",
                    "Check your details and send the application. You will receive a confirmation. "
                    "Keep it in a safe place.",
                ),
            ],
            "checklist": [
                "Identity card or passport",
                "Tenancy agreement and the latest statement of service charges",
                "Bank statements for the last three months",
                "Proof of your income, for example payslips",
                "Decisions about other benefits, for example child benefit (Kindergeld) "
                "or housing benefit (Wohngeld)",
                "Name of your health insurance fund",
            ],
            "offline_text": "You can also apply on paper. At the job centre we will help you fill in the form. "
            "Please bring your documents.",
        },
        "weiterbewilligung-online-beantragen": {
            "title": "Applying online for continued payment (Weiterbewilligung)",
            "lead": "Bürgergeld is always granted for a fixed period. After that you need a new application: "
            "the application for continued payment (Weiterbewilligungsantrag). You can submit it online.",
            "steps": [
                (
                    "Keep an eye on the date",
                    "Your decision letter (Bescheid) says until when you receive Bürgergeld. "
                    "Submit the new application about one month before that day.",
                ),
                (
                    "Sign in to the portal",
                    "Sign in to the online portal. Choose “Weiterbewilligung beantragen” "
                    "(apply for continued payment).",
                ),
                (
                    "Tell us what has changed",
                    "State what has changed, for example your income, your rent or who lives with you. "
                    "Nothing has changed? Then tick that box.",
                ),
                ("Upload proof", "Upload proof only for what has changed."),
                ("Send the application", "Send the application. Keep the confirmation."),
            ],
            "checklist": [
                "Your latest decision letter granting benefits (Bewilligungsbescheid)",
                "Bank statements for the last three months",
                "Proof of changes, for example a new payslip or a rent increase",
            ],
            "offline_text": "You can also hand in the application for continued payment on paper. You can get the "
            "form at the job centre. If you wish, we will also send it to you.",
        },
        "aenderungen-mitteilen": {
            "title": "Reporting changes",
            "lead": "If something changes in your life, please tell the job centre straight away. You can do "
            "this online. This way you receive the right amount of money and will not have to pay anything "
            "back later.",
            "steps": [
                ("Sign in to the portal", "Sign in to the online portal."),
                (
                    "Choose the change",
                    "Choose what has changed. For example: a new job, a new flat, a baby, "
                    "or someone moving in with you or moving out.",
                ),
                ("Give the details", "Write what has changed and since when."),
                (
                    "Upload proof and send",
                    "Upload proof, for example your employment contract. Then send the notification.",
                ),
            ],
            "checklist": [
                "Proof of the change, for example an employment contract, a tenancy agreement "
                "or a birth certificate",
                "The date from which something has changed",
            ],
            "offline_text": "You can also send changes by post or hand them in at the job centre. Always add your "
            "benefit household number (Nummer der Bedarfsgemeinschaft). You will find it at the top of your "
            "decision letter.",
        },
    },
    "ar": {
        "offline_title": "ليس لديك حاسوب؟ هكذا تحصل على المساعدة حضوريًا",
        "index": {
            "title": "شروحات",
            "intro": "هنا نشرح خطوة بخطوة كيف تستخدم الخدمات الإلكترونية لمركز العمل. مع مقاطع فيديو، وبعدة "
            "لغات، وبالألمانية المبسطة (Leichte Sprache) وبلغة الإشارة الألمانية.",
        },
        "buergergeld-online-beantragen": {
            "title": "طلب إعانة المواطن (Bürgergeld) عبر الإنترنت – خطوة بخطوة",
            "lead": "يمكنك تقديم طلب إعانة المواطن عبر الإنترنت، من الحاسوب أو من الهاتف الذكي. "
            "لا تحتاج إلى الحضور إلى مركز العمل (Jobcenter) لذلك.",
            "steps": [
                (
                    "إنشاء حساب",
                    "افتح البوابة الإلكترونية لمركز العمل وأنشئ حسابًا فيها. تحتاج لذلك إلى عنوان بريد إلكتروني.",
                ),
                ("اختيار الطلب", "سجّل الدخول بحسابك. اختر «Bürgergeld beantragen» (طلب إعانة المواطن)."),
                (
                    "الإجابة عن الأسئلة",
                    "أجب عن الأسئلة المتعلقة بك وبجميع الأشخاص الذين يعيشون معك. "
                    "يمكنك الحفظ في أي وقت والمتابعة لاحقًا.",
                ),
                ("رفع المستندات", "ارفع مستنداتك. تكفي صورة بالهاتف الذكي إذا كان كل شيء واضحًا ومقروءًا."),
                ("إرسال الطلب", "راجع بياناتك ثم أرسل الطلب. ستصلك رسالة تأكيد. احتفظ بها جيدًا."),
            ],
            "checklist": [
                "بطاقة الهوية أو جواز السفر",
                "عقد الإيجار وآخر كشف حساب لتكاليف السكن الإضافية",
                "كشوف الحساب البنكي لآخر ثلاثة أشهر",
                "إثباتات دخلك، مثل كشوف الراتب",
                "قرارات بشأن مساعدات أخرى، مثل إعانة الأطفال (Kindergeld) أو إعانة السكن (Wohngeld)",
                "اسم شركة التأمين الصحي الخاصة بك",
            ],
            "offline_text": "يمكنك أيضًا تقديم الطلب ورقيًا. في مركز العمل نساعدك في تعبئة الاستمارة. "
            "أحضر مستنداتك معك.",
        },
        "weiterbewilligung-online-beantragen": {
            "title": "طلب استمرار صرف الإعانة (Weiterbewilligung) عبر الإنترنت",
            "lead": "تُمنح إعانة المواطن دائمًا لمدة محددة. بعدها تحتاج إلى طلب جديد: طلب استمرار الصرف "
            "(Weiterbewilligungsantrag). يمكنك تقديم هذا الطلب عبر الإنترنت.",
            "steps": [
                (
                    "انتبه إلى التاريخ",
                    "في قرار الإعانة (Bescheid) مكتوب حتى متى تحصل على إعانة المواطن. "
                    "قدّم الطلب الجديد قبل هذا اليوم بشهر تقريبًا.",
                ),
                (
                    "تسجيل الدخول إلى البوابة",
                    "سجّل الدخول إلى البوابة الإلكترونية. اختر «Weiterbewilligung beantragen» "
                    "(طلب استمرار الصرف).",
                ),
                (
                    "ذكر التغييرات",
                    "اذكر ما الذي تغيّر، مثل دخلك أو إيجارك أو من يسكن معك. لم يتغير شيء؟ ضع علامة على ذلك.",
                ),
                ("رفع الإثباتات", "ارفع الإثباتات فقط لما تغيّر."),
                ("إرسال الطلب", "أرسل الطلب. احتفظ برسالة التأكيد."),
            ],
            "checklist": [
                "آخر قرار بمنح الإعانة (Bewilligungsbescheid)",
                "كشوف الحساب البنكي لآخر ثلاثة أشهر",
                "إثباتات التغييرات، مثل كشف راتب جديد أو زيادة في الإيجار",
            ],
            "offline_text": "يمكنك أيضًا تقديم طلب استمرار الصرف ورقيًا. تحصل على الاستمارة في مركز العمل. "
            "ونرسلها إليك أيضًا إذا رغبت.",
        },
        "aenderungen-mitteilen": {
            "title": "الإبلاغ عن التغييرات",
            "lead": "إذا تغيّر شيء في وضعك، فأبلغ مركز العمل فورًا من فضلك. يمكنك فعل ذلك عبر الإنترنت. "
            "هكذا تحصل على المبلغ الصحيح ولن تضطر إلى إعادة أموال لاحقًا.",
            "steps": [
                ("تسجيل الدخول إلى البوابة", "سجّل الدخول إلى البوابة الإلكترونية."),
                (
                    "اختيار التغيير",
                    "اختر ما الذي تغيّر. مثلًا: عمل جديد، أو سكن جديد، أو ولادة طفل، "
                    "أو انتقال شخص للسكن معك أو خروجه.",
                ),
                ("إدخال البيانات", "اكتب ما الذي تغيّر ومنذ متى."),
                ("رفع الإثبات والإرسال", "ارفع إثباتًا، مثل عقد العمل. ثم أرسل البلاغ."),
            ],
            "checklist": [
                "إثبات للتغيير، مثل عقد العمل أو عقد الإيجار أو شهادة الميلاد",
                "التاريخ الذي حدث منه التغيير",
            ],
            "offline_text": "يمكنك أيضًا إرسال التغييرات بالبريد أو تسليمها في مركز العمل. اكتب دائمًا رقم "
            "مجموعة الاحتياج (Nummer der Bedarfsgemeinschaft). تجده في أعلى قرار الإعانة.",
        },
    },
    "tr": {
        "offline_title": "Bilgisayarınız yok mu? Yerinde nasıl yardım alırsınız",
        "index": {
            "title": "Açıklamalar",
            "intro": "Burada Jobcenter'ın çevrim içi hizmetlerini nasıl kullanacağınızı adım adım açıklıyoruz. "
            "Videolarla, birçok dilde, Kolay Almanca (Leichte Sprache) ve Alman İşaret Dili ile.",
        },
        "buergergeld-online-beantragen": {
            "title": "Vatandaş parası (Bürgergeld) için internetten başvuru – adım adım",
            "lead": "Vatandaş parası için internetten başvurabilirsiniz. Bunu bilgisayardan veya akıllı "
            "telefondan yapabilirsiniz. Bunun için Jobcenter'a gelmeniz gerekmez.",
            "steps": [
                (
                    "Hesap oluşturun",
                    "Jobcenter'ın çevrim içi portalını açın ve orada bir hesap oluşturun. "
                    "Bunun için bir e-posta adresine ihtiyacınız var.",
                ),
                (
                    "Başvuruyu seçin",
                    "Hesabınızla giriş yapın. “Bürgergeld beantragen” (vatandaş parası başvurusu) "
                    "seçeneğini seçin.",
                ),
                (
                    "Soruları yanıtlayın",
                    "Kendiniz ve sizinle birlikte yaşayan herkes hakkındaki soruları yanıtlayın. "
                    "Arada kaydedip daha sonra devam edebilirsiniz.",
                ),
                (
                    "Belgelerinizi yükleyin",
                    "Belgelerinizi yükleyin. Her şey kolayca okunabiliyorsa akıllı telefonla çekilmiş "
                    "bir fotoğraf yeterlidir.",
                ),
                (
                    "Başvuruyu gönderin",
                    "Bilgilerinizi kontrol edin ve başvuruyu gönderin. Bir onay alacaksınız. "
                    "Bu onayı iyi saklayın.",
                ),
            ],
            "checklist": [
                "Kimlik kartı veya pasaport",
                "Kira sözleşmesi ve son yan gider hesap dökümü (Nebenkostenabrechnung)",
                "Son üç aya ait banka hesap dökümleri",
                "Gelirinizi gösteren belgeler, örneğin maaş bordroları",
                "Diğer yardımlarla ilgili kararlar, örneğin çocuk parası (Kindergeld) "
                "veya konut yardımı (Wohngeld)",
                "Sağlık sigortası kurumunuzun adı",
            ],
            "offline_text": "Başvuruyu kâğıt üzerinde de yapabilirsiniz. Jobcenter'da formu doldurmanıza yardım "
            "ediyoruz. Belgelerinizi yanınızda getirin.",
        },
        "weiterbewilligung-online-beantragen": {
            "title": "Devam başvurusunu (Weiterbewilligung) internetten yapın",
            "lead": "Vatandaş parası her zaman belirli bir süre için verilir. Bu sürenin sonunda yeni bir "
            "başvuru gerekir: devam başvurusu (Weiterbewilligungsantrag). Bu başvuruyu internetten "
            "yapabilirsiniz.",
            "steps": [
                (
                    "Tarihe dikkat edin",
                    "Kararınızda (Bescheid) vatandaş parasını ne zamana kadar alacağınız yazar. "
                    "Yeni başvuruyu bu tarihten yaklaşık bir ay önce yapın.",
                ),
                (
                    "Portala giriş yapın",
                    "Çevrim içi portala giriş yapın. “Weiterbewilligung beantragen” (devam başvurusu) "
                    "seçeneğini seçin.",
                ),
                (
                    "Değişiklikleri belirtin",
                    "Nelerin değiştiğini belirtin, örneğin geliriniz, kiranız veya sizinle kimin yaşadığı. "
                    "Hiçbir şey değişmedi mi? O zaman bunu işaretleyin.",
                ),
                ("Belgeleri yükleyin", "Yalnızca değişen konular için belge yükleyin."),
                ("Başvuruyu gönderin", "Başvuruyu gönderin. Onayı saklayın."),
            ],
            "checklist": [
                "Son onay kararınız (Bewilligungsbescheid)",
                "Son üç aya ait banka hesap dökümleri",
                "Değişiklikleri gösteren belgeler, örneğin yeni bir maaş bordrosu veya kira artışı",
            ],
            "offline_text": "Devam başvurusunu kâğıt üzerinde de verebilirsiniz. Formu Jobcenter'dan "
            "alabilirsiniz. İsterseniz size posta ile de göndeririz.",
        },
        "aenderungen-mitteilen": {
            "title": "Değişiklikleri bildirin",
            "lead": "Durumunuzda bir şey değişirse lütfen bunu hemen Jobcenter'a bildirin. Bunu internetten "
            "yapabilirsiniz. Böylece doğru miktarda para alırsınız ve daha sonra geri ödeme yapmanız gerekmez.",
            "steps": [
                ("Portala giriş yapın", "Çevrim içi portala giriş yapın."),
                (
                    "Değişikliği seçin",
                    "Neyin değiştiğini seçin. Örneğin: yeni bir iş, yeni bir ev, bir bebek ya da birinin "
                    "yanınıza taşınması veya evden ayrılması.",
                ),
                ("Bilgileri girin", "Neyin değiştiğini ve ne zamandan beri değiştiğini yazın."),
                (
                    "Belge yükleyin ve gönderin",
                    "Bir belge yükleyin, örneğin iş sözleşmenizi. Ardından bildirimi gönderin.",
                ),
            ],
            "checklist": [
                "Değişikliği gösteren bir belge, örneğin iş sözleşmesi, kira sözleşmesi veya doğum belgesi",
                "Değişikliğin başladığı tarih",
            ],
            "offline_text": "Değişiklikleri posta ile de gönderebilir veya Jobcenter'a teslim edebilirsiniz. Her "
            "zaman ihtiyaç topluluğu numaranızı (Nummer der Bedarfsgemeinschaft) ekleyin. Bu numara kararınızın "
            "üst kısmında yazar.",
        },
    },
    "uk": {
        "offline_title": "Немає комп’ютера? Як отримати допомогу на місці",
        "index": {
            "title": "Пояснення",
            "intro": "Тут ми крок за кроком пояснюємо, як користуватися онлайн-послугами Jobcenter. З відео, "
            "кількома мовами, простою німецькою (Leichte Sprache) та німецькою жестовою мовою.",
        },
        "buergergeld-online-beantragen": {
            "title": "Заява на громадянську допомогу (Bürgergeld) онлайн – крок за кроком",
            "lead": "Ви можете подати заяву на громадянську допомогу через інтернет – з комп’ютера або "
            "смартфона. Для цього не потрібно приходити до Jobcenter.",
            "steps": [
                (
                    "Створіть обліковий запис",
                    "Відкрийте онлайн-портал Jobcenter і створіть там обліковий запис. "
                    "Для цього потрібна адреса електронної пошти.",
                ),
                (
                    "Виберіть заяву",
                    "Увійдіть у свій обліковий запис. Виберіть «Bürgergeld beantragen» "
                    "(подати заяву на громадянську допомогу).",
                ),
                (
                    "Дайте відповіді на запитання",
                    "Дайте відповіді на запитання про себе та про всіх, хто живе разом із вами. "
                    "Ви можете зберегти дані й продовжити пізніше.",
                ),
                (
                    "Завантажте документи",
                    "Завантажте свої документи. Достатньо фото зі смартфона, якщо все добре видно "
                    "й можна прочитати.",
                ),
                (
                    "Надішліть заяву",
                    "Перевірте свої дані й надішліть заяву. Ви отримаєте підтвердження. Збережіть його.",
                ),
            ],
            "checklist": [
                "Посвідчення особи або паспорт",
                "Договір оренди та останній розрахунок додаткових витрат на житло",
                "Виписки з банківського рахунку за останні три місяці",
                "Підтвердження доходу, наприклад розрахункові листки",
                "Рішення про інші виплати, наприклад допомогу на дітей (Kindergeld) "
                "або допомогу на житло (Wohngeld)",
                "Назва вашої лікарняної каси",
            ],
            "offline_text": "Ви також можете подати заяву на папері. У Jobcenter ми допоможемо вам її заповнити. "
            "Візьміть із собою свої документи.",
        },
        "weiterbewilligung-online-beantragen": {
            "title": "Заява на продовження виплат (Weiterbewilligung) онлайн",
            "lead": "Громадянську допомогу завжди призначають на певний строк. Після цього потрібна нова "
            "заява – заява на продовження виплат (Weiterbewilligungsantrag). Її можна подати онлайн.",
            "steps": [
                (
                    "Зверніть увагу на дату",
                    "У вашому рішенні (Bescheid) написано, до якої дати ви отримуєте громадянську допомогу. "
                    "Подайте нову заяву приблизно за місяць до цієї дати.",
                ),
                (
                    "Увійдіть на портал",
                    "Увійдіть на онлайн-портал. Виберіть «Weiterbewilligung beantragen» "
                    "(подати заяву на продовження).",
                ),
                (
                    "Вкажіть зміни",
                    "Вкажіть, що змінилося, наприклад ваш дохід, орендна плата або хто живе з вами. "
                    "Нічого не змінилося? Тоді позначте це.",
                ),
                ("Завантажте підтвердження", "Завантажуйте підтвердження лише щодо того, що змінилося."),
                ("Надішліть заяву", "Надішліть заяву. Збережіть підтвердження."),
            ],
            "checklist": [
                "Ваше останнє рішення про призначення допомоги (Bewilligungsbescheid)",
                "Виписки з банківського рахунку за останні три місяці",
                "Підтвердження змін, наприклад новий розрахунковий листок або підвищення орендної плати",
            ],
            "offline_text": "Заяву на продовження виплат можна подати й на папері. Бланк можна отримати "
            "в Jobcenter. За бажанням ми також надішлемо його вам.",
        },
        "aenderungen-mitteilen": {
            "title": "Повідомити про зміни",
            "lead": "Якщо у вашому житті щось змінюється, будь ласка, одразу повідомте про це Jobcenter. Це "
            "можна зробити онлайн. Так ви отримуватимете правильну суму й пізніше не доведеться нічого "
            "повертати.",
            "steps": [
                ("Увійдіть на портал", "Увійдіть на онлайн-портал."),
                (
                    "Виберіть зміну",
                    "Виберіть, що змінилося. Наприклад: нова робота, нова квартира, народження дитини "
                    "або хтось переїжджає до вас чи виїжджає.",
                ),
                ("Вкажіть дані", "Напишіть, що змінилося і з якого часу."),
                (
                    "Завантажте підтвердження й надішліть",
                    "Завантажте підтвердження, наприклад трудовий договір. Потім надішліть повідомлення.",
                ),
            ],
            "checklist": [
                "Підтвердження зміни, наприклад трудовий договір, договір оренди або свідоцтво про народження",
                "Дата, з якої щось змінилося",
            ],
            "offline_text": "Про зміни можна також повідомити поштою або особисто в Jobcenter. Завжди вказуйте "
            "номер вашої спільноти потреб (Nummer der Bedarfsgemeinschaft). Він написаний угорі вашого "
            "рішення.",
        },
    },
    "ru": {
        "offline_title": "Нет компьютера? Как получить помощь на месте",
        "index": {
            "title": "Объяснения",
            "intro": "Здесь мы шаг за шагом объясняем, как пользоваться онлайн-услугами Jobcenter. С видео, "
            "на нескольких языках, на простом немецком (Leichte Sprache) и на немецком жестовом языке.",
        },
        "buergergeld-online-beantragen": {
            "title": "Заявление на гражданское пособие (Bürgergeld) онлайн – шаг за шагом",
            "lead": "Вы можете подать заявление на гражданское пособие через интернет – с компьютера или "
            "смартфона. Для этого не нужно приходить в Jobcenter.",
            "steps": [
                (
                    "Создайте учётную запись",
                    "Откройте онлайн-портал Jobcenter и создайте там учётную запись. "
                    "Для этого нужен адрес электронной почты.",
                ),
                (
                    "Выберите заявление",
                    "Войдите в свою учётную запись. Выберите «Bürgergeld beantragen» "
                    "(подать заявление на гражданское пособие).",
                ),
                (
                    "Ответьте на вопросы",
                    "Ответьте на вопросы о себе и обо всех, кто живёт вместе с вами. "
                    "Вы можете сохранить данные и продолжить позже.",
                ),
                (
                    "Загрузите документы",
                    "Загрузите свои документы. Достаточно фото со смартфона, если всё хорошо видно "
                    "и можно прочитать.",
                ),
                (
                    "Отправьте заявление",
                    "Проверьте свои данные и отправьте заявление. Вы получите подтверждение. Сохраните его.",
                ),
            ],
            "checklist": [
                "Удостоверение личности или паспорт",
                "Договор аренды и последний расчёт дополнительных расходов на жильё",
                "Выписки со счёта за последние три месяца",
                "Подтверждение дохода, например расчётные листки",
                "Решения о других выплатах, например о пособии на ребёнка (Kindergeld) "
                "или о жилищном пособии (Wohngeld)",
                "Название вашей больничной кассы",
            ],
            "offline_text": "Вы также можете подать заявление на бумаге. В Jobcenter мы поможем вам его "
            "заполнить. Возьмите с собой свои документы.",
        },
        "weiterbewilligung-online-beantragen": {
            "title": "Заявление на продление выплат (Weiterbewilligung) онлайн",
            "lead": "Гражданское пособие всегда назначают на определённый срок. После этого нужно новое "
            "заявление – заявление на продление выплат (Weiterbewilligungsantrag). Его можно подать онлайн.",
            "steps": [
                (
                    "Следите за датой",
                    "В вашем решении (Bescheid) указано, до какого числа вы получаете гражданское пособие. "
                    "Подайте новое заявление примерно за месяц до этой даты.",
                ),
                (
                    "Войдите на портал",
                    "Войдите на онлайн-портал. Выберите «Weiterbewilligung beantragen» "
                    "(подать заявление на продление).",
                ),
                (
                    "Укажите изменения",
                    "Укажите, что изменилось, например ваш доход, арендная плата или кто живёт с вами. "
                    "Ничего не изменилось? Тогда отметьте это.",
                ),
                ("Загрузите подтверждения", "Загружайте подтверждения только для того, что изменилось."),
                ("Отправьте заявление", "Отправьте заявление. Сохраните подтверждение."),
            ],
            "checklist": [
                "Ваше последнее решение о назначении пособия (Bewilligungsbescheid)",
                "Выписки со счёта за последние три месяца",
                "Подтверждения изменений, например новый расчётный листок или повышение арендной платы",
            ],
            "offline_text": "Заявление на продление можно подать и на бумаге. Бланк можно получить в Jobcenter. "
            "По желанию мы также пришлём его вам.",
        },
        "aenderungen-mitteilen": {
            "title": "Сообщить об изменениях",
            "lead": "Если в вашей жизни что-то меняется, пожалуйста, сразу сообщите об этом в Jobcenter. Это "
            "можно сделать онлайн. Так вы будете получать правильную сумму, и позже не придётся ничего "
            "возвращать.",
            "steps": [
                ("Войдите на портал", "Войдите на онлайн-портал."),
                (
                    "Выберите изменение",
                    "Выберите, что изменилось. Например: новая работа, новая квартира, рождение ребёнка, "
                    "или кто-то въезжает к вам или выезжает.",
                ),
                ("Укажите данные", "Напишите, что изменилось и с какого времени."),
                (
                    "Загрузите подтверждение и отправьте",
                    "Загрузите подтверждение, например трудовой договор. Затем отправьте сообщение.",
                ),
            ],
            "checklist": [
                "Подтверждение изменения, например трудовой договор, договор аренды или свидетельство о рождении",
                "Дата, с которой что-то изменилось",
            ],
            "offline_text": "Об изменениях можно также сообщить по почте или лично в Jobcenter. Всегда указывайте "
            "номер вашего сообщества нуждающихся (Nummer der Bedarfsgemeinschaft). Он указан вверху вашего "
            "решения.",
        },
    },
    "fa": {
        "offline_title": "کامپیوتر ندارید؟ این‌طور حضوری کمک بگیرید",
        "index": {
            "title": "توضیحات",
            "intro": "در اینجا گام به گام توضیح می‌دهیم که چگونه از خدمات آنلاین جاب‌سنتر استفاده کنید. همراه "
            "با ویدیو، به چند زبان، به آلمانی ساده (Leichte Sprache) و به زبان اشارهٔ آلمانی.",
        },
        "buergergeld-online-beantragen": {
            "title": "درخواست کمک‌هزینهٔ شهروندی (Bürgergeld) به‌صورت آنلاین – گام به گام",
            "lead": "شما می‌توانید درخواست کمک‌هزینهٔ شهروندی را از طریق اینترنت ثبت کنید؛ با کامپیوتر یا با "
            "گوشی هوشمند. برای این کار لازم نیست به جاب‌سنتر (Jobcenter) بیایید.",
            "steps": [
                (
                    "ساختن حساب کاربری",
                    "پورتال آنلاین جاب‌سنتر را باز کنید و در آن یک حساب کاربری بسازید. "
                    "برای این کار به یک نشانی ایمیل نیاز دارید.",
                ),
                (
                    "انتخاب درخواست",
                    "با حساب خود وارد شوید. گزینهٔ «Bürgergeld beantragen» (درخواست کمک‌هزینهٔ شهروندی) "
                    "را انتخاب کنید.",
                ),
                (
                    "پاسخ به پرسش‌ها",
                    "به پرسش‌ها دربارهٔ خودتان و همهٔ کسانی که با شما زندگی می‌کنند پاسخ دهید. "
                    "می‌توانید در میانهٔ کار ذخیره کنید و بعداً ادامه دهید.",
                ),
                (
                    "بارگذاری مدارک",
                    "مدارک خود را بارگذاری کنید. اگر همه‌چیز به‌خوبی خوانا باشد، "
                    "یک عکس با گوشی هوشمند کافی است.",
                ),
                (
                    "ارسال درخواست",
                    "اطلاعات خود را بررسی کنید و درخواست را بفرستید. یک تأییدیه دریافت می‌کنید. "
                    "آن را به‌خوبی نگه دارید.",
                ),
            ],
            "checklist": [
                "کارت شناسایی یا گذرنامه",
                "قرارداد اجاره و آخرین صورت‌حساب هزینه‌های جانبی مسکن",
                "صورت‌حساب‌های بانکی سه ماه گذشته",
                "مدارک درآمد شما، مثلاً فیش‌های حقوقی",
                "تصمیم‌نامه‌های مربوط به کمک‌های دیگر، مثلاً کمک‌هزینهٔ فرزند (Kindergeld) "
                "یا کمک‌هزینهٔ مسکن (Wohngeld)",
                "نام صندوق بیمهٔ درمانی شما",
            ],
            "offline_text": "می‌توانید درخواست را به‌صورت کاغذی هم ثبت کنید. در جاب‌سنتر در پر کردن فرم به شما "
            "کمک می‌کنیم. مدارک خود را همراه بیاورید.",
        },
        "weiterbewilligung-online-beantragen": {
            "title": "درخواست تمدید پرداخت (Weiterbewilligung) به‌صورت آنلاین",
            "lead": "کمک‌هزینهٔ شهروندی همیشه برای مدت مشخصی داده می‌شود. پس از آن به یک درخواست جدید نیاز "
            "دارید: درخواست تمدید پرداخت (Weiterbewilligungsantrag). این درخواست را می‌توانید آنلاین ثبت کنید.",
            "steps": [
                (
                    "به تاریخ توجه کنید",
                    "در تصمیم‌نامهٔ شما (Bescheid) نوشته شده است که تا چه تاریخی کمک‌هزینهٔ شهروندی دریافت "
                    "می‌کنید. درخواست جدید را حدود یک ماه پیش از آن روز ثبت کنید.",
                ),
                (
                    "ورود به پورتال",
                    "وارد پورتال آنلاین شوید. گزینهٔ «Weiterbewilligung beantragen» (درخواست تمدید) "
                    "را انتخاب کنید.",
                ),
                (
                    "اعلام تغییرات",
                    "بنویسید چه چیزی تغییر کرده است، مثلاً درآمد، اجاره‌بها یا کسانی که با شما زندگی می‌کنند. "
                    "چیزی تغییر نکرده است؟ پس همین را علامت بزنید.",
                ),
                ("بارگذاری مدارک", "فقط برای مواردی که تغییر کرده‌اند مدرک بارگذاری کنید."),
                ("ارسال درخواست", "درخواست را بفرستید. تأییدیه را نگه دارید."),
            ],
            "checklist": [
                "آخرین تصمیم‌نامهٔ اعطای کمک‌هزینه (Bewilligungsbescheid)",
                "صورت‌حساب‌های بانکی سه ماه گذشته",
                "مدارک مربوط به تغییرات، مثلاً فیش حقوقی جدید یا افزایش اجاره‌بها",
            ],
            "offline_text": "درخواست تمدید را می‌توانید به‌صورت کاغذی هم تحویل دهید. فرم آن را در جاب‌سنتر "
            "دریافت می‌کنید. اگر بخواهید، آن را برایتان می‌فرستیم.",
        },
        "aenderungen-mitteilen": {
            "title": "اعلام تغییرات",
            "lead": "اگر در زندگی شما چیزی تغییر کند، لطفاً فوراً به جاب‌سنتر اطلاع دهید. این کار را می‌توانید "
            "آنلاین انجام دهید. به این ترتیب مبلغ درست را دریافت می‌کنید و بعداً لازم نیست پولی را پس بدهید.",
            "steps": [
                ("ورود به پورتال", "وارد پورتال آنلاین شوید."),
                (
                    "انتخاب تغییر",
                    "انتخاب کنید چه چیزی تغییر کرده است. برای مثال: کار جدید، خانهٔ جدید، تولد فرزند، "
                    "یا آمدن کسی برای زندگی با شما یا رفتن او.",
                ),
                ("وارد کردن اطلاعات", "بنویسید چه چیزی و از چه زمانی تغییر کرده است."),
                (
                    "بارگذاری مدرک و ارسال",
                    "یک مدرک بارگذاری کنید، مثلاً قرارداد کار خود را. سپس اطلاعیه را بفرستید.",
                ),
            ],
            "checklist": [
                "مدرکی برای تغییر، مثلاً قرارداد کار، قرارداد اجاره یا گواهی تولد",
                "تاریخی که تغییر از آن زمان رخ داده است",
            ],
            "offline_text": "تغییرات را می‌توانید با پست هم بفرستید یا در جاب‌سنتر تحویل دهید. همیشه شمارهٔ "
            "خانوار دریافت‌کنندهٔ کمک (Nummer der Bedarfsgemeinschaft) را هم بنویسید. این شماره در بالای "
            "تصمیم‌نامهٔ شما آمده است.",
        },
    },
}

TRANSLATED_EXPLAINERS = [
    "buergergeld-online-beantragen",
    "weiterbewilligung-online-beantragen",
    "aenderungen-mitteilen",
]


def seed(stdout):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    seed_contact(site)
    index = ensure_child(home, ExplainerIndexPage, "erklaert", **INDEX)
    easy_start = ensure_child(index, EasyLanguagePage, EASY_START["slug"], **easy_fields(EASY_START))
    easy_texts = {
        slug: ensure_child(easy_start, EasyLanguagePage, slug, **easy_fields(text))
        for slug, text in EASY_TEXTS.items()
    }
    ensure_child(
        index,
        SignLanguagePage,
        SIGN_LANGUAGE_START["slug"],
        title=SIGN_LANGUAGE_START["title"],
        text=SIGN_LANGUAGE_START["text"],
        video=ensure_demo_video(key=SIGN_LANGUAGE_START["video"], is_public=True, **SIGN_LANGUAGE_VIDEO),
    )
    explainers = {
        entry["slug"]: ensure_explainer(index, entry, easy_texts.get(entry.get("easy")))
        for entry in EXPLAINERS
    }
    # Leaves first: save_target publishes after commit from the page as it was then, so a parent translated
    # before its children would be published with a stale child count, and its children could not be found.
    # Translating a child first makes its parents aliases, which translating them later turns into pages.
    # The home page stays such an alias of the German one: its content belongs to courses/demo/pages.py.
    for slug in TRANSLATED_EXPLAINERS:
        german = next(entry for entry in EXPLAINERS if entry["slug"] == slug)
        translate(
            explainers[slug],
            {
                lang: pairs(german, TRANSLATIONS[lang][slug])
                | {OFFLINE_TITLE: TRANSLATIONS[lang]["offline_title"]}
                for lang in TRANSLATED_LANGUAGES
            },
        )
    translate(index, {lang: pairs(INDEX, TRANSLATIONS[lang]["index"]) for lang in TRANSLATED_LANGUAGES})
    stdout.write(
        f"Erklärseiten: {len(explainers)} Erklärungen, {len(TRANSLATED_EXPLAINERS)} davon in "
        f"{len(TRANSLATED_LANGUAGES)} Sprachen, {len(easy_texts)} Texte in Leichter Sprache."
    )


def seed_contact(site):
    contact = PublicServiceSettings.for_site(site)
    if not contact.address:
        for field, value in CONTACT.items():
            setattr(contact, field, value)
        contact.save()


def easy_fields(text):
    body = [{"type": kind, "value": value} for kind, value in text["body"]]
    return {"title": text["title"], "intro": text["intro"], "body": body}


def ensure_explainer(index, entry, easy_page):
    existing = child_with_slug(index, entry["slug"])
    if existing is not None:
        return existing
    spec = steps_video_spec(entry["title"], entry["lead"], entry["steps"])
    video = ensure_demo_video(key=entry["video"], is_public=True, **spec)
    page = ExplainerPage(
        video=video,
        slug=entry["slug"],
        title=entry["title"],
        lead=entry["lead"],
        steps=[{"type": "step", "value": {"title": title, "text": text}} for title, text in entry["steps"]],
        checklist=[{"type": "document", "value": item} for item in entry["checklist"]],
        offline_title=OFFLINE_TITLE,
        offline_text=entry["offline_text"],
        reviewed_at=entry["reviewed_at"],
        easy_language_page=easy_page,
    )
    page.tags.add(*entry["tags"])
    return index.add_child(instance=page)


def pairs(german, translated):
    """German text → translated text for every translatable text of one entry, in wagtail-localize's form."""
    texts = [(german["title"], translated["title"])]
    for key in ("intro", "lead", "offline_text"):
        if key in german:
            texts.append((german[key], translated[key]))
    german_steps, translated_steps = german.get("steps", []), translated.get("steps", [])
    german_items, translated_items = german.get("checklist", []), translated.get("checklist", [])
    if len(german_steps) != len(translated_steps) or len(german_items) != len(translated_items):
        raise MissingTranslation(
            f"Schritte oder Unterlagen fehlen in der Übersetzung von „{german['title']}“."
        )
    for (title, text), (translated_title, translated_text) in zip(
        german_steps, translated_steps, strict=True
    ):
        texts += [(title, translated_title), (text, translated_text)]
    texts += list(zip(german_items, translated_items, strict=True))
    return {StringValue.from_plaintext(de).data: StringValue.from_plaintext(tr).data for de, tr in texts}
