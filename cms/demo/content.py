"""The words and facts of the demo carpentry firm, kept apart from the code that loads them."""

import datetime

BUSINESS_NAME = "Brandt Carpentry"
CONTACT_EMAIL = "workshop@brandt-carpentry.example"

SITE_SETTINGS = {
    "business_name": BUSINESS_NAME,
    "legal_name": "Brandt Carpentry GmbH",
    "address": "Schreinerweg 7\n79100 Freiburg\nGermany",
    "phone": "+49 761 555 0147",
    "email": CONTACT_EMAIL,
    "opening_hours": [
        {"type": "period", "value": {"days": "Monday to Thursday", "hours": "7:30–17:00"}},
        {"type": "period", "value": {"days": "Friday", "hours": "7:30–14:00"}},
    ],
    "social_links": [
        {
            "type": "link",
            "value": {"platform": "instagram", "url": "https://instagram.example/brandt"},
        }
    ],
    "cors_allowed_origins": "http://localhost:3000\nhttp://localhost:4321",
}

HOME = {
    "title": BUSINESS_NAME,
    "hero_heading": "Furniture, kitchens and stairs, made to measure in Freiburg",
    "intro": (
        "Brandt Carpentry is a family workshop of eight carpenters. We plan with you, "
        "build in our own workshop and fit everything ourselves."
    ),
    "seo_title": "Brandt Carpentry – bespoke joinery in Freiburg",
    "search_description": (
        "Family carpentry workshop in Freiburg: fitted kitchens, staircases, "
        "furniture, windows and doors in solid wood."
    ),
}

ABOUT_BODY_TEXT = (
    "<p>Brandt Carpentry was founded in 1989 by Klaus Brandt in a former barn at the edge "
    "of Freiburg. Today his daughter Lena runs the workshop together with seven carpenters "
    "and two apprentices.</p><p>We work mostly with oak, walnut and ash from forests of the "
    "Black Forest region, and we finish surfaces with natural oils and waxes.</p>"
)

SERVICES = [
    {
        "slug": "kitchens",
        "title": "Fitted kitchens",
        "intro": "Kitchens planned around the way you cook, in solid wood with durable worktops.",
        "scene": "kitchen",
        "wood": "oak",
    },
    {
        "slug": "stairs",
        "title": "Staircases",
        "intro": "Straight, winding or floating stairs, with treads that stay quiet for decades.",
        "scene": "stairs",
        "wood": "ash",
    },
    {
        "slug": "furniture",
        "title": "Furniture",
        "intro": "Tables, wardrobes and shelving that fit the room to the millimetre.",
        "scene": "table",
        "wood": "walnut",
    },
]

FAQ = [
    (
        "How long does a project take?",
        "<p>A piece of furniture takes four to six weeks, a fitted kitchen about ten weeks "
        "from the final plan to installation.</p>",
    ),
    (
        "Do you visit us before giving a quote?",
        "<p>Yes. We measure on site for free within 40 km of Freiburg.</p>",
    ),
    (
        "Which woods do you use?",
        "<p>Mostly regional oak, ash, walnut and larch, all from certified forests.</p>",
    ),
]

FACTS = [
    ("35", "years of craft"),
    ("1,200", "projects finished"),
    ("8", "carpenters"),
    ("40 km", "around Freiburg"),
]

