"""The words and facts of the demo carpentry firm, kept apart from the code that loads them.

The site is German; cms/demo/english.py holds the English translation of
its main pages, which the loader feeds to wagtail-localize.
"""

import datetime

BUSINESS_NAME = "Schreinerei Brandt"
CONTACT_EMAIL = "werkstatt@schreinerei-brandt.example"

SITE_SETTINGS = {
    "business_name": BUSINESS_NAME,
    "legal_name": "Schreinerei Brandt GmbH",
    "address": "Schreinerweg 7\n79100 Freiburg\nDeutschland",
    "phone": "+49 761 555 0147",
    "email": CONTACT_EMAIL,
    "opening_hours": [
        {"type": "period", "value": {"days": "Montag bis Donnerstag", "hours": "7:30–17:00"}},
        {"type": "period", "value": {"days": "Freitag", "hours": "7:30–14:00"}},
    ],
    "social_links": [
        {
            "type": "link",
            "value": {"platform": "instagram", "url": "https://instagram.example/brandt"},
        }
    ],
    "cors_allowed_origins": "http://localhost:3000\nhttp://localhost:4321",
}

# German names of the photo scenes and woods (cms/demo/photos.py), for alt texts.
SCENE_NAMES = {
    "kitchen": "Küche",
    "stairs": "Treppe",
    "table": "Tisch",
    "wardrobe": "Einbauschrank",
    "window": "Fenster",
    "workshop": "Werkstatt",
}
WOOD_NAMES = {
    "oak": "Eiche",
    "ash": "Esche",
    "walnut": "Nussbaum",
    "larch": "Lärche",
    "spruce": "Fichte",
}

HOME = {
    "title": BUSINESS_NAME,
    "hero_heading": "Möbel, Küchen und Treppen nach Maß aus Freiburg",
    "intro": (
        "Die Schreinerei Brandt ist ein Familienbetrieb mit acht Schreinern. Wir planen mit "
        "Ihnen, fertigen in der eigenen Werkstatt und montieren alles selbst."
    ),
    "seo_title": "Schreinerei Brandt – Maßarbeit in Holz aus Freiburg",
    "search_description": (
        "Familiengeführte Schreinerei in Freiburg: Einbauküchen, Treppen, Möbel, "
        "Fenster und Türen aus Massivholz."
    ),
}

ABOUT = {
    "title": "Über uns",
    "slug": "ueber-uns",
    "intro": "Eine Familienwerkstatt in Freiburg seit 1989.",
}
ABOUT_BODY_TEXT = (
    "<p>Klaus Brandt gründete die Schreinerei 1989 in einer alten Scheune am Stadtrand "
    "von Freiburg. Heute führt seine Tochter Lena die Werkstatt mit sieben Schreinern und "
    "zwei Auszubildenden.</p><p>Wir arbeiten vor allem mit Eiche, Nussbaum und Esche aus "
    "den Wäldern des Schwarzwalds und behandeln Oberflächen mit natürlichen Ölen und "
    "Wachsen.</p>"
)
FACTS_TITLE = "Die Werkstatt in Zahlen"
SERVICES_PAGE = {
    "title": "Leistungen",
    "slug": "leistungen",
    "intro": "Was wir bauen, vom einzelnen Regal bis zu allen Treppen und Türen eines Hauses.",
}
PROJECTS_PAGE = {
    "title": "Projekte",
    "slug": "projekte",
    "intro": "Eine Auswahl dessen, was wir in den letzten Jahren gebaut haben.",
}
NEWS_PAGE = {"title": "Aktuelles", "slug": "aktuelles", "intro": "Neues aus der Werkstatt."}
CONTACT_PAGE = {
    "title": "Kontakt",
    "slug": "kontakt",
    "intro": "Erzählen Sie uns, was Sie bauen möchten. Wir antworten innerhalb von zwei Werktagen.",
    "thank_you_text": "Vielen Dank! Wir melden uns innerhalb von zwei Werktagen.",
    "subject": "Neue Anfrage über die Website",
}
CALL_TO_ACTION = {
    "text": "Erzählen Sie uns von Ihren Plänen; wir antworten innerhalb von zwei Werktagen.",
    "button_label": "Angebot anfragen",
    "home_title": "Sie planen etwas aus Holz?",
    "about_title": "Besuchen Sie uns in der Werkstatt",
}
HOME_QUOTE = {
    "quote": "Die Treppe ist das Schönste in unserem Haus.",
    "author": "Sabine und Marc Vogel",
    "role": "Merzhausen",
}
PROJECT_BODY = {
    "heading": "Der Auftrag",
    "quote": "Genau, sauber und pünktlich – wir würden sie wieder beauftragen.",
    "author": "Die Bauherren",
}

