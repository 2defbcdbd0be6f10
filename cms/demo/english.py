"""The English translation of the demo site's main pages, as German source text ->
English text. The loader hands it to wagtail-localize (object_translate), as a
translator would fill in the translation editor; a string not listed here stays
German, which is how wagtail-localize shows a string nobody translated yet.
"""

from . import content

BUSINESS_NAME = "Brandt Carpentry"
# The views of each project's photos (image titles and gallery captions).
PHOTO_VIEWS = {"Übersicht": "overview", "Detail": "detail", "im Einsatz": "in use"}

# The first projects are translated; the others show how a page without a
# translation answers (404 translation_not_found under /en/).
PROJECTS = {
    "eichenkueche-herdern": {
        "slug": "oak-kitchen-herdern",
        "title": "Oak kitchen in Herdern",
        "summary": "A U-shaped kitchen in solid oak with a terrazzo worktop for a family of five.",
        "materials": ["solid oak", "terrazzo", "linseed oil"],
    },
    "freitragende-treppe-merzhausen": {
        "slug": "floating-staircase-merzhausen",
        "title": "Floating staircase in Merzhausen",
        "summary": "Cantilevered ash treads anchored in a concrete wall, with a steel handrail.",
        "materials": ["ash", "blackened steel", "hard wax oil"],
    },
    "nussbaum-esstisch": {
        "slug": "walnut-dining-table",
        "title": "Walnut dining table for twelve",
        "summary": "A 3.6 m dining table from a single walnut trunk, with a hidden extension leaf.",
        "materials": ["European walnut", "natural oil"],
    },
}

TEXTS = {
    # Home page
    content.BUSINESS_NAME: BUSINESS_NAME,
    "schreinerei-brandt": "brandt-carpentry",
    content.HOME["hero_heading"]: "Furniture, kitchens and stairs, made to measure in Freiburg",
    content.HOME["intro"]: (
        "Brandt Carpentry is a family workshop of eight carpenters. We plan with you, "
        "build in our own workshop and fit everything ourselves."
    ),
    content.HOME["seo_title"]: "Brandt Carpentry – bespoke joinery in Freiburg",
    content.HOME["search_description"]: (
        "Family carpentry workshop in Freiburg: fitted kitchens, staircases, furniture, "
        "windows and doors in solid wood."
    ),
    content.CALL_TO_ACTION["home_title"]: "Planning something in wood?",
    content.CALL_TO_ACTION["about_title"]: "Visit us in the workshop",
    content.CALL_TO_ACTION["text"]: (
        "Tell us about your plans; we answer within two working days."
    ),
    content.CALL_TO_ACTION["button_label"]: "Request a quote",
    content.HOME_QUOTE["quote"]: "The staircase is the most beautiful thing in our house.",
    content.HOME_QUOTE["author"]: "Sabine and Marc Vogel",
    "1.200": "1,200",
    "Jahre Handwerk": "years of craft",
    "fertige Projekte": "projects finished",
    "Schreiner": "carpenters",
    "rund um Freiburg": "around Freiburg",
    # About us
    content.ABOUT["title"]: "About us",
    content.ABOUT["slug"]: "about",
    content.ABOUT["intro"]: "A family workshop in Freiburg since 1989.",
    content.FACTS_TITLE: "The workshop in figures",
    (
        "Klaus Brandt gründete die Schreinerei 1989 in einer alten Scheune am Stadtrand von "
        "Freiburg. Heute führt seine Tochter Lena die Werkstatt mit sieben Schreinern und zwei "
        "Auszubildenden."
    ): (
        "Brandt Carpentry was founded in 1989 by Klaus Brandt in a former barn at the edge of "
        "Freiburg. Today his daughter Lena runs the workshop together with seven carpenters "
        "and two apprentices."
    ),
    (
        "Wir arbeiten vor allem mit Eiche, Nussbaum und Esche aus den Wäldern des "
        "Schwarzwalds und behandeln Oberflächen mit natürlichen Ölen und Wachsen."
    ): (
        "We work mostly with oak, walnut and ash from forests of the Black Forest region, "
        "and we finish surfaces with natural oils and waxes."
    ),
    # Services
    content.SERVICES_PAGE["title"]: "Services",
    content.SERVICES_PAGE["slug"]: "services",
    content.SERVICES_PAGE["intro"]: (
        "What we build, from a single shelf to a whole house of stairs and doors."
    ),
    "Häufige Fragen": "Frequently asked questions",
    "Wie lange dauert ein Projekt?": "How long does a project take?",
    (
        "Ein Möbelstück vier bis sechs Wochen, eine Einbauküche etwa zehn Wochen vom fertigen "
        "Plan bis zur Montage."
    ): (
        "A piece of furniture takes four to six weeks, a fitted kitchen about ten weeks "
        "from the final plan to installation."
    ),
    "Kommen Sie vor dem Angebot vorbei?": "Do you visit us before giving a quote?",
    "Ja. Im Umkreis von 40 km um Freiburg messen wir kostenlos vor Ort auf.": (
        "Yes. We measure on site for free within 40 km of Freiburg."
    ),
    "Welche Hölzer verwenden Sie?": "Which woods do you use?",
    "Vor allem regionale Eiche, Esche, Nussbaum und Lärche aus zertifizierten Wäldern.": (
        "Mostly regional oak, ash, walnut and larch, all from certified forests."
    ),
    # Contact
    content.CONTACT_PAGE["title"]: "Contact",
    content.CONTACT_PAGE["slug"]: "contact",
    content.CONTACT_PAGE["intro"]: (
        "Tell us what you would like to build. We reply within two working days."
    ),
    content.CONTACT_PAGE["thank_you_text"]: (
        "Thank you! We will get back to you within two working days."
    ),
    content.CONTACT_PAGE["subject"]: "New enquiry from the website",
    "Ihr Name": "Your name",
    "Telefon": "Phone",
    "Was dürfen wir für Sie bauen?": "What can we build for you?",
    "Küche\nTreppe\nMöbel\nFenster oder Türen\nEtwas anderes": (
        "Kitchen\nStairs\nFurniture\nWindows or doors\nSomething else"
    ),
    "Ihre Nachricht": "Your message",
    # Projects
    content.PROJECTS_PAGE["title"]: "Projects",
    content.PROJECTS_PAGE["slug"]: "projects",
    content.PROJECTS_PAGE["intro"]: "A selection of what we built in the last years.",
    content.PROJECT_BODY["heading"]: "The brief",
    content.PROJECT_BODY["quote"]: "Precise, tidy and on time – we would hire them again.",
    content.PROJECT_BODY["author"]: "The client",
}


def _project_texts() -> dict[str, str]:
    texts = {}
    for project in content.PROJECTS:
        english = PROJECTS.get(project["slug"])
        if english is None:
            continue
        texts[project["slug"]] = english["slug"]
        texts[project["title"]] = english["title"]
        texts[project["summary"]] = english["summary"]
        texts.update(zip(project["materials"], english["materials"], strict=True))
        for german_view, english_view in PHOTO_VIEWS.items():
            texts[f"{project['title']} ({german_view})"] = f"{english['title']} ({english_view})"
    return texts


TEXTS.update(_project_texts())
