"""Demo content for seed_demo: catalogue, programmes, courses, lessons, knowledge checks and video scripts."""

# How to read and edit this file
#
# COURSES is a list of courses. A course names its programme by slug and its prerequisites by slug;
# prerequisites must appear earlier in the list, because a course is linked to them when it is created.
# "competences" are (DigComp 2.2 code, target level 1–8); "minutes" of the course are the sum of its lessons.
#
# A lesson's "body" is a list of blocks, shown in this order:
#   ("text", "<p>…</p>")                                   rich text (h2, h3, p, ul, ol, b, i)
#   ("steps", "Heading", [("Step", "Explanation"), …])     a numbered step-by-step guide
#   ("callout", kind, "Heading", "<p>…</p>")               kind: "info", "warning" or "success"
# A lesson's "check" is its knowledge check, shown after the body; answers are (text, correct, feedback).
# "rule" is how the lesson is completed: "read" (marked as read) or "quiz" (knowledge check passed).
# "video" names an entry of VIDEOS: that explainer belongs at the top of the lesson. Once the video
# exists in the media library, seed_demo puts it there and the lesson is completed by watching it.

PLACEHOLDER_NOTE = "Platzhalter: Modulinhalte folgen mit dem Studienplan"

CATALOG = {
    "slug": "kurse",
    "title": "Kurse",
    "intro": "<p>Alle Fortbildungen des Jobcenters Musterkreis an einem Ort. Suchen Sie nach Thema, "
    "Programm, Kompetenz oder Dauer.</p>",
}

PROGRAMMES = [
    {
        "slug": "bass-studium",
        "title": "BASS-Studium",
        "intro": f"<p>Begleitende Lernangebote für Studierende im dualen Studium BASS. "
        f"<b>{PLACEHOLDER_NOTE}.</b> Bis dahin finden Sie hier die geplante Gliederung der Module "
        "und Fragen, mit denen Sie Ihr Vorwissen einschätzen können.</p>",
        "audience": "Studierende im dualen Studium BASS und ihre Praxisanleitungen",
    },
    {
        "slug": "inhouse-schulungen",
        "title": "Inhouse-Schulungen",
        "intro": "<p>Fortbildungen aus dem eigenen Haus: digitale Werkzeuge, Beratung und Zusammenarbeit – "
        "von Kolleginnen und Kollegen für Kolleginnen und Kollegen.</p>",
        "audience": "Alle Beschäftigten des Jobcenters",
    },
    {
        "slug": "pflichtschulungen",
        "title": "Pflichtschulungen",
        "intro": "<p>Unterweisungen, die alle Beschäftigten regelmäßig absolvieren. Ihr Zertifikat gilt "
        "zwölf Monate; danach frischen Sie Ihr Wissen mit der neuen Unterweisung auf.</p>",
        "audience": "Alle Beschäftigten, auch Auszubildende, Studierende und Praktikantinnen und Praktikanten",
    },
]

# Explainer videos: what the demo video shows ("lines", one after another), its German captions (WebVTT),
# chapters (title, start second) and a transcript that also describes what is shown.
VIDEOS = {
    "e-akte-ablegen": {
        "title": "E-Akte: Ein Dokument ablegen",
        "seconds": 20,
        "lines": [
            "1. Akte über die Nummer der Bedarfsgemeinschaft öffnen",
            "2. Dokument in den Posteingang der Akte ziehen",
            "3. Dokumentart und Eingangsdatum prüfen",
            "4. Speichern – fertig",
        ],
        "captions": """WEBVTT

00:00:00.500 --> 00:00:04.000
So legen Sie ein Dokument
in der E-Akte ab.

00:00:04.000 --> 00:00:08.000
Öffnen Sie die Akte über die Nummer
der Bedarfsgemeinschaft.

00:00:08.000 --> 00:00:12.000
Ziehen Sie das Dokument
in den Posteingang der Akte.

00:00:12.000 --> 00:00:16.000
Wählen Sie die Dokumentart und
prüfen Sie das Eingangsdatum.

00:00:16.000 --> 00:00:19.500
Speichern Sie. Das Dokument ist jetzt
für alle Berechtigten sichtbar.
""",
        "chapters": [
            ("Einleitung", 0),
            ("Akte öffnen", 4),
            ("Dokument in den Posteingang ziehen", 8),
            ("Dokumentart und Eingangsdatum", 12),
            ("Speichern", 16),
        ],
        "transcript": "Auf blauem Hintergrund steht der Titel „E-Akte: Ein Dokument ablegen“. "
        "Nacheinander erscheinen vier nummerierte Schritte.\n\n"
        "So legen Sie ein Dokument in der E-Akte ab. Öffnen Sie die Akte über die Nummer der "
        "Bedarfsgemeinschaft. Ziehen Sie das Dokument in den Posteingang der Akte. Wählen Sie die "
        "Dokumentart und prüfen Sie das Eingangsdatum. Speichern Sie. Das Dokument ist jetzt für alle "
        "Berechtigten sichtbar.",
    },
    "videoberatung-starten": {
        "title": "Videoberatung: So starten Sie den Termin",
        "seconds": 20,
        "lines": [
            "1. Termin im Kalender öffnen, Videoraum starten",
            "2. Kamera, Mikrofon und Hintergrund prüfen",
            "3. Person aus dem Warteraum hereinlassen",
            "4. Identität klären, Einverständnis erfragen",
        ],
        "captions": """WEBVTT

00:00:00.500 --> 00:00:04.000
So starten Sie einen Termin
zur Videoberatung.

00:00:04.000 --> 00:00:08.000
Öffnen Sie den Termin im Kalender
und starten Sie den Videoraum.

00:00:08.000 --> 00:00:12.000
Prüfen Sie Kamera und Mikrofon –
und dass keine Akten im Bild sind.

00:00:12.000 --> 00:00:16.000
Lassen Sie die Person
aus dem Warteraum herein.

00:00:16.000 --> 00:00:19.500
Klären Sie, mit wem Sie sprechen, und
fragen Sie nach dem Einverständnis.
""",
        "chapters": [
            ("Einleitung", 0),
            ("Videoraum starten", 4),
            ("Technik und Hintergrund prüfen", 8),
            ("Warteraum", 12),
            ("Identität und Einverständnis", 16),
        ],
        "transcript": "Auf blauem Hintergrund steht der Titel „Videoberatung: So starten Sie den "
        "Termin“. Nacheinander erscheinen vier nummerierte Schritte.\n\n"
        "So starten Sie einen Termin zur Videoberatung. Öffnen Sie den Termin im Kalender und starten "
        "Sie den Videoraum. Prüfen Sie Kamera und Mikrofon – und dass keine Akten im Bild sind. Lassen "
        "Sie die "
        "Person aus dem Warteraum herein. Klären Sie, mit wem Sie sprechen, und fragen Sie nach dem "
        "Einverständnis.",
    },
    "verschluesselte-e-mail": {
        "title": "Verschlüsselte E-Mail senden",
        "seconds": 20,
        "lines": [
            "1. Adresse sorgfältig prüfen",
            "2. Betreff ohne Namen und Sozialdaten",
            "3. „Verschlüsselt senden“ wählen",
            "4. Kennwort per Telefon mitteilen",
        ],
        "captions": """WEBVTT

00:00:00.500 --> 00:00:04.000
So senden Sie Sozialdaten
verschlüsselt per E-Mail.

00:00:04.000 --> 00:00:08.000
Prüfen Sie die Adresse der Empfängerin
oder des Empfängers genau.

00:00:08.000 --> 00:00:12.000
Schreiben Sie keine Namen und
keine Sozialdaten in den Betreff.

00:00:12.000 --> 00:00:16.000
Wählen Sie „Verschlüsselt senden“
und schicken Sie die E-Mail ab.

00:00:16.000 --> 00:00:19.500
Das Kennwort für neue Empfänger nennen Sie
am Telefon, nie in einer E-Mail.
""",
        "chapters": [
            ("Einleitung", 0),
            ("Adresse prüfen", 4),
            ("Betreff", 8),
            ("Verschlüsselt senden", 12),
            ("Kennwort mitteilen", 16),
        ],
        "transcript": "Auf blauem Hintergrund steht der Titel „Verschlüsselte E-Mail senden“. "
        "Nacheinander erscheinen vier nummerierte Schritte.\n\n"
        "So senden Sie Sozialdaten verschlüsselt per E-Mail. Prüfen Sie die Adresse der Empfängerin oder "
        "des Empfängers genau. Schreiben Sie keine Namen und keine Sozialdaten in den Betreff. Wählen "
        "Sie „Verschlüsselt senden“ und schicken Sie die E-Mail ab. Das Kennwort für neue Empfänger "
        "nennen Sie am Telefon, nie in einer E-Mail.",
    },
}

RETRY_NOTE = "Sie können den Wissenscheck so oft wiederholen, wie Sie möchten."