SERVICES = [
    {
        "slug": "kuechen",
        "title": "Einbauküchen",
        "intro": "Küchen, die zu Ihrer Art zu kochen passen, aus Massivholz mit robusten "
        "Arbeitsplatten.",
        "scene": "kitchen",
        "wood": "oak",
    },
    {
        "slug": "treppen",
        "title": "Treppen",
        "intro": "Gerade, gewendelte oder freitragende Treppen, deren Stufen auch nach "
        "Jahrzehnten nicht knarren.",
        "scene": "stairs",
        "wood": "ash",
    },
    {
        "slug": "moebel",
        "title": "Möbel",
        "intro": "Tische, Schränke und Regale, die millimetergenau in den Raum passen.",
        "scene": "table",
        "wood": "walnut",
    },
]

FAQ = [
    (
        "Wie lange dauert ein Projekt?",
        "<p>Ein Möbelstück vier bis sechs Wochen, eine Einbauküche etwa zehn Wochen vom "
        "fertigen Plan bis zur Montage.</p>",
    ),
    (
        "Kommen Sie vor dem Angebot vorbei?",
        "<p>Ja. Im Umkreis von 40 km um Freiburg messen wir kostenlos vor Ort auf.</p>",
    ),
    (
        "Welche Hölzer verwenden Sie?",
        "<p>Vor allem regionale Eiche, Esche, Nussbaum und Lärche aus zertifizierten Wäldern.</p>",
    ),
]

FACTS = [
    ("35", "Jahre Handwerk"),
    ("1.200", "fertige Projekte"),
    ("8", "Schreiner"),
    ("40 km", "rund um Freiburg"),
]

PROJECTS = [
    {
        "slug": "eichenkueche-herdern",
        "title": "Eichenküche in Herdern",
        "summary": "Eine U-förmige Küche aus massiver Eiche mit Terrazzo-Arbeitsplatte für "
        "eine fünfköpfige Familie.",
        "location": "Freiburg-Herdern",
        "completed": datetime.date(2026, 9, 12),
        "categories": ["Küche"],
        "materials": ["Eiche massiv", "Terrazzo", "Leinöl"],
        "scene": "kitchen",
        "wood": "oak",
    },
    {
        "slug": "freitragende-treppe-merzhausen",
        "title": "Freitragende Treppe in Merzhausen",
        "summary": "Eschenstufen, in einer Betonwand verankert, mit einem Handlauf aus Stahl.",
        "location": "Merzhausen",
        "completed": datetime.date(2026, 7, 3),
        "categories": ["Treppen"],
        "materials": ["Esche", "geschwärzter Stahl", "Hartwachsöl"],
        "scene": "stairs",
        "wood": "ash",
    },
    {
        "slug": "nussbaum-esstisch",
        "title": "Esstisch aus Nussbaum für zwölf",
        "summary": "Ein 3,6 m langer Esstisch aus einem einzigen Nussbaumstamm, mit "
        "verborgener Auszugsplatte.",
        "location": "Kirchzarten",
        "completed": datetime.date(2026, 5, 20),
        "categories": ["Möbel"],
        "materials": ["Europäischer Nussbaum", "Naturöl"],
        "scene": "table",
        "wood": "walnut",
    },
    {
        "slug": "einbauschrank-wiehre",
        "title": "Einbauschrank unterm Dach",
        "summary": "Ein Schrank, der der Dachschräge folgt, mit Schiebetüren und Licht.",
        "location": "Freiburg-Wiehre",
        "completed": datetime.date(2026, 3, 14),
        "categories": ["Möbel", "Innenausbau"],
        "materials": ["Eichenfurnier", "Birkensperrholz", "LED-Leisten"],
        "scene": "wardrobe",
        "wood": "oak",
    },
    {
        "slug": "laerchenfenster-bauernhaus",
        "title": "Lärchenfenster für ein Schwarzwaldhaus",
        "summary": "Vierzehn doppelt verglaste Lärchenfenster nach den Originalen von 1820.",
        "location": "St. Peter",
        "completed": datetime.date(2025, 11, 28),
        "categories": ["Fenster", "Restaurierung"],
        "materials": ["Lärche", "Zweifachverglasung", "Leinölfarbe"],
        "scene": "window",
        "wood": "larch",
    },
    {
        "slug": "restaurant-theke",
        "title": "Theke und Regale für ein Restaurant",
        "summary": "Eine 9 m lange Eichentheke und Wandregale für ein neues Restaurant in "
        "der Altstadt.",
        "location": "Freiburg-Altstadt",
        "completed": datetime.date(2025, 9, 8),
        "categories": ["Innenausbau", "Gewerbe"],
        "materials": ["Eiche", "Messing", "Lack"],
        "scene": "kitchen",
        "wood": "walnut",
    },
    {
        "slug": "wendeltreppe-wasserturm",
        "title": "Wendeltreppe in einem umgebauten Wasserturm",
        "summary": "Eine Wendeltreppe mit 52 Eichenstufen um eine Mittelsäule aus Fichte.",
        "location": "Emmendingen",
        "completed": datetime.date(2025, 6, 17),
        "categories": ["Treppen", "Restaurierung"],
        "materials": ["Eiche", "Fichte", "Edelstahl"],
        "scene": "stairs",
        "wood": "oak",
    },
    {
        "slug": "bibliothek-pfarrhaus",
        "title": "Bibliotheksregale für ein Pfarrhaus",
        "summary": "Raumhohe Regale für 6.000 Bücher, mit einer Rollleiter.",
        "location": "Staufen",
        "completed": datetime.date(2025, 2, 25),
        "categories": ["Möbel", "Innenausbau"],
        "materials": ["Esche", "Stahlschiene", "Weißöl"],
        "scene": "workshop",
        "wood": "ash",
    },
    {
        "slug": "haustuer-eiche",
        "title": "Haustür aus Eiche mit Seitenteil",
        "summary": "Eine gedämmte Haustür aus Eiche mit Dreifachverriegelung und verglastem "
        "Seitenteil.",
        "location": "Gundelfingen",
        "completed": datetime.date(2024, 10, 30),
        "categories": ["Türen"],
        "materials": ["Eiche", "Dreifachverglasung", "Edelstahl"],
        "scene": "window",
        "wood": "oak",
    },
]