PROJECTS = [
    {
        "slug": "oak-kitchen-herdern",
        "title": "Oak kitchen in Herdern",
        "summary": "A U-shaped kitchen in solid oak with a terrazzo worktop for a family of five.",
        "location": "Freiburg-Herdern",
        "completed": datetime.date(2026, 9, 12),
        "categories": ["kitchen"],
        "materials": ["solid oak", "terrazzo", "linseed oil"],
        "scene": "kitchen",
        "wood": "oak",
    },
    {
        "slug": "floating-staircase-merzhausen",
        "title": "Floating staircase in Merzhausen",
        "summary": "Cantilevered ash treads anchored in a concrete wall, with a steel handrail.",
        "location": "Merzhausen",
        "completed": datetime.date(2026, 7, 3),
        "categories": ["stairs"],
        "materials": ["ash", "blackened steel", "hard wax oil"],
        "scene": "stairs",
        "wood": "ash",
    },
    {
        "slug": "walnut-dining-table",
        "title": "Walnut dining table for twelve",
        "summary": "A 3.6 m dining table from a single walnut trunk, with a hidden extension leaf.",
        "location": "Kirchzarten",
        "completed": datetime.date(2026, 5, 20),
        "categories": ["furniture"],
        "materials": ["European walnut", "natural oil"],
        "scene": "table",
        "wood": "walnut",
    },
    {
        "slug": "built-in-wardrobe-wiehre",
        "title": "Built-in wardrobe under the roof",
        "summary": "A wardrobe that follows the slope of an attic, with sliding doors and lights.",
        "location": "Freiburg-Wiehre",
        "completed": datetime.date(2026, 3, 14),
        "categories": ["furniture", "interior"],
        "materials": ["oak veneer", "birch plywood", "LED strips"],
        "scene": "wardrobe",
        "wood": "oak",
    },
    {
        "slug": "larch-windows-farmhouse",
        "title": "Larch windows for a Black Forest farmhouse",
        "summary": "Fourteen double-glazed larch windows replicating the 1820 originals.",
        "location": "St. Peter",
        "completed": datetime.date(2025, 11, 28),
        "categories": ["windows", "restoration"],
        "materials": ["larch", "double glazing", "linseed oil paint"],
        "scene": "window",
        "wood": "larch",
    },
    {
        "slug": "restaurant-counter",
        "title": "Counter and shelving for a restaurant",
        "summary": "A 9 m oak counter and wall shelving for a new restaurant in the old town.",
        "location": "Freiburg-Altstadt",
        "completed": datetime.date(2025, 9, 8),
        "categories": ["interior", "commercial"],
        "materials": ["oak", "brass", "lacquer"],
        "scene": "kitchen",
        "wood": "walnut",
    },
    {
        "slug": "spiral-staircase-tower",
        "title": "Spiral staircase in a converted water tower",
        "summary": "A spiral staircase of 52 oak treads around a central spruce column.",
        "location": "Emmendingen",
        "completed": datetime.date(2025, 6, 17),
        "categories": ["stairs", "restoration"],
        "materials": ["oak", "spruce", "stainless steel"],
        "scene": "stairs",
        "wood": "oak",
    },
    {
        "slug": "library-shelving",
        "title": "Library shelving for a vicarage",
        "summary": "Floor-to-ceiling shelves for 6,000 books, with a rolling ladder.",
        "location": "Staufen",
        "completed": datetime.date(2025, 2, 25),
        "categories": ["furniture", "interior"],
        "materials": ["ash", "steel rail", "white oil"],
        "scene": "workshop",
        "wood": "ash",
    },
    {
        "slug": "front-door-oak",
        "title": "Oak front door with side light",
        "summary": "An insulated oak front door with a three-point lock and a glazed side light.",
        "location": "Gundelfingen",
        "completed": datetime.date(2024, 10, 30),
        "categories": ["doors"],
        "materials": ["oak", "triple glazing", "stainless steel"],
        "scene": "window",
        "wood": "oak",
    },
]

NEWS = [
    {
        "slug": "new-cnc-machine",
        "title": "A new CNC machine for the workshop",
        "date": datetime.date(2026, 10, 15),
        "author": "Lena Brandt",
        "intro": "Our new five-axis CNC machine cuts precise joints while we keep the handwork.",
        "tags": ["workshop"],
        "scene": "workshop",
        "wood": "spruce",
    },
    {
        "slug": "apprentices-2026",
        "title": "Welcome to our new apprentices",
        "date": datetime.date(2026, 9, 1),
        "author": "Lena Brandt",
        "intro": "Mia and Jonas start their three-year apprenticeship as carpenters with us.",
        "tags": ["team"],
        "scene": "workshop",
        "wood": "oak",
    },
    {
        "slug": "open-workshop-day",
        "title": "Open workshop day on 12 October",
        "date": datetime.date(2026, 8, 20),
        "author": "Klaus Brandt",
        "intro": "Watch us build a chair from a log and try the tools yourself.",
        "tags": ["events"],
        "scene": "table",
        "wood": "ash",
    },
    {
        "slug": "oiling-wooden-worktops",
        "title": "How to oil a wooden worktop",
        "date": datetime.date(2026, 6, 2),
        "author": "Tobias Kern",
        "intro": "Five steps that keep an oak worktop beautiful for decades.",
        "tags": ["care"],
        "scene": "kitchen",
        "wood": "oak",
    },
    {
        "slug": "award-state-prize",
        "title": "State prize for crafts for our spiral staircase",
        "date": datetime.date(2026, 3, 18),
        "author": "Lena Brandt",
        "intro": "The water tower staircase won the Baden-Württemberg state prize for crafts.",
        "tags": ["awards"],
        "scene": "stairs",
        "wood": "oak",
    },
    {
        "slug": "regional-timber",
        "title": "Why we buy timber within 100 km",
        "date": datetime.date(2025, 12, 5),
        "author": "Klaus Brandt",
        "intro": "Regional timber is better for the climate, and we pick every board ourselves.",
        "tags": ["materials"],
        "scene": "workshop",
        "wood": "larch",
    },
]

CONTACT_FORM_FIELDS = [
    {"label": "Your name", "field_type": "singleline", "required": True},
    {"label": "E-mail", "field_type": "email", "required": True},
    {"label": "Phone", "field_type": "singleline", "required": False},
    {
        "label": "What can we build for you?",
        "field_type": "dropdown",
        "required": True,
        "choices": "Kitchen\nStairs\nFurniture\nWindows or doors\nSomething else",
    },
    {"label": "Your message", "field_type": "multiline", "required": True},
]

LEGAL_PAGES = [
    {
        "slug": "imprint",
        "title": "Imprint",
        "text": (
            "<p>Brandt Carpentry GmbH<br>Schreinerweg 7<br>79100 Freiburg</p>"
            "<p>Managing director: Lena Brandt<br>Register court Freiburg, HRB 700123<br>"
            f"E-mail: {CONTACT_EMAIL}</p>"
        ),
    },
    {
        "slug": "privacy",
        "title": "Privacy policy",
        "text": (
            "<p>We only store what you send us through the contact form, to answer your "
            "request. We delete it after two years unless a contract requires longer.</p>"
        ),
    },
]