COURSES = [
    {
        "slug": "e-akte-grundlagen",
        "title": "E-Akte im Jobcenter: Grundlagen",
        "programme": "inhouse-schulungen",
        "summary": "Sie lernen den Aufbau der E-Akte kennen, legen Dokumente richtig ab und finden sie "
        "schnell wieder. Außerdem erfahren Sie, warum das Eingangsdatum so wichtig ist und was Sie tun, "
        "wenn ein Dokument in der falschen Akte gelandet ist.",
        "goals": [
            "die Gliederung der E-Akte nach Registern und Dokumentarten erklären",
            "Posteingänge der richtigen Akte zuordnen und mit Dokumentart und Eingangsdatum ablegen",
            "erklären, warum Unterlagen nur in die E-Akte gehören und nicht auf den Desktop",
            "bei einer Fehlablage richtig handeln",
        ],
        "audience": "Alle Beschäftigten mit Zugriff auf die E-Akte, besonders neue Kolleginnen und Kollegen",
        "competences": [("1.3", 3), ("4.2", 3)],
        "tags": ["E-Akte", "Grundlagen", "Datenschutz"],
        "prerequisites": [],
        "certificate": True,
        "validity_months": None,
        "lessons": [
            {
                "slug": "aufbau-der-e-akte",
                "title": "So ist die E-Akte aufgebaut",
                "intro": "Die E-Akte ersetzt die Papierakte. Hier sehen Sie, wie sie gegliedert ist.",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Eine Akte je Bedarfsgemeinschaft</h2>"
                        "<p>Im Jobcenter Musterkreis führen wir für jede Bedarfsgemeinschaft eine E-Akte. Sie "
                        "finden sie über die Nummer der Bedarfsgemeinschaft oder über den Namen einer Person. "
                        "In der Akte sind die Dokumente in Registern gegliedert, zum Beispiel „Antrag und "
                        "Weiterbewilligung“, „Einkommen“, „Kosten der Unterkunft“, „Eingliederung“ und "
                        "„Widerspruch“.</p>"
                        "<h2>Dokumentart und Eingangsdatum</h2>"
                        "<p>Jedes Dokument hat eine Dokumentart, etwa „Lohnabrechnung“ oder „Mietvertrag“, "
                        "und ein Eingangsdatum. Die Dokumentart bestimmt, in welchem Register das Dokument "
                        "erscheint und wie lange es aufbewahrt wird. Das Eingangsdatum ist wichtig für "
                        "Fristen: Maßgeblich ist der Tag, an dem das Dokument beim Jobcenter eingegangen "
                        "ist – nicht der Tag, an dem es gescannt wurde.</p>",
                    ),
                    (
                        "callout",
                        "info",
                        "Sie sehen, was Sie brauchen",
                        "<p>Sie sehen nur die Akten, die Sie für Ihre Aufgaben brauchen. Das ist kein "
                        "Misstrauen, sondern Schutz der Sozialdaten. Jeder Zugriff wird protokolliert.</p>",
                    ),
                ],
            },
            {
                "slug": "dokument-ablegen",
                "title": "Ein Dokument ablegen",
                "intro": "Schritt für Schritt: vom Postkorb in die richtige Akte.",
                "minutes": 10,
                "rule": "read",
                "video": "e-akte-ablegen",
                "body": [
                    (
                        "steps",
                        "So legen Sie ein Dokument ab",
                        [
                            (
                                "Akte öffnen",
                                "Suchen Sie die Akte über die Nummer der Bedarfsgemeinschaft. Prüfen Sie "
                                "Name und Geburtsdatum, bevor Sie ablegen.",
                            ),
                            (
                                "Dokument in den Posteingang ziehen",
                                "Gescannte Post finden Sie im Postkorb Ihres Teams. Ziehen Sie das Dokument "
                                "in den Posteingang der Akte.",
                            ),
                            (
                                "Dokumentart wählen",
                                "Wählen Sie die passende Dokumentart. Enthält ein Schreiben mehrere Themen, "
                                "wählen Sie die Art des Hauptinhalts und ergänzen Sie einen Vermerk.",
                            ),
                            (
                                "Eingangsdatum prüfen",
                                "Übernehmen Sie das Datum des Eingangsstempels. Bei Online-Anträgen und "
                                "Nachrichten aus dem Online-Postfach setzt das System das Datum selbst.",
                            ),
                            (
                                "Speichern",
                                "Nach dem Speichern sehen alle Berechtigten das Dokument. Braucht die "
                                "Sachbearbeitung es, legen Sie direkt eine Aufgabe an.",
                            ),
                        ],
                    ),
                    (
                        "callout",
                        "warning",
                        "Falsche Akte erwischt?",
                        "<p>Liegt ein Dokument in der falschen Akte, konnten Unbefugte es womöglich sehen. "
                        "Korrigieren Sie die Ablage und melden Sie den Fall noch am selben Tag der oder dem "
                        "Datenschutzbeauftragten. Dort wird geprüft, ob das Jobcenter die Aufsichtsbehörde "
                        "informieren muss.</p>",
                    ),
                ],
            },
            {
                "slug": "wissenscheck-e-akte",
                "title": "Wissenscheck: E-Akte",
                "intro": "Fünf Minuten, vier Fragen: Sitzt das Wichtigste?",
                "minutes": 5,
                "rule": "quiz",
                "body": [],
                "check": {
                    "intro": RETRY_NOTE,
                    "pass_mark": 80,
                    "questions": [
                        {
                            "kind": "single",
                            "prompt": "Ein Brief geht am Montag ein und wird am Mittwoch gescannt. Welches "
                            "Eingangsdatum tragen Sie ein?",
                            "answers": [
                                (
                                    "Montag, den Tag des Eingangs",
                                    True,
                                    "Richtig. Fristen richten sich nach dem Eingang beim Jobcenter.",
                                ),
                                (
                                    "Mittwoch, den Tag des Scannens",
                                    False,
                                    "Nein. Der Scan ist nur ein interner Arbeitsschritt.",
                                ),
                                (
                                    "Das Datum, das im Brief steht",
                                    False,
                                    "Nein. Das Briefdatum sagt nichts darüber, wann das Schreiben "
                                    "eingegangen ist.",
                                ),
                            ],
                            "explanation": "Maßgeblich ist der Eingang beim Jobcenter. Deshalb übernehmen "
                            "Sie das Datum des Eingangsstempels.",
                        },
                        {
                            "kind": "multiple",
                            "prompt": "Wozu dient die Dokumentart? Mehrere Antworten sind richtig.",
                            "answers": [
                                (
                                    "Sie bestimmt das Register, in dem das Dokument erscheint.",
                                    True,
                                    "Richtig.",
                                ),
                                (
                                    "Sie bestimmt, wie lange das Dokument aufbewahrt wird.",
                                    True,
                                    "Richtig.",
                                ),
                                (
                                    "Sie legt fest, wer die Akte sehen darf.",
                                    False,
                                    "Nein. Wer eine Akte sehen darf, regeln die Berechtigungen.",
                                ),
                            ],
                            "explanation": "Die Dokumentart ordnet das Dokument ein und steuert die "
                            "Aufbewahrungsfrist.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Sie merken, dass Sie einen Kontoauszug in der Akte einer anderen "
                            "Bedarfsgemeinschaft abgelegt haben. Was tun Sie?",
                            "answers": [
                                (
                                    "Ablage korrigieren und den Fall noch am selben Tag der oder dem "
                                    "Datenschutzbeauftragten melden",
                                    True,
                                    "Richtig. Ob eine Meldung an die Aufsichtsbehörde nötig ist, prüft "
                                    "die oder der Datenschutzbeauftragte.",
                                ),
                                (
                                    "Ablage still korrigieren, es ist ja nichts passiert",
                                    False,
                                    "Nein. Vielleicht hat schon jemand das Dokument gesehen. Ob das "
                                    "meldepflichtig ist, entscheiden Sie nicht allein.",
                                ),
                                (
                                    "Das Dokument löschen und die Person um einen neuen Auszug bitten",
                                    False,
                                    "Nein. Das Dokument gehört in die richtige Akte; Löschen würde den "
                                    "Fehler verschleiern.",
                                ),
                            ],
                            "explanation": "Eine Fehlablage kann eine Datenschutzverletzung sein. Für eine "
                            "Meldung an die Aufsichtsbehörde bleiben dem Jobcenter höchstens 72 Stunden "
                            "(Art. 33 DSGVO) – deshalb melden Sie intern sofort.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Wo bewahren Sie Unterlagen von Kundinnen und Kunden auf?",
                            "answers": [
                                (
                                    "In der E-Akte",
                                    True,
                                    "Richtig. Nur dort sind sie vollständig, geschützt und für "
                                    "Vertretungen auffindbar.",
                                ),
                                (
                                    "In einem Ordner auf dem Desktop, bis Zeit zum Ablegen ist",
                                    False,
                                    "Nein. Lokale Kopien sieht keine Vertretung, und sie sind nicht "
                                    "geschützt.",
                                ),
                                (
                                    "Im persönlichen E-Mail-Postfach",
                                    False,
                                    "Nein. Anhänge gehören in die Akte; die E-Mail löschen Sie danach.",
                                ),
                            ],
                            "explanation": "Die E-Akte ist der einzige Ort für Kundenunterlagen. Nur dort "
                            "gelten Berechtigungen, Protokollierung und Aufbewahrungsfristen.",
                        },
                    ],
                },
            },
        ],
    },
    {
        "slug": "videoberatung",
        "title": "Videoberatung mit Leistungsberechtigten",
        "programme": "inhouse-schulungen",
        "summary": "Beratung per Video spart Kundinnen und Kunden Wege. Sie lernen, wie Sie einen "
        "Videotermin vorbereiten, sicher starten und gut führen – und was Sie tun, wenn die Technik "
        "streikt.",
        "goals": [
            "erklären, dass die Videoberatung ein freiwilliges Angebot ist",
            "Ihren Arbeitsplatz und die Technik für einen Videotermin vorbereiten",
            "den Videoraum sicher starten und die Identität Ihres Gegenübers klären",
            "ein Gespräch per Video freundlich, verständlich und vertraulich führen",
        ],
        "audience": "Beschäftigte in Arbeitsvermittlung, Fallmanagement und Leistungsgewährung",
        "competences": [("2.1", 4), ("2.5", 3), ("4.2", 3)],
        "tags": ["Videoberatung", "Kommunikation", "Kundenkontakt"],
        "prerequisites": [],
        "certificate": True,
        "validity_months": None,
        "lessons": [
            {
                "slug": "vor-dem-termin",
                "title": "Vor dem Termin: freiwillig, vorbereitet, vertraulich",
                "intro": "Was Sie klären und vorbereiten, bevor die Kamera angeht.",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Ein Angebot, keine Pflicht</h2>"
                        "<p>Die Videoberatung ergänzt das Gespräch vor Ort und am Telefon. Kundinnen und "
                        "Kunden entscheiden selbst, wie sie mit Ihnen sprechen möchten. Wer kein Video "
                        "möchte, hat dadurch keinen Nachteil. Bieten Sie die Videoberatung deshalb immer als "
                        "Wahlmöglichkeit an.</p>"
                        "<h2>Nur mit dem freigegebenen Dienst</h2>"
                        "<p>Nutzen Sie ausschließlich den Videodienst, den das Jobcenter freigegeben hat. Er "
                        "ist verschlüsselt, und Ihr Gegenüber braucht nichts zu installieren: Ein Link im "
                        "Browser genügt. Private Messenger und andere Videodienste sind für Beratungen "
                        "tabu.</p>",
                    ),
                    (
                        "steps",
                        "Checkliste für Ihren Arbeitsplatz",
                        [
                            (
                                "Ruhigen Raum wählen",
                                "Niemand soll mithören. Schließen Sie die Tür oder buchen Sie einen "
                                "Besprechungsraum.",
                            ),
                            (
                                "Hintergrund prüfen",
                                "Keine Akten, Namenslisten oder Bildschirme mit Kundendaten im Bild.",
                            ),
                            (
                                "Technik testen",
                                "Prüfen Sie Headset, Kamera und Browser etwa zehn Minuten vor dem Termin.",
                            ),
                            (
                                "Telefonnummer bereithalten",
                                "Bricht die Verbindung ab, rufen Sie an und führen das Gespräch am "
                                "Telefon weiter.",
                            ),
                        ],
                    ),
                    (
                        "callout",
                        "warning",
                        "Keine Aufzeichnung",
                        "<p>Videoberatungen werden nicht aufgezeichnet. Sagen Sie das zu Beginn und bitten "
                        "Sie auch Ihr Gegenüber, nichts aufzuzeichnen.</p>",
                    ),
                ],
            },
            {
                "slug": "termin-starten",
                "title": "Den Termin starten",
                "intro": "Vom Kalender bis zur ersten Frage: So beginnt ein guter Videotermin.",
                "minutes": 10,
                "rule": "read",
                "video": "videoberatung-starten",
                "body": [
                    (
                        "steps",
                        "So starten Sie den Termin",
                        [
                            (
                                "Videoraum öffnen",
                                "Öffnen Sie den Termin im Kalender und starten Sie den Videoraum. Ihr "
                                "Gegenüber hat den Zugangslink mit der Terminbestätigung erhalten.",
                            ),
                            (
                                "Technik prüfen",
                                "Sind Bild und Ton in Ordnung? Liegt nichts Vertrauliches im Bild?",
                            ),
                            (
                                "Person hereinlassen",
                                "Ihr Gegenüber wartet im virtuellen Warteraum. Lassen Sie die Person "
                                "herein, wenn Sie bereit sind.",
                            ),
                            (
                                "Identität klären",
                                "Fragen Sie nach Kundennummer und Geburtsdatum und vergleichen Sie mit der "
                                "Akte. Machen Sie keine Screenshots von Ausweisen.",
                            ),
                            (
                                "Einverständnis erfragen",
                                "Fragen Sie, ob die Person mit der Beratung per Video einverstanden ist, ob "
                                "jemand mithört und ob sie ungestört sprechen kann.",
                            ),
                        ],
                    ),
                    (
                        "text",
                        "<h2>Gut ins Gespräch kommen</h2>"
                        "<p>Schauen Sie beim Sprechen möglichst in die Kamera, nicht auf das Bild Ihres "
                        "Gegenübers. Sprechen Sie etwas langsamer als sonst und fassen Sie am Ende zusammen, "
                        "was vereinbart ist und wie es weitergeht. Unterlagen lassen Sie sich nicht in die "
                        "Kamera halten: Bitten Sie darum, sie über das Online-Postfach hochzuladen.</p>",
                    ),
                    (
                        "callout",
                        "success",
                        "Tipp: Sprachmittlung",
                        "<p>Sie können eine Dolmetscherin oder einen Dolmetscher in den Videoraum einladen. "
                        "Planen Sie dafür etwas mehr Zeit ein.</p>",
                    ),
                ],
            },
            {
                "slug": "wissenscheck-videoberatung",
                "title": "Wissenscheck: Videoberatung",
                "intro": "Vier Fragen aus dem Beratungsalltag.",
                "minutes": 5,
                "rule": "quiz",
                "body": [],
                "check": {
                    "intro": RETRY_NOTE,
                    "pass_mark": 80,
                    "questions": [
                        {
                            "kind": "single",
                            "prompt": "Eine Kundin möchte lieber ins Jobcenter kommen, statt per Video zu "
                            "sprechen. Wie reagieren Sie?",
                            "answers": [
                                (
                                    "Ich vereinbare einen Termin vor Ort.",
                                    True,
                                    "Richtig. Die Videoberatung ist freiwillig.",
                                ),
                                (
                                    "Ich erkläre, dass Video inzwischen der Standard ist.",
                                    False,
                                    "Nein. Niemand muss sich per Video beraten lassen.",
                                ),
                                (
                                    "Ich biete ihr nur ein Telefonat an.",
                                    False,
                                    "Ein Telefonat ist eine gute Alternative – aber die Kundin darf auch "
                                    "persönlich kommen.",
                                ),
                            ],
                            "explanation": "Die Videoberatung ergänzt das persönliche und das telefonische "
                            "Gespräch, sie ersetzt beide nicht.",
                        },
                        {
                            "kind": "multiple",
                            "prompt": "Was gehört zur Vorbereitung Ihres Arbeitsplatzes? Mehrere Antworten "
                            "sind richtig.",
                            "answers": [
                                ("Keine Akten oder Namenslisten im Kamerabild", True, "Richtig."),
                                ("Ein Raum, in dem niemand mithört", True, "Richtig."),
                                (
                                    "Die Aufzeichnung einschalten, damit nichts verloren geht",
                                    False,
                                    "Nein. Videoberatungen werden nicht aufgezeichnet.",
                                ),
                                (
                                    "Eine Telefonnummer für den Fall, dass die Verbindung abbricht",
                                    True,
                                    "Richtig.",
                                ),
                            ],
                            "explanation": "Vertraulichkeit beginnt beim eigenen Arbeitsplatz: Was im Bild "
                            "ist oder mitgehört wird, kann nicht mehr zurückgeholt werden.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Wie klären Sie zu Beginn, mit wem Sie sprechen?",
                            "answers": [
                                (
                                    "Ich frage Kundennummer und Geburtsdatum ab und vergleiche mit der Akte.",
                                    True,
                                    "Richtig. So klären Sie die Identität, ohne zusätzliche Daten zu "
                                    "erheben.",
                                ),
                                (
                                    "Ich mache einen Screenshot des Ausweises für die Akte.",
                                    False,
                                    "Nein. Eine Ausweiskopie brauchen Sie dafür nicht; sie widerspräche "
                                    "dem Grundsatz der Datenminimierung.",
                                ),
                                (
                                    "Gar nicht – wer den Link hat, ist berechtigt.",
                                    False,
                                    "Nein. Links können weitergeleitet werden.",
                                ),
                            ],
                            "explanation": "Sozialdaten dürfen Sie nur der berechtigten Person offenbaren. "
                            "Klären Sie deshalb immer, mit wem Sie sprechen.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Ein Kunde möchte Ihnen seinen Mietvertrag in die Kamera halten. Was "
                            "schlagen Sie vor?",
                            "answers": [
                                (
                                    "Er lädt den Mietvertrag über das Online-Postfach hoch.",
                                    True,
                                    "Richtig. So kommt das Dokument vollständig und lesbar in die E-Akte.",
                                ),
                                (
                                    "Ich fotografiere den Bildschirm mit dem Diensthandy.",
                                    False,
                                    "Nein. Fotos vom Bildschirm sind weder sicher noch gut lesbar.",
                                ),
                                (
                                    "Ich lese mit und notiere mir die Höhe der Miete.",
                                    False,
                                    "Besser nicht: Für die Akte brauchen Sie das vollständige Dokument.",
                                ),
                            ],
                            "explanation": "Nachweise gehören als Dokument in die E-Akte. Der sichere Weg "
                            "dorthin ist das Online-Postfach.",
                        },
                    ],
                },
            },
        ],
    },
    {
        "slug": "verschluesselte-e-mail",
        "title": "Verschlüsselte E-Mail: Sozialdaten sicher übermitteln",
        "programme": "inhouse-schulungen",
        "summary": "Sozialdaten dürfen nicht ungeschützt durchs Internet reisen. Sie lernen, wann Sie "
        "verschlüsseln müssen, wie Sie eine verschlüsselte E-Mail senden und wie Sie das Kennwort sicher "
        "übermitteln.",
        "goals": [
            "erklären, warum die Transportverschlüsselung allein für Sozialdaten nicht reicht",
            "eine E-Mail mit dem Verschlüsselungsdienst des Jobcenters senden",
            "Betreffzeilen ohne Sozialdaten formulieren",
            "Kennwörter für neue Empfängerinnen und Empfänger auf einem zweiten Weg mitteilen",
        ],
        "audience": "Alle Beschäftigten, die Sozialdaten per E-Mail versenden",
        "competences": [("4.2", 4), ("2.2", 3)],
        "tags": ["E-Mail", "Verschlüsselung", "Datenschutz", "Sozialdaten"],
        "prerequisites": [],
        "certificate": True,
        "validity_months": None,
        "lessons": [
            {
                "slug": "warum-verschluesseln",
                "title": "Warum verschlüsseln?",
                "intro": "Was Sozialdaten sind und warum eine normale E-Mail für sie nicht reicht.",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Sozialdaten brauchen besonderen Schutz</h2>"
                        "<p>Sozialdaten sind alle personenbezogenen Daten, die das Jobcenter für seine "
                        "Aufgaben nach dem Sozialgesetzbuch verarbeitet (§ 67 Abs. 2 SGB X): Namen, "
                        "Anschriften, Einkommen, Angaben zur Gesundheit – und schon die Tatsache, dass jemand "
                        "Bürgergeld bezieht. Sie unterliegen dem Sozialgeheimnis (§ 35 SGB I).</p>"
                        "<h2>Transport- und Inhaltsverschlüsselung</h2>"
                        "<p>Die meisten E-Mail-Server verschlüsseln die Verbindung untereinander. Auf jedem "
                        "beteiligten Server liegt die Nachricht aber lesbar. Bei der Inhaltsverschlüsselung "
                        "(Ende-zu-Ende) kann nur die Empfängerin oder der Empfänger die Nachricht öffnen. "
                        "Für Sozialdaten nutzen Sie deshalb immer den Verschlüsselungsdienst des "
                        "Jobcenters.</p>",
                    ),
                    (
                        "callout",
                        "info",
                        "Der Betreff bleibt lesbar",
                        "<p>Auch bei einer verschlüsselten E-Mail wird der Betreff in vielen Verfahren "
                        "nicht verschlüsselt. Schreiben Sie deshalb keine Namen, Kundennummern oder "
                        "Diagnosen in den Betreff – „Ihre Unterlagen vom 12. März“ genügt.</p>",
                    ),
                ],
            },
            {
                "slug": "verschluesselt-senden",
                "title": "Eine verschlüsselte E-Mail senden",
                "intro": "Fünf Schritte, die Sie nach kurzer Zeit nicht mehr nachschlagen müssen.",
                "minutes": 10,
                "rule": "read",
                "video": "verschluesselte-e-mail",
                "body": [
                    (
                        "steps",
                        "So senden Sie verschlüsselt",
                        [
                            (
                                "Adresse prüfen",
                                "Prüfen Sie die Adresse Zeichen für Zeichen. Die automatische "
                                "Vervollständigung schlägt gern eine ähnliche Adresse vor.",
                            ),
                            (
                                "Betreff neutral formulieren",
                                "Keine Namen, Kundennummern oder Gesundheitsangaben im Betreff.",
                            ),
                            (
                                "Nur das Nötige senden",
                                "Schicken Sie nur die Unterlagen, die die Empfängerin oder der Empfänger "
                                "für die Aufgabe braucht.",
                            ),
                            (
                                "„Verschlüsselt senden“ wählen",
                                "Wählen Sie in Ihrem E-Mail-Programm „Verschlüsselt senden“. Der "
                                "Verschlüsselungsdienst übernimmt den Rest.",
                            ),
                            (
                                "Kennwort getrennt mitteilen",
                                "Schreibt der Dienst eine Person zum ersten Mal an, erzeugt er ein "
                                "Einmal-Kennwort. Nennen Sie es am Telefon oder persönlich – nie in derselben "
                                "oder einer weiteren E-Mail.",
                            ),
                        ],
                    ),
                    (
                        "callout",
                        "warning",
                        "Falsch adressiert?",
                        "<p>Ist eine E-Mail mit Sozialdaten an eine falsche Adresse gegangen, melden Sie das "
                        "sofort der oder dem Datenschutzbeauftragten – auch wenn sie verschlüsselt war.</p>",
                    ),
                ],
            },
            {
                "slug": "wissenscheck-verschluesselung",
                "title": "Wissenscheck: Verschlüsselte E-Mail",
                "intro": "Vier Fragen zur sicheren Übermittlung.",
                "minutes": 5,
                "rule": "quiz",
                "body": [],
                "check": {
                    "intro": RETRY_NOTE,
                    "pass_mark": 80,
                    "questions": [
                        {
                            "kind": "single",
                            "prompt": "Warum reicht die Transportverschlüsselung zwischen E-Mail-Servern für "
                            "Sozialdaten nicht aus?",
                            "answers": [
                                (
                                    "Weil die Nachricht auf jedem beteiligten Server lesbar liegt",
                                    True,
                                    "Richtig. Nur die Inhaltsverschlüsselung schützt die Nachricht bis "
                                    "zur Empfängerin oder zum Empfänger.",
                                ),
                                (
                                    "Weil sie die E-Mail langsamer macht",
                                    False,
                                    "Nein. Es geht nicht um Geschwindigkeit, sondern darum, wer mitlesen "
                                    "kann.",
                                ),
                                (
                                    "Weil sie nur innerhalb Deutschlands funktioniert",
                                    False,
                                    "Nein. Mit dem Land hat das nichts zu tun.",
                                ),
                            ],
                            "explanation": "Transportverschlüsselung schützt nur den Weg zwischen zwei "
                            "Servern. Inhaltsverschlüsselung schützt die Nachricht selbst.",
                        },
                        {
                            "kind": "multiple",
                            "prompt": "Welche Betreffzeilen sind in Ordnung? Mehrere Antworten sind richtig.",
                            "answers": [
                                ("Ihre Unterlagen vom 12. März", True, "Richtig."),
                                ("Rückfrage zu Ihrem Schreiben", True, "Richtig."),
                                (
                                    "Bürgergeld Familie Yilmaz, BG 12345BG0012345",
                                    False,
                                    "Nein. Name und Nummer der Bedarfsgemeinschaft sind Sozialdaten.",
                                ),
                                (
                                    "Ärztliches Gutachten Herr K.",
                                    False,
                                    "Nein. Auch Andeutungen zu Gesundheitsdaten gehören nicht in den "
                                    "Betreff.",
                                ),
                            ],
                            "explanation": "Der Betreff wird oft nicht mitverschlüsselt. Er bleibt deshalb "
                            "neutral.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Wie teilen Sie einer neuen Empfängerin das Einmal-Kennwort mit?",
                            "answers": [
                                (
                                    "Am Telefon oder persönlich",
                                    True,
                                    "Richtig. Ein zweiter Weg schützt, falls die E-Mail in falsche Hände "
                                    "gerät.",
                                ),
                                (
                                    "In einer zweiten E-Mail direkt danach",
                                    False,
                                    "Nein. Wer die erste E-Mail abfängt, liest auch die zweite.",
                                ),
                                (
                                    "Im Text derselben E-Mail",
                                    False,
                                    "Nein. Dann wäre die Verschlüsselung wirkungslos.",
                                ),
                            ],
                            "explanation": "Kennwort und Nachricht reisen immer auf getrennten Wegen.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Nach dem Senden merken Sie, dass die verschlüsselte E-Mail an eine "
                            "falsche Adresse ging. Was tun Sie?",
                            "answers": [
                                (
                                    "Sofort die oder den Datenschutzbeauftragten informieren",
                                    True,
                                    "Richtig. Dort wird geprüft, ob die Daten in Gefahr sind.",
                                ),
                                (
                                    "Nichts – sie war ja verschlüsselt",
                                    False,
                                    "Nein. Hat die falsche Person ein Kennwort oder einen Schlüssel, kann "
                                    "sie die Nachricht lesen.",
                                ),
                                (
                                    "Die E-Mail zurückrufen und die Sache vergessen",
                                    False,
                                    "Nein. Ein Rückruf gelingt außerhalb des eigenen Hauses meist nicht.",
                                ),
                            ],
                            "explanation": "Eine Fehlsendung ist ein möglicher Datenschutzvorfall. Ob er "
                            "gemeldet werden muss, entscheidet nicht die oder der Einzelne.",
                        },
                    ],
                },
            },
        ],
    },
    {
        "slug": "datenschutz-unterweisung",
        "title": "Datenschutz und Sozialgeheimnis im SGB II – jährliche Unterweisung",
        "programme": "pflichtschulungen",
        "summary": "Die jährliche Pflichtunterweisung für alle Beschäftigten: was Sozialdaten sind, wer sie "
        "sehen darf, wann Sie Auskunft geben dürfen und wie Sie Datenschutzverletzungen melden.",
        "goals": [
            "Sozialdaten erkennen und das Sozialgeheimnis nach § 35 SGB I erklären",
            "einschätzen, wann Sozialdaten übermittelt werden dürfen (§§ 67 ff. SGB X)",
            "Anrufe und Anfragen Dritter sicher beantworten",
            "Datenschutzverletzungen erkennen und unverzüglich intern melden",
        ],
        "audience": "Alle Beschäftigten des Jobcenters (jährlich verpflichtend)",
        "competences": [("4.2", 4)],
        "tags": ["Datenschutz", "Sozialgeheimnis", "Pflichtschulung", "DSGVO"],
        "prerequisites": [],
        "certificate": True,
        "validity_months": 12,
        "lessons": [
            {
                "slug": "sozialgeheimnis",
                "title": "Sozialgeheimnis und Sozialdaten",
                "intro": "Die Grundlagen, die für jede Tätigkeit im Jobcenter gelten.",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Das Sozialgeheimnis</h2>"
                        "<p>Jede Person hat Anspruch darauf, dass ihre Sozialdaten nicht unbefugt verarbeitet "
                        "werden (§ 35 SGB I). Das gilt gegenüber Außenstehenden und auch innerhalb des "
                        "Hauses: Sie dürfen Sozialdaten nur verarbeiten, soweit Sie sie für Ihre Aufgabe "
                        "brauchen.</p>"
                        "<h2>Was sind Sozialdaten?</h2>"
                        "<p>Sozialdaten sind personenbezogene Daten, die das Jobcenter im Hinblick auf seine "
                        "Aufgaben nach dem Sozialgesetzbuch verarbeitet (§ 67 Abs. 2 SGB X). Dazu gehören Name "
                        "und Anschrift, Einkommen und Vermögen, Angaben zur Wohnung und zur Familie – und "
                        "schon die Tatsache, dass jemand Kundin oder Kunde des Jobcenters ist. "
                        "Gesundheitsdaten gehören zu den besonderen Kategorien personenbezogener Daten "
                        "(Art. 9 DSGVO) und sind besonders zu schützen.</p>"
                        "<h2>Welche Regeln gelten?</h2>"
                        "<p>Neben der Datenschutz-Grundverordnung (DSGVO) gelten für Sozialdaten die "
                        "besonderen Regeln der §§ 67 bis 85a SGB X. Danach dürfen Sozialdaten nur verarbeitet "
                        "und übermittelt werden, soweit eine Vorschrift des Sozialgesetzbuchs es erlaubt oder "
                        "die betroffene Person eingewilligt hat (§ 67b SGB X).</p>",
                    ),
                    (
                        "callout",
                        "info",
                        "Ihre Ansprechperson",
                        "<p>Fragen zum Datenschutz beantwortet die oder der Datenschutzbeauftragte des "
                        "Jobcenters. Die Kontaktdaten finden Sie im Intranet unter „Datenschutz“.</p>",
                    ),
                ],
            },
            {
                "slug": "anfragen-und-datenpannen",
                "title": "Anfragen Dritter und Datenpannen",
                "intro": "Wer fragt da? Und was tun, wenn doch etwas schiefgeht?",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Am Telefon: Wer fragt?</h2>"
                        "<p>Geben Sie am Telefon nur Auskunft, wenn Sie sicher sind, mit der betroffenen "
                        "Person selbst zu sprechen. Angehörige, Vermieterinnen und Vermieter oder "
                        "Arbeitgeber erhalten ohne gesetzliche Befugnis oder Einwilligung keine Auskunft – "
                        "auch nicht die Bestätigung, dass jemand Bürgergeld bezieht.</p>"
                        "<p>Anfragen von Behörden wie Polizei oder Gericht lassen Sie sich schriftlich geben "
                        "und leiten sie an die zuständige Stelle im Haus weiter. Dort wird geprüft, ob eine "
                        "Übermittlung erlaubt ist.</p>",
                    ),
                    (
                        "steps",
                        "Datenpanne – was jetzt?",
                        [
                            (
                                "Ruhe bewahren",
                                "Fehler passieren. Entscheidend ist, dass Sie schnell handeln.",
                            ),
                            (
                                "Sofort melden",
                                "Informieren Sie Ihre Teamleitung und die oder den Datenschutzbeauftragten "
                                "sofort, spätestens am selben Tag.",
                            ),
                            (
                                "Schaden begrenzen",
                                "Bitten Sie zum Beispiel eine falsche Empfängerin, die E-Mail zu löschen, "
                                "und halten Sie fest, was sie geantwortet hat.",
                            ),
                            (
                                "Nichts vertuschen",
                                "Löschen Sie keine Spuren. Das Jobcenter muss Datenschutzverletzungen "
                                "dokumentieren (Art. 33 Abs. 5 DSGVO).",
                            ),
                        ],
                    ),
                    (
                        "callout",
                        "warning",
                        "72 Stunden",
                        "<p>Muss eine Datenschutzverletzung der Aufsichtsbehörde gemeldet werden, hat das "
                        "Jobcenter dafür höchstens 72 Stunden, nachdem es davon erfahren hat (Art. 33 DSGVO). "
                        "Die Frist kann schon laufen, sobald Sie davon wissen – deshalb zählt jede "
                        "Stunde.</p>",
                    ),
                ],
            },
            {
                "slug": "wissenscheck-datenschutz",
                "title": "Wissenscheck: Datenschutz und Sozialgeheimnis",
                "intro": "Der Abschluss der Unterweisung.",
                "minutes": 10,
                "rule": "quiz",
                "body": [],
                "check": {
                    "title": "Wissenscheck zur Unterweisung",
                    # Core rules without exceptions: every answer must be right; retries are unlimited.
                    "intro": "Diese Fragen betreffen Regeln, die ausnahmslos gelten. Deshalb müssen alle "
                    "Antworten stimmen. " + RETRY_NOTE,
                    "pass_mark": 100,
                    "questions": [
                        {
                            "kind": "single",
                            "prompt": "Eine Vermieterin ruft an und fragt, ob ihr Mieter Bürgergeld bezieht. "
                            "Was antworten Sie?",
                            "answers": [
                                (
                                    "Ich gebe keine Auskunft – auch nicht, ob er Kunde des Jobcenters ist.",
                                    True,
                                    "Richtig. Schon der Leistungsbezug ist ein Sozialdatum.",
                                ),
                                (
                                    "Ich bestätige nur den Bezug, nenne aber keine Beträge.",
                                    False,
                                    "Nein. Auch das ist eine Übermittlung von Sozialdaten ohne Befugnis.",
                                ),
                                (
                                    "Ich gebe Auskunft, weil es um die Miete geht.",
                                    False,
                                    "Nein. Ein Interesse der Vermieterin ist keine Befugnis.",
                                ),
                            ],
                            "explanation": "Ohne gesetzliche Befugnis oder Einwilligung dürfen Sie keine "
                            "Sozialdaten übermitteln (§ 35 SGB I, § 67b SGB X). Der Mieter kann seiner "
                            "Vermieterin selbst Auskunft geben.",
                        },
                        {
                            "kind": "multiple",
                            "prompt": "Welche Angaben sind Sozialdaten? Mehrere Antworten sind richtig.",
                            "answers": [
                                ("Die Anschrift einer Kundin", True, "Richtig."),
                                (
                                    "Die Tatsache, dass jemand einen Termin im Jobcenter hat",
                                    True,
                                    "Richtig. Schon sie verrät, dass die Person Kundin oder Kunde ist.",
                                ),
                                (
                                    "Ein ärztliches Attest in der E-Akte",
                                    True,
                                    "Richtig – sogar ein besonders geschütztes Gesundheitsdatum.",
                                ),
                                (
                                    "Die Öffnungszeiten des Jobcenters",
                                    False,
                                    "Nein. Sie beziehen sich auf keine Person.",
                                ),
                            ],
                            "explanation": "Sozialdaten sind alle Angaben über eine Person, die das "
                            "Jobcenter für seine Aufgaben verarbeitet (§ 67 Abs. 2 SGB X).",
                        },
                        {
                            "kind": "single",
                            "prompt": "Sie haben versehentlich einen Bescheid an eine falsche Adresse "
                            "geschickt. Wann melden Sie das?",
                            "answers": [
                                ("Sofort, spätestens am selben Tag", True, "Richtig."),
                                (
                                    "Erst, wenn sich jemand beschwert",
                                    False,
                                    "Nein. Dann kann die Frist für eine Meldung längst verstrichen sein.",
                                ),
                                (
                                    "Gar nicht, wenn der Brief zurückkommt",
                                    False,
                                    "Nein. Auch dann kann ihn jemand geöffnet haben. Das prüft die oder "
                                    "der Datenschutzbeauftragte.",
                                ),
                            ],
                            "explanation": "Für eine Meldung an die Aufsichtsbehörde bleiben dem Jobcenter "
                            "höchstens 72 Stunden (Art. 33 DSGVO).",
                        },
                        {
                            "kind": "single",
                            "prompt": "Eine Kollegin aus einem anderen Team bittet Sie, in der Akte ihres "
                            "Nachbarn nachzusehen. Was tun Sie?",
                            "answers": [
                                (
                                    "Ich lehne ab.",
                                    True,
                                    "Richtig. Auch im Haus verarbeiten Sie Sozialdaten nur für Ihre "
                                    "Aufgaben.",
                                ),
                                (
                                    "Ich sehe kurz nach, erzähle aber nichts weiter.",
                                    False,
                                    "Nein. Schon das Nachsehen ohne dienstlichen Grund ist unbefugt – und "
                                    "jeder Zugriff wird protokolliert.",
                                ),
                                (
                                    "Ich sehe nach, wenn meine Teamleitung einverstanden ist.",
                                    False,
                                    "Nein. Auch eine Teamleitung kann einen Zugriff ohne dienstlichen "
                                    "Grund nicht erlauben.",
                                ),
                            ],
                            "explanation": "Das Sozialgeheimnis gilt auch innerhalb des Jobcenters: "
                            "Zugriff nur, soweit Ihre Aufgabe ihn erfordert.",
                        },
                    ],
                },
            },
        ],
    },
    {
        "slug": "phishing-erkennen",
        "title": "Informationssicherheit: Phishing erkennen und melden",
        "programme": "pflichtschulungen",
        "summary": "Gefälschte E-Mails sind einer der häufigsten Wege, auf denen Angreifer in Behördennetze "
        "gelangen. Sie lernen die typischen Merkmale kennen und wissen, wie Sie verdächtige Nachrichten "
        "melden – auch wenn Sie schon geklickt haben.",
        "goals": [
            "typische Merkmale von Phishing-Nachrichten erkennen",
            "Absender und Links prüfen, ohne etwas anzuklicken",
            "verdächtige Nachrichten mit „Phishing melden“ an den IT-Service geben",
            "richtig handeln, wenn Sie bereits geklickt oder ein Kennwort eingegeben haben",
        ],
        "audience": "Alle Beschäftigten des Jobcenters (jährlich verpflichtend)",
        "competences": [("4.1", 3), ("4.2", 3)],
        "tags": ["Informationssicherheit", "Phishing", "Pflichtschulung", "BSI"],
        "prerequisites": [],
        "certificate": True,
        "validity_months": 12,
        "lessons": [
            {
                "slug": "merkmale",
                "title": "Woran Sie Phishing erkennen",
                "intro": "Fünf Fragen, die Sie jeder verdächtigen Nachricht stellen.",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Was ist Phishing?</h2>"
                        "<p>Beim Phishing geben sich Angreifer als vertrauenswürdige Absender aus – als "
                        "IT-Service, Paketdienst, Bank oder sogar als Ihre Amtsleitung. Sie wollen, dass Sie "
                        "auf einen Link klicken, einen Anhang öffnen oder ein Kennwort eingeben. Das Bundesamt "
                        "für Sicherheit in der Informationstechnik (BSI) warnt, dass auf diesem Weg häufig "
                        "Schadsoftware wie Ransomware ins Netz gelangt.</p>",
                    ),
                    (
                        "steps",
                        "Fünf Prüffragen",
                        [
                            (
                                "Kenne ich den Absender wirklich?",
                                "Sehen Sie sich die vollständige Adresse an, nicht nur den angezeigten "
                                "Namen. „IT-Service“ <it-service@jobcenter-musterkreis-support.com> ist "
                                "nicht unser IT-Service.",
                            ),
                            (
                                "Soll ich unter Zeitdruck handeln?",
                                "„Ihr Postfach wird in zwei Stunden gesperrt“: Künstlicher Druck ist ein "
                                "typisches Merkmal.",
                            ),
                            (
                                "Wohin führt der Link wirklich?",
                                "Fahren Sie mit der Maus über den Link, ohne zu klicken. Passt die angezeigte "
                                "Adresse nicht zum Absender, klicken Sie nicht.",
                            ),
                            (
                                "Werde ich nach Kennwort oder Daten gefragt?",
                                "Der IT-Service fragt Sie nie nach Ihrem Kennwort – weder per E-Mail noch "
                                "am Telefon.",
                            ),
                            (
                                "Passt die Nachricht zu mir?",
                                "Unerwartete Rechnungen, Paketbenachrichtigungen an die Dienstadresse oder "
                                "Bewerbungen, die Sie auffordern, Makros zu aktivieren, sind verdächtig.",
                            ),
                        ],
                    ),
                    (
                        "callout",
                        "info",
                        "Auch am Telefon und per SMS",
                        "<p>Betrug gibt es auch am Telefon und per SMS. Die Regeln sind dieselben: Geben Sie "
                        "keine Zugangsdaten heraus und rufen Sie im Zweifel über eine bekannte Nummer "
                        "zurück.</p>",
                    ),
                ],
            },
            {
                "slug": "melden-statt-loeschen",
                "title": "Melden statt löschen",
                "intro": "Warum eine Meldung allen hilft – und was Sie tun, wenn Sie schon geklickt haben.",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Warum melden?</h2>"
                        "<p>Eine gemeldete Phishing-Mail hilft allen: Der IT-Service kann die Nachricht aus "
                        "allen Postfächern entfernen und den Absender sperren, bevor jemand anderes klickt. "
                        "Löschen Sie verdächtige Nachrichten deshalb nicht einfach – melden Sie sie.</p>",
                    ),
                    (
                        "steps",
                        "So melden Sie eine verdächtige Nachricht",
                        [
                            (
                                "Nicht klicken, nicht antworten",
                                "Öffnen Sie keine Anhänge und Links und antworten Sie nicht.",
                            ),
                            (
                                "„Phishing melden“ wählen",
                                "Die Schaltfläche in Ihrem E-Mail-Programm schickt die Nachricht mit allen "
                                "technischen Angaben an den IT-Service und entfernt sie aus Ihrem "
                                "Posteingang.",
                            ),
                            (
                                "Kolleginnen und Kollegen nicht per Weiterleitung warnen",
                                "Leiten Sie die Nachricht nicht weiter. Warnungen an alle verschickt der "
                                "IT-Service.",
                            ),
                        ],
                    ),
                    (
                        "callout",
                        "warning",
                        "Schon geklickt?",
                        "<p>Das kann allen passieren. Entscheidend ist, dass Sie sofort handeln:</p>"
                        "<ul><li>Trennen Sie das Gerät vom Netz (Netzwerkkabel ziehen, WLAN ausschalten), "
                        "lassen Sie es aber eingeschaltet.</li>"
                        "<li>Rufen Sie sofort den IT-Service an.</li>"
                        "<li>Haben Sie ein Kennwort eingegeben, ändern Sie es mit dem IT-Service.</li></ul>"
                        "<p>Niemand wird dafür getadelt. Schweigen ist das Einzige, was wirklich "
                        "schadet.</p>",
                    ),
                ],
            },
            {
                "slug": "wissenscheck-phishing",
                "title": "Wissenscheck: Phishing",
                "intro": "Fünf Fragen zum Abschluss der Unterweisung.",
                "minutes": 5,
                "rule": "quiz",
                "body": [],
                "check": {
                    "intro": RETRY_NOTE,
                    "pass_mark": 80,
                    "questions": [
                        {
                            "kind": "multiple",
                            "prompt": "Welche Merkmale deuten auf Phishing hin? Mehrere Antworten sind "
                            "richtig.",
                            "answers": [
                                ("Zeitdruck: „Ihr Konto wird heute gesperrt“", True, "Richtig."),
                                (
                                    "Die Aufforderung, ein Kennwort über einen Link zu bestätigen",
                                    True,
                                    "Richtig.",
                                ),
                                (
                                    "Eine Absenderadresse, die einer bekannten nur ähnlich sieht",
                                    True,
                                    "Richtig.",
                                ),
                                (
                                    "Eine E-Mail Ihrer Teamleitung zu einem vereinbarten Termin",
                                    False,
                                    "Eine erwartete Nachricht im gewohnten Zusammenhang ist unauffällig. "
                                    "Werden Sie aber stutzig, wenn plötzlich ungewöhnliche Bitten kommen.",
                                ),
                            ],
                            "explanation": "Druck, Bitten um Zugangsdaten und gefälschte Absender sind die "
                            "häufigsten Merkmale.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Sie erhalten eine verdächtige E-Mail. Was tun Sie?",
                            "answers": [
                                (
                                    "Mit „Phishing melden“ an den IT-Service geben",
                                    True,
                                    "Richtig. So schützt der IT-Service alle Postfächer.",
                                ),
                                (
                                    "Löschen, damit nichts passiert",
                                    False,
                                    "Besser melden: Nur dann kann der IT-Service die Nachricht aus allen "
                                    "Postfächern entfernen.",
                                ),
                                (
                                    "An Kolleginnen und Kollegen weiterleiten, um sie zu warnen",
                                    False,
                                    "Nein. So verbreiten Sie die gefährliche Nachricht weiter.",
                                ),
                            ],
                            "explanation": "Eine Meldung schützt alle, ein Löschen nur Sie selbst.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Sie haben auf einen Link geklickt und Ihr Kennwort eingegeben. Was ist "
                            "der erste Schritt?",
                            "answers": [
                                (
                                    "Sofort den IT-Service anrufen",
                                    True,
                                    "Richtig. Je schneller der IT-Service Bescheid weiß, desto kleiner der "
                                    "Schaden.",
                                ),
                                (
                                    "Abwarten, ob etwas passiert",
                                    False,
                                    "Nein. Angreifer nutzen erbeutete Kennwörter oft innerhalb von Minuten.",
                                ),
                                (
                                    "Den Computer ausschalten und Feierabend machen",
                                    False,
                                    "Nein. Ausschalten kann Spuren vernichten. Trennen Sie das Gerät vom "
                                    "Netz und rufen Sie an.",
                                ),
                            ],
                            "explanation": "Schnell melden ist das Wichtigste. Niemand wird für eine "
                            "ehrliche Meldung getadelt.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Wie prüfen Sie, wohin ein Link führt?",
                            "answers": [
                                (
                                    "Mit der Maus darüberfahren, ohne zu klicken, und die angezeigte Adresse "
                                    "lesen",
                                    True,
                                    "Richtig.",
                                ),
                                (
                                    "Den Link anklicken und schnell wieder schließen",
                                    False,
                                    "Nein. Schon das Öffnen einer Seite kann Schadsoftware laden.",
                                ),
                                (
                                    "Auf den sichtbaren Linktext vertrauen",
                                    False,
                                    "Nein. Hinter dem sichtbaren Text kann sich eine ganz andere Adresse "
                                    "verbergen.",
                                ),
                            ],
                            "explanation": "Die echte Zieladresse zeigt das E-Mail-Programm, wenn Sie mit "
                            "der Maus über den Link fahren.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Der „IT-Service“ ruft an und bittet um Ihr Kennwort, um ein Problem "
                            "zu beheben. Was tun Sie?",
                            "answers": [
                                (
                                    "Ich nenne mein Kennwort nicht und melde den Anruf dem IT-Service.",
                                    True,
                                    "Richtig. Der echte IT-Service fragt nie nach Ihrem Kennwort.",
                                ),
                                (
                                    "Ich nenne es, wenn der Anrufer meinen Namen und meine Durchwahl kennt.",
                                    False,
                                    "Nein. Namen und Durchwahlen stehen oft in Signaturen oder im Internet.",
                                ),
                            ],
                            "explanation": "Ihr Kennwort kennen nur Sie. Wer danach fragt, ist verdächtig.",
                        },
                    ],
                },
            },
        ],
    },
    {
        "slug": "barrierefreie-dokumente",
        "title": "Barrierefreie Dokumente erstellen",
        "programme": "inhouse-schulungen",
        "summary": "Schreiben, Merkblätter und PDF-Dateien des Jobcenters sollen alle nutzen können – auch "
        "Menschen, die einen Screenreader verwenden oder schlecht sehen. Sie lernen die wichtigsten Regeln "
        "und prüfen Ihre Dokumente selbst.",
        "goals": [
            "Überschriften, Listen und Tabellen mit Formatvorlagen richtig auszeichnen",
            "Alternativtexte für Bilder und Grafiken schreiben",
            "ausreichende Kontraste wählen und Informationen nicht nur über Farbe vermitteln",
            "ein barrierefreies PDF erzeugen und prüfen",
        ],
        "audience": "Beschäftigte, die Vorlagen, Merkblätter und Schreiben erstellen",
        "competences": [("3.1", 4), ("3.2", 3)],
        "tags": ["Barrierefreiheit", "Dokumente", "BITV 2.0"],
        "prerequisites": [],
        "certificate": True,
        "validity_months": None,
        "lessons": [
            {
                "slug": "grundregeln",
                "title": "Die Grundregeln",
                "intro": "Struktur statt Aussehen: Was ein Dokument barrierefrei macht.",
                "minutes": 15,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Warum barrierefrei?</h2>"
                        "<p>Öffentliche Stellen müssen ihre digitalen Angebote barrierefrei gestalten, auch "
                        "Dokumente zum Herunterladen (Behindertengleichstellungsgesetz und BITV 2.0). Davon "
                        "profitieren alle: Barrierefreie Dokumente sind klar gegliedert, gut lesbar und auch "
                        "auf dem Smartphone nutzbar.</p>"
                        "<h2>Struktur statt Aussehen</h2>"
                        "<p>Ein Screenreader erkennt eine Überschrift nur, wenn sie als Überschrift "
                        "ausgezeichnet ist – fette, große Schrift genügt nicht. Nutzen Sie deshalb immer die "
                        "Formatvorlagen „Überschrift 1“ und „Überschrift 2“ und die Listenfunktion.</p>",
                    ),
                    (
                        "steps",
                        "Checkliste für jedes Dokument",
                        [
                            (
                                "Formatvorlagen für Überschriften",
                                "Eine Ebene nach der anderen, ohne Sprünge.",
                            ),
                            (
                                "Alternativtexte",
                                "Beschreiben Sie, was ein Bild aussagt, nicht wie es aussieht. Rein "
                                "schmückende Bilder markieren Sie als dekorativ.",
                            ),
                            ("Kontrast", "Normaler Text braucht einen Kontrast von mindestens 4,5 : 1."),
                            (
                                "Nicht nur Farbe",
                                "„Rot markierte Felder sind Pflicht“ reicht nicht. Ergänzen Sie das Wort "
                                "„Pflichtfeld“ oder ein Sternchen mit Erklärung.",
                            ),
                            (
                                "Tabellen mit Kopfzeile",
                                "Legen Sie die erste Zeile als Überschriftenzeile fest und verzichten Sie "
                                "auf verbundene Zellen.",
                            ),
                            (
                                "Sprache und Titel",
                                "Stellen Sie die Dokumentsprache auf Deutsch und geben Sie dem Dokument in "
                                "den Eigenschaften einen aussagekräftigen Titel.",
                            ),
                        ],
                    ),
                ],
            },
            {
                "slug": "pdf-erzeugen-und-pruefen",
                "title": "Barrierefreies PDF erzeugen und prüfen",
                "intro": "Vom Word-Dokument zum geprüften PDF.",
                "minutes": 15,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<p>Ein barrierefreies PDF entsteht aus einem gut strukturierten Ausgangsdokument. "
                        "Speichern Sie es über „Speichern unter“ als PDF und aktivieren Sie in den Optionen "
                        "„Dokumentstrukturtags für Barrierefreiheit“. Drucken Sie nicht in ein PDF: Dabei "
                        "geht die Struktur verloren.</p>",
                    ),
                    (
                        "steps",
                        "So prüfen Sie Ihr Dokument",
                        [
                            (
                                "Barrierefreiheit überprüfen",
                                "Starten Sie in Word unter „Überprüfen“ die Funktion „Barrierefreiheit "
                                "überprüfen“ und beheben Sie alle Fehler.",
                            ),
                            (
                                "PDF prüfen",
                                "Prüfen Sie das PDF mit dem kostenlosen PDF Accessibility Checker (PAC). Er "
                                "testet nach dem Standard PDF/UA.",
                            ),
                            (
                                "Selbst ausprobieren",
                                "Springen Sie mit der Tabulatortaste durch Links und Formularfelder: Ist die "
                                "Reihenfolge sinnvoll?",
                            ),
                        ],
                    ),
                    (
                        "callout",
                        "success",
                        "Tipp: Verständliche Sprache",
                        "<p>Barrierefreiheit betrifft auch die Sprache. Kurze Sätze, aktive Formulierungen "
                        "und erklärte Fachbegriffe helfen allen. Für wichtige Merkblätter gibt es zusätzlich "
                        "Fassungen in Leichter Sprache.</p>",
                    ),
                ],
            },
            {
                "slug": "wissenscheck-barrierefreiheit",
                "title": "Wissenscheck: Barrierefreie Dokumente",
                "intro": "Vier Fragen zu Struktur, Kontrast und PDF.",
                "minutes": 5,
                "rule": "quiz",
                "body": [],
                "check": {
                    "intro": RETRY_NOTE,
                    "pass_mark": 80,
                    "questions": [
                        {
                            "kind": "single",
                            "prompt": "Wie machen Sie eine Überschrift für Screenreader erkennbar?",
                            "answers": [
                                (
                                    "Mit der Formatvorlage „Überschrift 1“ oder „Überschrift 2“",
                                    True,
                                    "Richtig.",
                                ),
                                (
                                    "Mit fetter, größerer Schrift",
                                    False,
                                    "Nein. Das sieht nur aus wie eine Überschrift; ein Screenreader "
                                    "erkennt sie nicht.",
                                ),
                                (
                                    "Mit Großbuchstaben",
                                    False,
                                    "Nein. Großbuchstaben sind schwerer zu lesen und keine Auszeichnung.",
                                ),
                            ],
                            "explanation": "Screenreader lesen die Struktur eines Dokuments, nicht sein "
                            "Aussehen.",
                        },
                        {
                            "kind": "multiple",
                            "prompt": "Was gehört zu einem barrierefreien Dokument? Mehrere Antworten sind "
                            "richtig.",
                            "answers": [
                                ("Alternativtexte für aussagekräftige Bilder", True, "Richtig."),
                                ("Tabellen mit festgelegter Kopfzeile", True, "Richtig."),
                                ("Eine eingestellte Dokumentsprache", True, "Richtig."),
                                (
                                    "Wichtige Hinweise nur in roter Schrift",
                                    False,
                                    "Nein. Farbe allein erreicht nicht alle; ergänzen Sie Text.",
                                ),
                            ],
                            "explanation": "Alle Informationen müssen auch ohne Bild und ohne Farbe "
                            "verständlich sein.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Welchen Kontrast braucht normaler Text mindestens (WCAG 2.1, Stufe AA)?",
                            "answers": [
                                ("4,5 : 1", True, "Richtig."),
                                (
                                    "2 : 1",
                                    False,
                                    "Zu wenig. Schwarz auf Weiß hat 21 : 1, hellgrau auf Weiß oft "
                                    "weniger als 3 : 1.",
                                ),
                                (
                                    "Kontrast spielt keine Rolle, wenn die Schrift groß genug ist.",
                                    False,
                                    "Nein. Auch große Schrift braucht mindestens 3 : 1.",
                                ),
                            ],
                            "explanation": "WCAG 2.1 verlangt auf Stufe AA für normalen Text 4,5 : 1 und für "
                            "großen Text 3 : 1.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Wie erzeugen Sie aus Word ein barrierefreies PDF?",
                            "answers": [
                                (
                                    "„Speichern unter“ als PDF mit Dokumentstrukturtags",
                                    True,
                                    "Richtig. So bleibt die Struktur erhalten.",
                                ),
                                (
                                    "Über „Drucken“ mit einem PDF-Drucker",
                                    False,
                                    "Nein. Beim Drucken geht die Struktur verloren.",
                                ),
                                (
                                    "Durch Einscannen des ausgedruckten Dokuments",
                                    False,
                                    "Nein. Ein Scan ist nur ein Bild, ohne Text und ohne Struktur.",
                                ),
                            ],
                            "explanation": "Nur ein PDF mit Tags gibt die Struktur an Screenreader weiter.",
                        },
                    ],
                },
            },
        ],
    },
    {
        "slug": "online-antrag-buergergeld",
        "title": "Online-Antrag Bürgergeld: Kundinnen und Kunden begleiten",
        "programme": "inhouse-schulungen",
        "summary": "Immer mehr Menschen stellen ihren Antrag auf Bürgergeld online. Sie lernen, wie der "
        "Online-Antrag aufgebaut ist, wie Sie Kundinnen und Kunden am Servicearbeitsplatz unterstützen und "
        "was Sie anbieten, wenn jemand nicht online gehen kann oder möchte.",
        "goals": [
            "den Ablauf von Online-Antrag und Online-Postfach erklären",
            "Kundinnen und Kunden beim Ausfüllen unterstützen, ohne ihre Zugangsdaten zu benutzen",
            "beim Hochladen von Nachweisen helfen",
            "auf den Antrag auf Papier oder vor Ort hinweisen, wenn das besser passt",
        ],
        "audience": "Beschäftigte in Eingangszone und Leistungsgewährung",
        "competences": [("2.3", 4), ("2.1", 3)],
        "tags": ["Online-Antrag", "Bürgergeld", "Kundenkontakt"],
        "prerequisites": [],
        "certificate": True,
        "validity_months": None,
        "lessons": [
            {
                "slug": "so-funktioniert-der-online-antrag",
                "title": "So funktioniert der Online-Antrag",
                "intro": "Vom Nutzerkonto bis zum Bescheid im Postfach.",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Vom Konto bis zum Bescheid</h2>"
                        "<p>Für den Online-Antrag melden sich Kundinnen und Kunden im Portal des Jobcenters "
                        "an, zum Beispiel mit ihrer BundID. Der Antrag führt Schritt für Schritt durch alle "
                        "Fragen; Nachweise laden sie direkt hoch. Nach dem Absenden liegt alles in der E-Akte. "
                        "Rückfragen lesen sie im Online-Postfach, Bescheide dort, wenn sie der elektronischen "
                        "Bekanntgabe zugestimmt haben.</p>"
                        "<h2>Der Antrag wirkt ab dem Monatsersten</h2>"
                        "<p>Der Antrag auf Bürgergeld wirkt auf den Ersten des Monats zurück, in dem er "
                        "gestellt wurde (§ 37 Abs. 2 SGB II). Fehlende Nachweise sind deshalb kein Grund, mit "
                        "dem Antrag zu warten: Sie können nachgereicht werden.</p>",
                    ),
                    (
                        "callout",
                        "info",
                        "Nicht online? Kein Problem.",
                        "<p>Niemand muss den Antrag online stellen. Der Antrag auf Papier und die "
                        "Antragstellung vor Ort bleiben möglich. Weisen Sie freundlich darauf hin, wenn "
                        "jemand unsicher ist.</p>",
                    ),
                ],
            },
            {
                "slug": "am-servicearbeitsplatz-begleiten",
                "title": "Am Servicearbeitsplatz begleiten",
                "intro": "Helfen, ohne zu übernehmen.",
                "minutes": 15,
                "rule": "read",
                "body": [
                    (
                        "steps",
                        "So begleiten Sie",
                        [
                            (
                                "Selbst tippen lassen",
                                "Die Kundin oder der Kunde bedient Tastatur und Maus. Sie erklären und "
                                "zeigen.",
                            ),
                            (
                                "Zugangsdaten bleiben privat",
                                "Lassen Sie sich keine Kennwörter nennen und melden Sie sich nie mit fremden "
                                "Zugangsdaten an.",
                            ),
                            (
                                "Nachweise hochladen",
                                "Fotos von Dokumenten sollen scharf, vollständig und gut ausgeleuchtet sein. "
                                "Mehrseitige Nachweise lädt man am besten als eine PDF-Datei hoch.",
                            ),
                            (
                                "Abmelden",
                                "Zum Schluss meldet sich die Person ab und schließt den Browser. Prüfen Sie, "
                                "dass keine Dateien im Download-Ordner zurückbleiben.",
                            ),
                        ],
                    ),
                    (
                        "callout",
                        "info",
                        "Beraten gehört dazu",
                        "<p>Sie dürfen und sollen erklären, was eine Frage im Antrag bedeutet – das Jobcenter "
                        "ist zur Beratung verpflichtet (§ 14 SGB I). Die Angaben selbst macht die Person, die "
                        "den Antrag stellt.</p>",
                    ),
                ],
            },
            {
                "slug": "wissenscheck-online-antrag",
                "title": "Wissenscheck: Online-Antrag",
                "intro": "Vier Fragen aus der Eingangszone.",
                "minutes": 5,
                "rule": "quiz",
                "body": [],
                "check": {
                    "intro": RETRY_NOTE,
                    "pass_mark": 80,
                    "questions": [
                        {
                            "kind": "single",
                            "prompt": "Ein Kunde stellt seinen Antrag am 20. März. Ab wann kann er frühestens "
                            "Bürgergeld erhalten?",
                            "answers": [
                                (
                                    "Ab dem 1. März",
                                    True,
                                    "Richtig. Der Antrag wirkt auf den Monatsersten zurück.",
                                ),
                                (
                                    "Ab dem 20. März",
                                    False,
                                    "Nein. Der Antrag wirkt auf den Ersten des Monats zurück.",
                                ),
                                ("Ab dem 1. April", False, "Nein. Der Antrag wirkt schon für den März."),
                            ],
                            "explanation": "Der Antrag auf Bürgergeld wirkt auf den Ersten des Monats "
                            "zurück, in dem er gestellt wird (§ 37 Abs. 2 SGB II).",
                        },
                        {
                            "kind": "multiple",
                            "prompt": "Was ist bei der Begleitung am Servicearbeitsplatz richtig? Mehrere "
                            "Antworten sind richtig.",
                            "answers": [
                                ("Die Kundin bedient Maus und Tastatur selbst.", True, "Richtig."),
                                ("Sie erklären, was eine Frage im Antrag bedeutet.", True, "Richtig."),
                                (
                                    "Sie melden sich mit den Zugangsdaten des Kunden an, um Zeit zu sparen.",
                                    False,
                                    "Nein. Zugangsdaten sind persönlich; Sie benutzen sie nie.",
                                ),
                                (
                                    "Zum Schluss wird abgemeldet und der Browser geschlossen.",
                                    True,
                                    "Richtig.",
                                ),
                            ],
                            "explanation": "Sie beraten und zeigen; die Person handelt selbst und behält "
                            "die Kontrolle über ihr Konto.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Einem Kunden fehlen noch Nachweise. Was raten Sie ihm?",
                            "answers": [
                                (
                                    "Den Antrag jetzt stellen und die Nachweise nachreichen",
                                    True,
                                    "Richtig. So geht kein Anspruch verloren.",
                                ),
                                (
                                    "Mit dem Antrag warten, bis alles vollständig ist",
                                    False,
                                    "Nein. Wer bis in den nächsten Monat wartet, verliert Leistungen.",
                                ),
                                (
                                    "Erst einen Termin vor Ort vereinbaren",
                                    False,
                                    "Nicht nötig. Der Antrag kann sofort gestellt werden.",
                                ),
                            ],
                            "explanation": "Entscheidend für den Beginn der Leistung ist der Antrag, nicht "
                            "die Vollständigkeit der Nachweise.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Eine Kundin möchte den Antrag lieber auf Papier stellen. Wie reagieren "
                            "Sie?",
                            "answers": [
                                (
                                    "Ich gebe ihr den Papierantrag und biete Hilfe beim Ausfüllen an.",
                                    True,
                                    "Richtig.",
                                ),
                                (
                                    "Ich bestehe auf dem Online-Antrag, weil er schneller bearbeitet wird.",
                                    False,
                                    "Nein. Der Online-Antrag ist ein Angebot, keine Pflicht.",
                                ),
                            ],
                            "explanation": "Digitale Angebote ergänzen die bisherigen Wege; niemand wird "
                            "ausgeschlossen.",
                        },
                    ],
                },
            },
        ],
    },
    {
        "slug": "termin-und-postfachkommunikation",
        "title": "Digitale Termin- und Postfachkommunikation",
        "programme": "inhouse-schulungen",
        "summary": "Termine online vergeben, Nachrichten im Online-Postfach beantworten, Bescheide "
        "elektronisch bereitstellen: Sie lernen, wie die digitale Kommunikation mit Kundinnen und Kunden "
        "funktioniert und worauf Sie bei Einwilligungen und Einladungen achten.",
        "goals": [
            "Online-Termine freigeben, verschieben und absagen",
            "Nachrichten im Online-Postfach verständlich und zeitnah beantworten",
            "prüfen, ob eine Kundin oder ein Kunde der elektronischen Bekanntgabe zugestimmt hat",
            "Team-Postfächer so nutzen, dass nichts liegen bleibt",
        ],
        "audience": "Beschäftigte mit Kundenkontakt",
        "competences": [("2.1", 3), ("2.2", 3)],
        "tags": ["Online-Postfach", "Termine", "Kommunikation", "Kundenkontakt"],
        "prerequisites": [],
        "certificate": True,
        "validity_months": None,
        "lessons": [
            {
                "slug": "termine-online-vergeben",
                "title": "Termine online vergeben",
                "intro": "Buchbare Zeiten, Bestätigungen und Absagen.",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Online-Termine</h2>"
                        "<p>Kundinnen und Kunden können freigegebene Termine selbst im Portal buchen. Sie "
                        "legen fest, welche Zeiten buchbar sind, und sehen Buchungen in Ihrem Kalender. Die "
                        "Bestätigung mit allen Angaben verschickt das System automatisch.</p>",
                    ),
                    (
                        "steps",
                        "Einen Termin verschieben oder absagen",
                        [
                            ("Termin im Kalender öffnen", "Wählen Sie „Verschieben“ oder „Absagen“."),
                            (
                                "Grund kurz und freundlich nennen",
                                "Schreiben Sie verständlich und ohne Abkürzungen aus dem Fachverfahren.",
                            ),
                            (
                                "Neuen Termin anbieten",
                                "Bieten Sie mindestens einen Ersatztermin an oder verweisen Sie auf die "
                                "Online-Buchung.",
                            ),
                        ],
                    ),
                    (
                        "callout",
                        "info",
                        "Einladungen mit Rechtsfolgenbelehrung",
                        "<p>Eine Einladung zu einem Meldetermin (§ 59 SGB II in Verbindung mit § 309 SGB III) "
                        "braucht eine Rechtsfolgenbelehrung. Solche Einladungen erstellen Sie im "
                        "Fachverfahren, nicht als einfache Online-Buchung.</p>",
                    ),
                ],
            },
            {
                "slug": "das-online-postfach",
                "title": "Das Online-Postfach",
                "intro": "Nachrichten beantworten und Bescheide elektronisch bereitstellen.",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Nachrichten beantworten</h2>"
                        "<p>Nachrichten aus dem Online-Postfach landen in der E-Akte; ihr Eingangsdatum "
                        "zählt wie das eines Briefes. Beantworten Sie sie zeitnah, spätestens innerhalb der "
                        "im Haus vereinbarten Bearbeitungszeit. Schreiben Sie kurze Sätze und erklären Sie "
                        "Fachbegriffe.</p>"
                        "<h2>Elektronische Bekanntgabe</h2>"
                        "<p>Bescheide stellen Sie nur dann im Postfach bereit, wenn die Kundin oder der "
                        "Kunde dem ausdrücklich zugestimmt hat. Die Zustimmung sehen Sie in der "
                        "Kundenübersicht. Fehlt sie, geht der Bescheid per Post.</p>",
                    ),
                    (
                        "callout",
                        "success",
                        "Tipp: Team-Postfach",
                        "<p>Beantworten Sie Kundennachrichten aus dem Team-Postfach, nicht aus Ihrem "
                        "persönlichen. So bleibt bei Urlaub oder Krankheit nichts liegen. Kennzeichnen Sie, "
                        "wer eine Nachricht bearbeitet.</p>",
                    ),
                ],
            },
            {
                "slug": "wissenscheck-postfach",
                "title": "Wissenscheck: Termine und Postfach",
                "intro": "Drei Fragen zur digitalen Kommunikation.",
                "minutes": 5,
                "rule": "quiz",
                "body": [],
                "check": {
                    "intro": RETRY_NOTE,
                    "pass_mark": 80,
                    "questions": [
                        {
                            "kind": "single",
                            "prompt": "Wann dürfen Sie einen Bescheid im Online-Postfach bereitstellen?",
                            "answers": [
                                (
                                    "Wenn die Kundin oder der Kunde der elektronischen Bekanntgabe zugestimmt "
                                    "hat",
                                    True,
                                    "Richtig.",
                                ),
                                (
                                    "Immer, wenn ein Nutzerkonto besteht",
                                    False,
                                    "Nein. Ein Konto allein ist keine Zustimmung.",
                                ),
                                (
                                    "Nur bei kurzen Bescheiden",
                                    False,
                                    "Nein. Auf die Länge kommt es nicht an, sondern auf die Zustimmung.",
                                ),
                            ],
                            "explanation": "Ohne Zustimmung wird ein Bescheid per Post bekannt gegeben.",
                        },
                        {
                            "kind": "multiple",
                            "prompt": "Was gilt für Nachrichten im Online-Postfach? Mehrere Antworten sind "
                            "richtig.",
                            "answers": [
                                ("Sie werden in der E-Akte gespeichert.", True, "Richtig."),
                                ("Sie werden zeitnah beantwortet.", True, "Richtig."),
                                (
                                    "Sie dürfen unbeantwortet bleiben, wenn die Person auch anrufen könnte.",
                                    False,
                                    "Nein. Eine Nachricht ist eine Anfrage wie ein Brief.",
                                ),
                                ("Sie werden am besten aus dem Team-Postfach beantwortet.", True, "Richtig."),
                            ],
                            "explanation": "Nachrichten im Postfach sind so verbindlich wie Briefe.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Sie möchten zu einem Meldetermin mit Rechtsfolgenbelehrung einladen. "
                            "Wie gehen Sie vor?",
                            "answers": [
                                (
                                    "Ich erstelle die Einladung im Fachverfahren.",
                                    True,
                                    "Richtig. Nur dort entsteht eine Einladung mit Rechtsfolgenbelehrung.",
                                ),
                                (
                                    "Ich gebe einen Online-Termin zur Buchung frei.",
                                    False,
                                    "Nein. Eine Online-Buchung enthält keine Rechtsfolgenbelehrung.",
                                ),
                                (
                                    "Ich schreibe eine formlose Nachricht ins Postfach.",
                                    False,
                                    "Nein. Auch ihr fehlt die Rechtsfolgenbelehrung.",
                                ),
                            ],
                            "explanation": "Eine Einladung zum Meldetermin hat Rechtsfolgen. Deshalb "
                            "entsteht sie im Fachverfahren mit den geprüften Textbausteinen.",
                        },
                    ],
                },
            },
        ],
    },
    {
        "slug": "teams-raeume",
        "title": "Kollaborativ arbeiten mit Teams-Räumen",
        "programme": "inhouse-schulungen",
        "summary": "In Teams-Räumen teilen Sie Dateien, planen Aufgaben und stimmen sich ab – ohne "
        "E-Mail-Flut. Sie lernen, wie Sie einen Teamraum übersichtlich aufbauen und welche Inhalte dort "
        "nichts zu suchen haben.",
        "goals": [
            "einen Teamraum mit Kanälen, Dateien und Aufgaben übersichtlich aufbauen",
            "gemeinsam an einem Dokument arbeiten, statt Fassungen per E-Mail zu verschicken",
            "entscheiden, was in den Teamraum gehört und was in die E-Akte",
        ],
        "audience": "Alle Beschäftigten, besonders Teamleitungen und Projektgruppen",
        "competences": [("2.4", 3), ("2.2", 3)],
        "tags": ["Zusammenarbeit", "Teams-Räume", "Kommunikation"],
        "prerequisites": [],
        "certificate": True,
        "validity_months": None,
        "lessons": [
            {
                "slug": "teamraum-aufbauen",
                "title": "Einen Teamraum aufbauen",
                "intro": "Ein Ort für alles, was das Team gemeinsam braucht.",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Wofür Teams-Räume da sind</h2>"
                        "<p>Ein Teams-Raum ist der gemeinsame Arbeitsplatz eines Teams oder Projekts: "
                        "Ankündigungen, Besprechungsnotizen, Vorlagen, Dienstpläne und Aufgaben liegen an "
                        "einem Ort, und alle arbeiten mit derselben Fassung einer Datei.</p>",
                    ),
                    (
                        "steps",
                        "So bleibt der Raum übersichtlich",
                        [
                            (
                                "Wenige Kanäle",
                                "Ein Kanal je Thema, zum Beispiel „Allgemein“, „Vorlagen“ und "
                                "„Projekt Online-Antrag“.",
                            ),
                            (
                                "Links statt Anhänge",
                                "Teilen Sie einen Link auf die Datei im Raum statt Kopien.",
                            ),
                            (
                                "Aufgaben sichtbar machen",
                                "Legen Sie Aufgaben mit Verantwortlichen und Termin an.",
                            ),
                            ("Aufräumen", "Archivieren Sie Kanäle abgeschlossener Projekte."),
                        ],
                    ),
                ],
            },
            {
                "slug": "was-gehoert-wohin",
                "title": "Was gehört in den Teamraum – und was nicht?",
                "intro": "Organisation ja, Fälle nein.",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Organisation ja, Fälle nein</h2>"
                        "<p>Teams-Räume sind für die Organisation der Arbeit gedacht. Sozialdaten von "
                        "Kundinnen und Kunden gehören in die E-Akte und das Fachverfahren, nicht in Chats, "
                        "Kanäle oder Dateiablagen eines Teamraums. Nur dort gelten die passenden "
                        "Berechtigungen, Aufbewahrungsfristen und Löschregeln.</p>"
                        "<p>Wollen Sie im Team über einen Fall sprechen, tun Sie das im Gespräch oder im "
                        "Fachverfahren – nicht im Chat.</p>",
                    ),
                    (
                        "callout",
                        "warning",
                        "Gäste im Raum",
                        "<p>Externe Gäste, etwa von Bildungsträgern, laden Sie nur in Räume ein, die dafür "
                        "eingerichtet sind. Prüfen Sie vorher, welche Dateien dort liegen.</p>",
                    ),
                ],
            },
            {
                "slug": "wissenscheck-teams-raeume",
                "title": "Wissenscheck: Teams-Räume",
                "intro": "Drei Fragen zur Zusammenarbeit.",
                "minutes": 5,
                "rule": "quiz",
                "body": [],
                "check": {
                    "intro": RETRY_NOTE,
                    "pass_mark": 80,
                    "questions": [
                        {
                            "kind": "single",
                            "prompt": "Ein Kollege möchte im Kanal „Allgemein“ fragen, wie es mit dem Antrag "
                            "von Frau M. weitergeht. Was raten Sie?",
                            "answers": [
                                (
                                    "Den Fall im Gespräch oder im Fachverfahren klären, nicht im Chat",
                                    True,
                                    "Richtig.",
                                ),
                                (
                                    "Nur die Initialen nennen, dann ist es in Ordnung",
                                    False,
                                    "Nein. Auch mit Initialen lässt sich eine Person oft erkennen.",
                                ),
                                (
                                    "Den vollen Namen nennen, der Raum ist ja intern",
                                    False,
                                    "Nein. Im Teamraum gelten nicht die Berechtigungen der E-Akte.",
                                ),
                            ],
                            "explanation": "Sozialdaten gehören in die E-Akte und das Fachverfahren.",
                        },
                        {
                            "kind": "multiple",
                            "prompt": "Was gehört in einen Teamraum? Mehrere Antworten sind richtig.",
                            "answers": [
                                ("Dienstpläne", True, "Richtig."),
                                ("Vorlagen für Schreiben", True, "Richtig."),
                                ("Besprechungsnotizen ohne Kundendaten", True, "Richtig."),
                                (
                                    "Eingescannte Kontoauszüge",
                                    False,
                                    "Nein. Nachweise gehören in die E-Akte.",
                                ),
                            ],
                            "explanation": "Alles zur Organisation der Arbeit gehört in den Teamraum, alles "
                            "zu einzelnen Fällen in die E-Akte.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Sie schreiben zu dritt ein Konzept. Wie arbeiten Sie am besten?",
                            "answers": [
                                ("Alle bearbeiten dieselbe Datei im Teamraum.", True, "Richtig."),
                                (
                                    "Jede Person schickt ihre Fassung per E-Mail herum.",
                                    False,
                                    "So entstehen widersprüchliche Fassungen.",
                                ),
                                (
                                    "Eine Person sammelt Ausdrucke mit Anmerkungen.",
                                    False,
                                    "Das geht, kostet aber Zeit und Papier.",
                                ),
                            ],
                            "explanation": "Eine gemeinsame Datei ist immer aktuell, und alle sehen, was "
                            "sich geändert hat.",
                        },
                    ],
                },
            },
        ],
    },
    {
        "slug": "ki-im-verwaltungsalltag",
        "title": "Künstliche Intelligenz im Verwaltungsalltag: Chancen und Grenzen",
        "programme": "inhouse-schulungen",
        "summary": "KI-Assistenten können Texte entwerfen, zusammenfassen und vereinfachen. Sie lernen, wofür "
        "Sie die freigegebenen KI-Werkzeuge des Jobcenters nutzen können, wo ihre Grenzen liegen und warum "
        "Entscheidungen über Leistungen immer bei Menschen bleiben.",
        "goals": [
            "erklären, wie generative KI Texte erzeugt und warum sie Fehler macht",
            "freigegebene KI-Werkzeuge für geeignete Aufgaben nutzen",
            "Sozialdaten nie in nicht freigegebene KI-Dienste eingeben",
            "KI-Ergebnisse prüfen und verantworten",
        ],
        "audience": "Alle Beschäftigten",
        "competences": [("1.2", 4), ("5.2", 3), ("4.2", 3)],
        "tags": ["Künstliche Intelligenz", "KI-Kompetenz", "Datenschutz"],
        "prerequisites": [],
        "certificate": True,
        "validity_months": None,
        "lessons": [
            {
                "slug": "wie-ki-assistenten-arbeiten",
                "title": "Wie KI-Assistenten arbeiten",
                "intro": "Wahrscheinlich heißt nicht wahr.",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Wahrscheinlich, nicht wahr</h2>"
                        "<p>Sprachmodelle berechnen, welches Wort am wahrscheinlichsten als Nächstes folgt. "
                        "So entstehen flüssige Texte, die trotzdem falsch sein können. Erfundene Fakten, "
                        "Paragrafen oder Quellen nennt man Halluzinationen. Ein KI-Text ist deshalb immer ein "
                        "Entwurf, den Sie prüfen.</p>"
                        "<h2>KI-Kompetenz ist Pflicht</h2>"
                        "<p>Die europäische KI-Verordnung verpflichtet seit dem 2. Februar 2025 alle, die "
                        "KI-Systeme einsetzen – auch Behörden –, für ausreichende KI-Kompetenz ihrer "
                        "Beschäftigten zu sorgen (Art. 4 KI-Verordnung). Dieser Kurs ist ein Baustein "
                        "dafür.</p>",
                    ),
                    (
                        "steps",
                        "Gute Einsatzfelder",
                        [
                            (
                                "Texte entwerfen",
                                "Zum Beispiel einen verständlichen Erklärtext zu einem Merkblatt.",
                            ),
                            (
                                "Zusammenfassen",
                                "Lange Rundschreiben ohne personenbezogene Daten zusammenfassen lassen.",
                            ),
                            (
                                "Vereinfachen",
                                "Einen Text in einfachere Sprache übertragen – und das Ergebnis fachlich "
                                "prüfen.",
                            ),
                        ],
                    ),
                ],
            },
            {
                "slug": "grenzen-und-regeln",
                "title": "Grenzen und Regeln",
                "intro": "Was nie in eine KI gehört und wer am Ende entscheidet.",
                "minutes": 10,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Keine Sozialdaten in fremde Dienste</h2>"
                        "<p>Öffentlich zugängliche KI-Dienste speichern und verarbeiten Eingaben oft auf "
                        "Servern, über die das Jobcenter keine Kontrolle hat. Geben Sie dort niemals "
                        "Sozialdaten, Namen, Kundennummern oder interne Dokumente ein. Nutzen Sie für "
                        "dienstliche Aufgaben nur die KI-Werkzeuge, die das Jobcenter freigegeben hat.</p>"
                        "<h2>Der Mensch entscheidet</h2>"
                        "<p>Über Leistungen, Eingliederung und Leistungsminderungen entscheidet immer eine "
                        "Person, die den Einzelfall kennt. Entscheidungen, die ausschließlich auf "
                        "automatisierter Verarbeitung beruhen und Menschen erheblich beeinträchtigen, sind "
                        "nur in engen Grenzen zulässig (Art. 22 DSGVO). Sie verantworten jeden Text, den Sie "
                        "verwenden – auch wenn eine KI ihn entworfen hat.</p>",
                    ),
                    (
                        "callout",
                        "warning",
                        "Vorsicht bei Übersetzungen",
                        "<p>Maschinelle Übersetzungen helfen im Gespräch, ersetzen aber keine Sprachmittlung "
                        "bei rechtlich wichtigen Inhalten wie Anhörungen oder dem Kooperationsplan.</p>",
                    ),
                ],
            },
            {
                "slug": "wissenscheck-ki",
                "title": "Wissenscheck: KI im Verwaltungsalltag",
                "intro": "Vier Fragen zu Chancen und Grenzen.",
                "minutes": 5,
                "rule": "quiz",
                "body": [],
                "check": {
                    "intro": RETRY_NOTE,
                    "pass_mark": 80,
                    "questions": [
                        {
                            "kind": "single",
                            "prompt": "Was ist eine Halluzination bei einem KI-Assistenten?",
                            "answers": [
                                ("Eine erfundene, aber überzeugend klingende Aussage", True, "Richtig."),
                                (
                                    "Ein Absturz des Programms",
                                    False,
                                    "Nein. Das Programm läuft dabei ganz normal.",
                                ),
                                (
                                    "Ein Bild, das die KI erzeugt",
                                    False,
                                    "Nein. Gemeint sind falsche Inhalte, die echt wirken.",
                                ),
                            ],
                            "explanation": "Sprachmodelle erzeugen wahrscheinliche, nicht geprüfte Texte. "
                            "Deshalb prüfen Sie jedes Ergebnis.",
                        },
                        {
                            "kind": "multiple",
                            "prompt": "Wofür eignet sich ein freigegebener KI-Assistent? Mehrere Antworten sind "
                            "richtig.",
                            "answers": [
                                (
                                    "Ein Merkblatt in einfachere Sprache übertragen und das Ergebnis prüfen",
                                    True,
                                    "Richtig.",
                                ),
                                ("Ein Rundschreiben ohne Personenbezug zusammenfassen", True, "Richtig."),
                                (
                                    "Über einen Antrag auf Bürgergeld entscheiden",
                                    False,
                                    "Nein. Über Leistungen entscheiden Menschen.",
                                ),
                                (
                                    "Einen Kontoauszug in einen öffentlichen Chatbot laden",
                                    False,
                                    "Nein. Sozialdaten gehören nie in nicht freigegebene Dienste.",
                                ),
                            ],
                            "explanation": "KI hilft bei Texten ohne Personenbezug. Entscheidungen und "
                            "Sozialdaten bleiben bei Ihnen.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Ein KI-Assistent nennt einen Paragrafen, der Ihre Antwort stützt. Was "
                            "tun Sie?",
                            "answers": [
                                (
                                    "Ich prüfe den Paragrafen im Gesetzestext, bevor ich ihn verwende.",
                                    True,
                                    "Richtig.",
                                ),
                                (
                                    "Ich übernehme ihn; KI-Systeme kennen alle Gesetze.",
                                    False,
                                    "Nein. Erfundene oder veraltete Paragrafen sind häufige Fehler.",
                                ),
                            ],
                            "explanation": "Rechtsgrundlagen prüfen Sie immer an der Quelle.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Wer verantwortet einen Text, den Sie mit KI entworfen und verschickt "
                            "haben?",
                            "answers": [
                                ("Sie selbst", True, "Richtig."),
                                ("Der Hersteller der KI", False, "Nein. Sie haben den Text verschickt."),
                                (
                                    "Niemand, weil die KI ihn geschrieben hat",
                                    False,
                                    "Nein. Verantwortung lässt sich nicht an ein Werkzeug abgeben.",
                                ),
                            ],
                            "explanation": "Die KI ist ein Werkzeug. Die Verantwortung bleibt bei der Person, "
                            "die es nutzt.",
                        },
                    ],
                },
            },
        ],
    },
    {
        "slug": "qualifizierung-digitalisierungslotsen",
        "title": "Qualifizierung Digitalisierungslotsen",
        "programme": "inhouse-schulungen",
        "summary": "Digitalisierungslotsinnen und -lotsen begleiten Kolleginnen und Kollegen durch den "
        "digitalen Wandel. Die Qualifizierung bereitet Sie auf diese Rolle vor: Sprechstunden anbieten, gut "
        "erklären, Vertrauen schützen und den eigenen Zeitrahmen im Blick behalten.",
        "goals": [
            "die Rolle und die Grenzen der Lotsentätigkeit beschreiben",
            "Kolleginnen und Kollegen mit „Zeigen – Mitmachen – Selbermachen“ anleiten",
            "Hilfegesuche annehmen, einordnen und bei Bedarf an den IT-Service weitergeben",
            "Vertraulichkeit wahren und Lernstände nur mit Einwilligung einsehen",
        ],
        "audience": "Beschäftigte, die als Digitalisierungslotsin oder Digitalisierungslotse tätig werden",
        "competences": [("5.4", 5), ("2.4", 4), ("5.1", 4)],
        "tags": ["Digitalisierungslotsen", "Coaching", "Digitale Kompetenzen"],
        "prerequisites": ["e-akte-grundlagen", "videoberatung"],
        "certificate": True,
        "validity_months": None,
        "lessons": [
            {
                "slug": "die-rolle",
                "title": "Die Rolle der Lotsinnen und Lotsen",
                "intro": "Kolleginnen und Kollegen für Kolleginnen und Kollegen.",
                "minutes": 30,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Hilfe auf Augenhöhe</h2>"
                        "<p>Lotsinnen und Lotsen sind keine IT-Hotline und keine Vorgesetzten. Sie kennen die "
                        "Arbeit im Jobcenter, sind sicher im Umgang mit den digitalen Werkzeugen und helfen "
                        "auf Augenhöhe: in Sprechstunden, bei kurzen Fragen am Arbeitsplatz und in kleinen "
                        "Gruppen.</p>"
                        "<h2>Was nicht zu Ihrer Rolle gehört</h2>"
                        "<p>Lotsinnen und Lotsen beurteilen keine Leistungen und berichten Vorgesetzten "
                        "nicht über den Lernstand anderer. Technische Störungen, Berechtigungen und "
                        "Sicherheitsvorfälle gehören zum IT-Service.</p>",
                    ),
                    (
                        "callout",
                        "info",
                        "Ihr Zeitrahmen",
                        "<p>Für die Lotsentätigkeit steht Ihnen ein monatliches Zeitkontingent zur Verfügung, "
                        "das Sie mit Ihrer Führungskraft vereinbaren. Tragen Sie Sprechstunden und "
                        "Begleitungen ein, damit sichtbar wird, was Sie leisten.</p>",
                    ),
                ],
            },
            {
                "slug": "gut-erklaeren",
                "title": "Gut erklären und anleiten",
                "intro": "Wer selbst klickt, lernt mehr.",
                "minutes": 45,
                "rule": "read",
                "body": [
                    (
                        "steps",
                        "Zeigen – Mitmachen – Selbermachen",
                        [
                            (
                                "Zeigen",
                                "Sie führen den Arbeitsschritt einmal langsam vor und sagen, was Sie tun und "
                                "warum.",
                            ),
                            ("Mitmachen", "Ihr Gegenüber übernimmt Maus und Tastatur, Sie geben Hinweise."),
                            (
                                "Selbermachen",
                                "Die Person erledigt den Schritt allein. Sie halten sich zurück und "
                                "würdigen, was gelingt.",
                            ),
                            (
                                "Zum Nachschlagen",
                                "Verweisen Sie auf einen passenden Kurs oder ein Erklärvideo.",
                            ),
                        ],
                    ),
                    (
                        "text",
                        "<h2>Hilfegesuche annehmen</h2>"
                        "<p>Fragen Sie zuerst nach dem Ziel: Was möchte Ihr Gegenüber erreichen? Hinter einer "
                        "technischen Frage steckt oft eine Frage zum Ablauf. Klären Sie, ob Sie helfen können "
                        "oder ob der IT-Service zuständig ist, und vereinbaren Sie das passende Format: "
                        "persönlich, am Telefon oder per Video.</p>",
                    ),
                    (
                        "callout",
                        "success",
                        "Tipp: Geduld zahlt sich aus",
                        "<p>Widerstehen Sie der Versuchung, schnell selbst zu übernehmen. Was Ihr Gegenüber "
                        "einmal selbst geschafft hat, bleibt.</p>",
                    ),
                ],
            },
            {
                "slug": "vertraulichkeit",
                "title": "Vertraulichkeit und Einwilligung",
                "intro": "Vertrauen ist die Grundlage jeder Begleitung.",
                "minutes": 30,
                "rule": "read",
                "body": [
                    (
                        "text",
                        "<h2>Was Sie erfahren, bleibt bei Ihnen</h2>"
                        "<p>Wer um Hilfe bittet, zeigt, was sie oder er noch nicht kann. Was Sie dabei "
                        "erfahren, bleibt zwischen Ihnen. In Lernhafen sehen Sie den Lernstand einer Kollegin "
                        "oder eines Kollegen nur, wenn sie oder er dem in der Begleitung ausdrücklich "
                        "zugestimmt hat. Die Zustimmung kann jederzeit widerrufen werden.</p>"
                        "<p>Ihre Notizen zu Begleitungen sehen nur Sie. Schreiben Sie sie sachlich und knapp – "
                        "so, als könnte die betroffene Person sie lesen. Denn sie hat ein Recht auf Auskunft "
                        "über ihre Daten (Art. 15 DSGVO).</p>",
                    ),
                    (
                        "callout",
                        "warning",
                        "Kundendaten bei der Begleitung",
                        "<p>Wenn Sie am Arbeitsplatz einer Kollegin helfen, sehen Sie oft Kundendaten. "
                        "Nutzen Sie sie nur für die Hilfe, notieren Sie nichts davon und üben Sie neue "
                        "Funktionen in der Schulungsumgebung mit Testdaten.</p>",
                    ),
                ],
            },
            {
                "slug": "wissenscheck-lotsen",
                "title": "Wissenscheck: Qualifizierung",
                "intro": "Fünf Fragen zu Rolle, Methode und Vertraulichkeit.",
                "minutes": 10,
                "rule": "quiz",
                "body": [],
                "check": {
                    "intro": RETRY_NOTE,
                    "pass_mark": 80,
                    "questions": [
                        {
                            "kind": "single",
                            "prompt": "Eine Teamleitung fragt Sie, wie weit ein Kollege, den Sie begleiten, "
                            "mit seinen Kursen ist. Was antworten Sie?",
                            "answers": [
                                (
                                    "Ich gebe keine Auskunft; der Kollege kann selbst berichten.",
                                    True,
                                    "Richtig.",
                                ),
                                (
                                    "Ich zeige der Teamleitung den Lernstand, weil sie Vorgesetzte ist.",
                                    False,
                                    "Nein. Den Lernstand sehen Sie nur mit Einwilligung, und er ist nicht "
                                    "für Dritte bestimmt.",
                                ),
                                (
                                    "Ich gebe eine grobe Einschätzung.",
                                    False,
                                    "Nein. Auch eine Einschätzung ist eine Auskunft über den Lernstand.",
                                ),
                            ],
                            "explanation": "Begleitung lebt von Vertrauen. Lernstände teilen Sie mit "
                            "niemandem.",
                        },
                        {
                            "kind": "single",
                            "prompt": "In welcher Reihenfolge leiten Sie an?",
                            "answers": [
                                ("Zeigen – Mitmachen – Selbermachen", True, "Richtig."),
                                (
                                    "Selbermachen – Zeigen – Mitmachen",
                                    False,
                                    "Nein. Wer gleich allein loslegen muss, ist schnell überfordert.",
                                ),
                                (
                                    "Zeigen – Selbermachen – Mitmachen",
                                    False,
                                    "Nein. Das begleitete Mitmachen kommt vor dem Selbermachen.",
                                ),
                            ],
                            "explanation": "Erst vormachen, dann gemeinsam üben, dann selbst machen lassen.",
                        },
                        {
                            "kind": "multiple",
                            "prompt": "Welche Anliegen geben Sie an den IT-Service weiter? Mehrere Antworten "
                            "sind richtig.",
                            "answers": [
                                ("Ein Drucker meldet dauerhaft einen Fehler.", True, "Richtig."),
                                (
                                    "Eine Kollegin hat auf einen Phishing-Link geklickt.",
                                    True,
                                    "Richtig – und zwar sofort.",
                                ),
                                ("Einer Kollegin fehlen Berechtigungen für die E-Akte.", True, "Richtig."),
                                (
                                    "Ein Kollege möchte lernen, Serienbriefe zu erstellen.",
                                    False,
                                    "Das ist ein typisches Lotsenthema: Hier helfen Sie selbst.",
                                ),
                            ],
                            "explanation": "Störungen, Berechtigungen und Sicherheitsvorfälle gehören zum "
                            "IT-Service; Anwendungsfragen zu Ihnen.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Ein Kollege widerruft seine Zustimmung, dass Sie seinen Lernstand "
                            "sehen. Was passiert?",
                            "answers": [
                                ("Sie sehen seinen Lernstand ab sofort nicht mehr.", True, "Richtig."),
                                (
                                    "Sie sehen ihn bis zum Ende der Begleitung weiter.",
                                    False,
                                    "Nein. Der Widerruf wirkt sofort.",
                                ),
                            ],
                            "explanation": "Eine Einwilligung kann jederzeit widerrufen werden (Art. 7 Abs. 3 "
                            "DSGVO).",
                        },
                        {
                            "kind": "single",
                            "prompt": "Wo üben Sie mit Kolleginnen und Kollegen neue Funktionen?",
                            "answers": [
                                ("In der Schulungsumgebung mit Testdaten", True, "Richtig."),
                                (
                                    "In echten Akten, damit es realistisch ist",
                                    False,
                                    "Nein. Für Übungen werden keine echten Sozialdaten gebraucht – also "
                                    "werden sie dafür auch nicht verwendet.",
                                ),
                            ],
                            "explanation": "Sozialdaten werden nur für die Aufgabe verarbeitet, für die sie "
                            "erhoben wurden – nicht für Übungen.",
                        },
                    ],
                },
            },
        ],
    },
    {
        "slug": "bass-modul-1-grundlagen-sgb-ii",
        "title": "BASS Modul 1: Grundlagen des SGB II (Platzhalter)",
        "programme": "bass-studium",
        "summary": f"{PLACEHOLDER_NOTE}. Bis dahin finden Sie hier die geplante Gliederung und Fragen, mit "
        "denen Sie Ihr Vorwissen zur Grundsicherung für Arbeitsuchende einschätzen können.",
        "goals": [
            "die Begriffe Erwerbsfähigkeit, Hilfebedürftigkeit und Bedarfsgemeinschaft einordnen",
            "die Träger der Grundsicherung für Arbeitsuchende benennen",
            f"{PLACEHOLDER_NOTE}: weitere Lernziele",
        ],
        "audience": "Studierende im dualen Studium BASS",
        "competences": [("1.1", 3)],
        "tags": ["BASS", "SGB II", "Platzhalter"],
        "prerequisites": [],
        # A placeholder certifies nothing yet.
        "certificate": False,
        "validity_months": None,
        "lessons": [
            {
                "slug": "ueberblick",
                "title": "Überblick über das Modul (Platzhalter)",
                "intro": PLACEHOLDER_NOTE + ".",
                "minutes": 5,
                "rule": "read",
                "body": [
                    (
                        "callout",
                        "warning",
                        "Platzhalter",
                        f"<p><b>{PLACEHOLDER_NOTE}.</b> Die Lektionen werden ergänzt, sobald der Studienplan "
                        "des Jahrgangs feststeht.</p>",
                    ),
                    (
                        "text",
                        "<h2>Geplante Themen</h2>"
                        "<ul><li>Aufgabe und Ziel der Grundsicherung für Arbeitsuchende</li>"
                        "<li>Leistungsberechtigte: Erwerbsfähigkeit und Hilfebedürftigkeit</li>"
                        "<li>Die Bedarfsgemeinschaft</li>"
                        "<li>Träger der Grundsicherung: gemeinsame Einrichtungen und zugelassene kommunale "
                        "Träger</li></ul>",
                    ),
                ],
            },
            {
                "slug": "vorwissen",
                "title": "Vorwissen einschätzen",
                "intro": "Drei Fragen zu den Grundbegriffen des SGB II.",
                "minutes": 10,
                "rule": "quiz",
                "body": [
                    (
                        "text",
                        "<p>Diese Fragen helfen Ihnen einzuschätzen, was Sie aus Ausbildung oder Praxis "
                        "schon mitbringen. Sie ersetzen keine Prüfung im Studium.</p>",
                    ),
                ],
                "check": {
                    "title": "Vorwissen SGB II",
                    "intro": RETRY_NOTE,
                    "pass_mark": 80,
                    "questions": [
                        {
                            "kind": "single",
                            "prompt": "Wer ist nach dem SGB II erwerbsfähig?",
                            "answers": [
                                (
                                    "Wer unter den üblichen Bedingungen des allgemeinen Arbeitsmarktes "
                                    "mindestens drei Stunden täglich arbeiten kann",
                                    True,
                                    "Richtig (§ 8 Abs. 1 SGB II).",
                                ),
                                (
                                    "Wer mindestens sechs Stunden täglich arbeiten kann",
                                    False,
                                    "Nein. Die Grenze liegt bei drei Stunden täglich.",
                                ),
                                (
                                    "Wer zurzeit eine Arbeitsstelle hat",
                                    False,
                                    "Nein. Erwerbsfähigkeit fragt danach, ob jemand arbeiten kann, nicht "
                                    "ob er eine Stelle hat.",
                                ),
                            ],
                            "explanation": "Erwerbsfähig ist, wer nicht wegen Krankheit oder Behinderung auf "
                            "absehbare Zeit außerstande ist, mindestens drei Stunden täglich erwerbstätig zu "
                            "sein (§ 8 Abs. 1 SGB II).",
                        },
                        {
                            "kind": "multiple",
                            "prompt": "Wer kann zu einer Bedarfsgemeinschaft gehören? Mehrere Antworten sind "
                            "richtig.",
                            "answers": [
                                ("Die erwerbsfähige leistungsberechtigte Person", True, "Richtig."),
                                ("Ihre Partnerin oder ihr Partner", True, "Richtig."),
                                (
                                    "Unverheiratete Kinder unter 25 Jahren im Haushalt, die ihren Bedarf "
                                    "nicht selbst decken können",
                                    True,
                                    "Richtig.",
                                ),
                                (
                                    "Eine Mitbewohnerin in einer Wohngemeinschaft ohne Partnerschaft",
                                    False,
                                    "Nein. Eine reine Wohngemeinschaft ist keine Bedarfsgemeinschaft.",
                                ),
                            ],
                            "explanation": "Wer zur Bedarfsgemeinschaft gehört, regelt § 7 Abs. 3 SGB II.",
                        },
                        {
                            "kind": "single",
                            "prompt": "Wer ist Träger der Grundsicherung für Arbeitsuchende?",
                            "answers": [
                                (
                                    "Die Bundesagentur für Arbeit und die kommunalen Träger",
                                    True,
                                    "Richtig (§ 6 SGB II).",
                                ),
                                (
                                    "Nur die Bundesagentur für Arbeit",
                                    False,
                                    "Nein. Auch Kreise und kreisfreie Städte sind Träger.",
                                ),
                                (
                                    "Die Deutsche Rentenversicherung",
                                    False,
                                    "Nein. Sie ist Trägerin der Rentenversicherung.",
                                ),
                            ],
                            "explanation": "Träger sind die Bundesagentur für Arbeit und die kommunalen "
                            "Träger (§ 6 SGB II). In einem zugelassenen kommunalen Jobcenter wie dem "
                            "Jobcenter Musterkreis nimmt der Kreis die Aufgaben allein wahr (§ 6a SGB II).",
                        },
                    ],
                },
            },
        ],
    },
    {
        "slug": "bass-modul-2-verwaltungsverfahren-sgb-x",
        "title": "BASS Modul 2: Verwaltungsverfahren nach dem SGB X (Platzhalter)",
        "programme": "bass-studium",
        "summary": f"{PLACEHOLDER_NOTE}. Bis dahin finden Sie hier die geplante Gliederung und Fragen, mit "
        "denen Sie Ihr Vorwissen zum Verwaltungsverfahren einschätzen können.",
        "goals": [
            "erklären, was einen Verwaltungsakt ausmacht",
            "Anhörung und Widerspruchsfrist einordnen",
            f"{PLACEHOLDER_NOTE}: weitere Lernziele",
        ],
        "audience": "Studierende im dualen Studium BASS",
        "competences": [("1.2", 3)],
        "tags": ["BASS", "SGB X", "Platzhalter"],
        "prerequisites": ["bass-modul-1-grundlagen-sgb-ii"],
        "certificate": False,
        "validity_months": None,
        "lessons": [
            {
                "slug": "ueberblick",
                "title": "Überblick über das Modul (Platzhalter)",
                "intro": PLACEHOLDER_NOTE + ".",
                "minutes": 5,
                "rule": "read",
                "body": [
                    (
                        "callout",
                        "warning",
                        "Platzhalter",
                        f"<p><b>{PLACEHOLDER_NOTE}.</b> Die Lektionen werden ergänzt, sobald der Studienplan "
                        "des Jahrgangs feststeht.</p>",
                    ),
                    (
                        "text",
                        "<h2>Geplante Themen</h2>"
                        "<ul><li>Der Verwaltungsakt und seine Bestandteile</li>"
                        "<li>Anhörung, Begründung und Bekanntgabe</li>"
                        "<li>Aufhebung und Erstattung</li>"
                        "<li>Widerspruch und Widerspruchsverfahren</li></ul>",
                    ),
                ],
            },
            {
                "slug": "vorwissen",
                "title": "Vorwissen einschätzen",
                "intro": "Drei Fragen zum Verwaltungsverfahren.",
                "minutes": 10,
                "rule": "quiz",
                "body": [
                    (
                        "text",
                        "<p>Diese Fragen helfen Ihnen einzuschätzen, was Sie aus Ausbildung oder Praxis "
                        "schon mitbringen. Sie ersetzen keine Prüfung im Studium.</p>",
                    ),
                ],
                "check": {
                    "title": "Vorwissen SGB X",
                    "intro": RETRY_NOTE,
                    "pass_mark": 80,
                    "questions": [
                        {
                            "kind": "single",
                            "prompt": "Was ist ein Verwaltungsakt?",
                            "answers": [
                                (
                                    "Eine hoheitliche Regelung eines Einzelfalls mit unmittelbarer "
                                    "Rechtswirkung nach außen, zum Beispiel ein Bewilligungsbescheid",
                                    True,
                                    "Richtig (§ 31 SGB X).",
                                ),
                                (
                                    "Jedes Schreiben des Jobcenters",
                                    False,
                                    "Nein. Ein Informationsschreiben regelt nichts verbindlich.",
                                ),
                                (
                                    "Eine interne Dienstanweisung",
                                    False,
                                    "Nein. Ihr fehlt die Wirkung nach außen.",
                                ),
                            ],
                            "explanation": "Ein Verwaltungsakt regelt einen Einzelfall verbindlich und "
                            "wirkt nach außen (§ 31 SGB X).",
                        },
                        {
                            "kind": "single",
                            "prompt": "Bevor das Jobcenter einen Verwaltungsakt erlässt, der in Rechte "
                            "eingreift, muss es die betroffene Person in der Regel …",
                            "answers": [
                                ("… anhören.", True, "Richtig (§ 24 SGB X)."),
                                (
                                    "… erst nach dem Erlass informieren.",
                                    False,
                                    "Nein. Die Person soll sich vorher äußern können.",
                                ),
                                (
                                    "… nicht beteiligen.",
                                    False,
                                    "Nein. Die Anhörung ist die Regel; Ausnahmen nennt § 24 Abs. 2 SGB X.",
                                ),
                            ],
                            "explanation": "Die Anhörung gibt der Person Gelegenheit, sich zu den "
                            "entscheidenden Tatsachen zu äußern (§ 24 SGB X).",
                        },
                        {
                            "kind": "single",
                            "prompt": "Wie lange kann eine Person gegen einen Bescheid mit richtiger "
                            "Rechtsbehelfsbelehrung Widerspruch einlegen?",
                            "answers": [
                                ("Einen Monat nach Bekanntgabe", True, "Richtig (§ 84 Abs. 1 SGG)."),
                                (
                                    "Zwei Wochen nach Bekanntgabe",
                                    False,
                                    "Nein. Die Frist beträgt einen Monat.",
                                ),
                                (
                                    "Ein Jahr nach Bekanntgabe",
                                    False,
                                    "Nein. Ein Jahr gilt nur, wenn die Rechtsbehelfsbelehrung fehlt oder "
                                    "falsch ist (§ 66 Abs. 2 SGG).",
                                ),
                            ],
                            "explanation": "Die Widerspruchsfrist beträgt einen Monat nach Bekanntgabe "
                            "(§ 84 Abs. 1 SGG).",
                        },
                    ],
                },
            },
        ],
    },
]