NEWS = [
    {
        "slug": "neue-cnc-maschine",
        "title": "Eine neue CNC-Maschine für die Werkstatt",
        "date": datetime.date(2026, 10, 15),
        "author": "Lena Brandt",
        "intro": "Unsere neue Fünf-Achs-CNC fräst präzise Verbindungen, die Handarbeit bleibt.",
        "tags": ["Werkstatt"],
        "scene": "workshop",
        "wood": "spruce",
    },
    {
        "slug": "auszubildende-2026",
        "title": "Willkommen, neue Auszubildende",
        "date": datetime.date(2026, 9, 1),
        "author": "Lena Brandt",
        "intro": "Mia und Jonas beginnen bei uns ihre dreijährige Ausbildung zum Schreiner.",
        "tags": ["Team"],
        "scene": "workshop",
        "wood": "oak",
    },
    {
        "slug": "tag-der-offenen-werkstatt",
        "title": "Tag der offenen Werkstatt am 12. Oktober",
        "date": datetime.date(2026, 8, 20),
        "author": "Klaus Brandt",
        "intro": "Sehen Sie zu, wie aus einem Stamm ein Stuhl wird, und probieren Sie die "
        "Werkzeuge selbst aus.",
        "tags": ["Veranstaltungen"],
        "scene": "table",
        "wood": "ash",
    },
    {
        "slug": "holzarbeitsplatte-oelen",
        "title": "So ölen Sie eine Arbeitsplatte aus Holz",
        "date": datetime.date(2026, 6, 2),
        "author": "Tobias Kern",
        "intro": "Fünf Schritte, mit denen eine Eichenplatte jahrzehntelang schön bleibt.",
        "tags": ["Pflege"],
        "scene": "kitchen",
        "wood": "oak",
    },
    {
        "slug": "staatspreis-handwerk",
        "title": "Staatspreis Handwerk für unsere Wendeltreppe",
        "date": datetime.date(2026, 3, 18),
        "author": "Lena Brandt",
        "intro": "Die Treppe im Wasserturm erhielt den Staatspreis Gestaltung Kunst Handwerk "
        "Baden-Württemberg.",
        "tags": ["Auszeichnungen"],
        "scene": "stairs",
        "wood": "oak",
    },
    {
        "slug": "holz-aus-der-region",
        "title": "Warum wir Holz aus 100 km Umkreis kaufen",
        "date": datetime.date(2025, 12, 5),
        "author": "Klaus Brandt",
        "intro": "Regionales Holz ist besser fürs Klima, und wir suchen jedes Brett selbst aus.",
        "tags": ["Material"],
        "scene": "workshop",
        "wood": "larch",
    },
]

CONTACT_FORM_FIELDS = [
    {"label": "Ihr Name", "field_type": "singleline", "required": True},
    {"label": "E-Mail", "field_type": "email", "required": True},
    {"label": "Telefon", "field_type": "singleline", "required": False},
    {
        "label": "Was dürfen wir für Sie bauen?",
        "field_type": "dropdown",
        "required": True,
        "choices": "Küche\nTreppe\nMöbel\nFenster oder Türen\nEtwas anderes",
    },
    {"label": "Ihre Nachricht", "field_type": "multiline", "required": True},
]

LEGAL_PAGES = [
    {
        "slug": "impressum",
        "title": "Impressum",
        "text": (
            "<p>Schreinerei Brandt GmbH<br>Schreinerweg 7<br>79100 Freiburg</p>"
            "<p>Geschäftsführerin: Lena Brandt<br>Registergericht Freiburg, HRB 700123<br>"
            f"E-Mail: {CONTACT_EMAIL}</p>"
        ),
    },
    {
        "slug": "datenschutz",
        "title": "Datenschutzerklärung",
        "text": (
            "<p>Wir speichern nur, was Sie uns über das Kontaktformular senden, um Ihre "
            "Anfrage zu beantworten. Wir löschen es nach zwei Jahren, sofern kein Vertrag "
            "eine längere Frist verlangt.</p>"
        ),
    },
]
