"""Seed 000: Nätverkstan, an independent non-profit knowledge centre."""

ORGANISATION = {
    "slug": "natverkstan",
    "name": "Nätverkstan",
    "kind": "non_profit",
    "website": "https://www.natverkstan.net/",
    "description": "Ett oberoende och icke-vinstdrivande kunskapscentrum för kulturlivet "
    "i Västra Götaland.",
    "partners": ["vgr-kulturnamnden"],
    "en": {
        "name": "Nätverkstan",
        "description": "An independent, non-profit knowledge centre for cultural life in "
        "Västra Götaland.",
    },
}

SITE = {
    "name": "Nätverkstan",
    "tagline": "Ett kunskapscentrum för kulturlivet",
    "primary_colour": "#6b2d5c",
    "accent_colour": "#f3d9e8",
    "contact_email": "info@natverkstan.example",
    # Issue #4: English tagline, postal address, footer and social links.
    "tagline_en": "A knowledge centre for cultural life",
    "contact_phone": "031-00 00 00",
    "address": "Box 1, 400 00 Göteborg",
    "footer_links": [{"page": "uppdrag-och-projekt"}],
    "social_links": [
        ("instagram", "https://instagram.example/natverkstan"),
        ("linkedin", "https://linkedin.example/company/natverkstan"),
    ],
}

HOME = {
    "title": "Nätverkstan",
    "intro": "<p>Ett kunskapscentrum för kulturlivet.</p>",
    "body": [
        ("heading", "Uppdrag & fortbildning"),
        (
            "paragraph",
            "<p>Nätverkstan arbetar med uppdrag, projekt, fortbildning och "
            "kunskapsproduktion utifrån de behov som uppstår. Vi har en flexibel "
            "organisation som stöttar och utvecklar kulturlivet på flera olika sätt.</p>"
            "<p>Vi tar ofta egna initiativ men blir också anlitade av kommuner, regioner "
            "och kulturorganisationer att utreda, utvärdera, processleda och producera "
            "inom en rad områden. Utöver vår tvååriga yrkeshögskoleutbildning erbjuder "
            "vi fortbildning för personer verksamma inom kultursektorn.</p>",
        ),
        ("goals", {"title": "Mål 2021–2024", "organisation": "natverkstan", "limit": 3}),
        ("activities", {"title": "Fortbildning", "organisation": "natverkstan", "limit": 3}),
        (
            "publications",
            {"title": "Kunskapsproduktion", "organisation": "natverkstan", "limit": 3},
        ),
    ],
    "en": {
        "title": "Nätverkstan",
        "intro": "<p>A knowledge centre for cultural life.</p>",
        "body": [
            ("heading", "Commissions & professional development"),
            (
                "paragraph",
                "<p>Nätverkstan works with commissions, projects, professional development "
                "and knowledge production according to the needs that arise. We have a "
                "flexible organisation that supports and develops cultural life in many "
                "different ways.</p>"
                "<p>We often take our own initiatives but are also hired by municipalities, "
                "regions and cultural organisations to investigate, evaluate, facilitate "
                "and produce in a range of fields. Besides our two-year higher vocational "
                "education programme, we offer professional development for people working "
                "in the cultural sector.</p>",
            ),
            ("goals", {"title": "Goals 2021–2024", "organisation": "natverkstan", "limit": 3}),
            (
                "activities",
                {"title": "Professional development", "organisation": "natverkstan", "limit": 3},
            ),
            (
                "publications",
                {"title": "Knowledge production", "organisation": "natverkstan", "limit": 3},
            ),
        ],
    },
}

PAGES = [
    {
        "slug": "uppdrag-och-projekt",
        "title": "Uppdrag och projekt i samarbete med andra",
        "intro": "<p>Vi arbetar ofta ihop med andra aktörer.</p>",
        "body": [
            (
                "paragraph",
                "<p>Vi arbetar ofta ihop med andra aktörer och tror på samverkan som en "
                "viktig grundförutsättning inom kulturlivet och samhället i stort. Genom att "
                "arbeta i processer i nära dialog med uppdragsgivare och samarbetspartners "
                "vill vi få till långsiktiga effekter. Vi kombinerar fördjupad kunskap och "
                "analys med möjlighet till utbildning, tillämpning och implementering. "
                "Lyssnande, lärande och reflektion är alltid i fokus.</p>"
                "<p>Nätverkstan är en oberoende och icke-vinstdrivande organisation. Vi "
                "arbetar utifrån våra övergripande målsättningar och en ständigt pågående "
                "omvärldsanalys för att säkerställa att vi gör rätt saker. Vad behöver "
                "kulturlivet? Var kan vi göra skillnad och nytta? Hör av er om ni vill "
                "anlita oss eller idéer om vad vi kan åstadkomma tillsammans.</p>",
            ),
            ("quote", "Lyssnande, lärande och reflektion är alltid i fokus.", "Nätverkstan"),
        ],
        "en": {
            "title": "Commissions and projects in collaboration with others",
            "slug": "commissions-and-projects",
        },
    },
    {
        "slug": "regionalt-uppdrag",
        "title": "Nätverkstans långsiktiga regionala uppdrag",
        "intro": "<p>Från Västra Götalandsregionens kulturnämnd har vi ett långsiktigt "
        "uppdrag som löper över fyra år.</p>",
        "body": [
            (
                "paragraph",
                "<p>Från Västra Götalandsregionens kulturnämnd har vi ett långsiktigt "
                "uppdrag som löper över fyra år. Följande mål har formulerats för perioden "
                "2021–2024:</p>",
            ),
            ("goals", {"title": "", "organisation": "natverkstan", "limit": 3}),
        ],
        "en": {
            "title": "Nätverkstan's long-term regional commission",
            "slug": "regional-commission",
        },
    },
    {
        "slug": "kunskapsproduktion-och-fortbildningar",
        "title": "Kunskapsproduktion och fortbildningar",
        "intro": "",
        "body": [
            (
                "paragraph",
                "<p>På Nätverkstan har vi som ambition att dela med oss av de kunskaper vi "
                "får och erfarenheter vi gör genom vår verksamhet. Vi publicerar bland annat "
                "rapporter, ger ut en skriftserie och producerar ett nyhetsbrev om "
                "kulturpolitik. Som en del av det livslånga lärandet arbetar vi också med "
                "fortbildning av aktörer inom kulturlivet.</p>",
            ),
            ("publications", {"title": "Publikationer", "organisation": "natverkstan", "limit": 6}),
        ],
        "en": {"title": "Knowledge production and professional development", "slug": "knowledge"},
    },
]

INDEXES = {
    "goals": {"slug": "mal", "title": "Mål", "en": {"title": "Goals", "slug": "goals"}},
    "projects": {
        "slug": "projekt",
        "title": "Uppdrag och projekt",
        "organisations": ["natverkstan", "vgr-kulturutveckling"],
        "en": {"title": "Commissions and projects", "slug": "projects"},
    },
    "activities": {
        "slug": "fortbildning",
        "title": "Fortbildning",
        "en": {"title": "Professional development", "slug": "training"},
    },
    "publications": {
        "slug": "publikationer",
        "title": "Publikationer",
        "en": {"title": "Publications", "slug": "publications"},
    },
}

GOALS = [
    {
        "slug": "natverkstan-mal-1-2021-2024",
        "number": 1,
        "title": "Ett oberoende kunskapscentrum inom kulturpolitik och kulturekonomi",
        "text": "<p>Nätverkstan ska vara ett oberoende kunskapscentrum inom kulturpolitik "
        "och kulturekonomi som i samverkan med kulturliv, offentliga förvaltningar och "
        "civilsamhälle verkar för folkbildning, yttrandefrihet och en fri kritisk "
        "offentlighet.</p>",
        "period": (2021, 2024),
        "set_by": "vgr-kulturnamnden",
        "en": {
            "title": "An independent knowledge centre for cultural policy and economics",
            "text": "<p>Nätverkstan shall be an independent knowledge centre for cultural "
            "policy and cultural economics that, together with cultural life, public "
            "administrations and civil society, works for popular education, freedom of "
            "expression and a free, critical public sphere.</p>",
        },
    },
    {
        "slug": "natverkstan-mal-2-2021-2024",
        "number": 2,
        "title": "En resurs inom digital teknik samt medie- och informationskunnighet",
        "text": "<p>Nätverkstan ska vara en angelägen och tillgänglig resurs inom digital "
        "teknik samt medie- och informationskunnighet för konstnärer, kulturaktörer och "
        "civilsamhälle i Västra Götaland för att stimulera ungas filmintresse, utveckla nya "
        "berättelser och vidga deltagandet i kulturlivet.</p>",
        "period": (2021, 2024),
        "set_by": "vgr-kulturnamnden",
        "en": {
            "title": "A resource for digital technology and media and information literacy",
        },
    },
    {
        "slug": "natverkstan-mal-3-2021-2024",
        "number": 3,
        "title": "Regional utveckling och hållbarhet",
        "text": "<p>Nätverkstan ska bidra till regional utveckling och till social, "
        "miljömässig och ekonomisk hållbarhet.</p>",
        "period": (2021, 2024),
        "set_by": "vgr-kulturnamnden",
        "en": {
            "title": "Regional development and sustainability",
            "text": "<p>Nätverkstan shall contribute to regional development and to social, "
            "environmental and economic sustainability.</p>",
        },
    },
]

PROJECTS = [
    {
        "slug": "natverkstan-regionalt-uppdrag-2021-2024",
        "title": "Långsiktigt regionalt uppdrag 2021–2024",
        "summary": "Nätverkstans fyraåriga uppdrag från Västra Götalandsregionens "
        "kulturnämnd, med mål för perioden 2021–2024.",
        "start": "2021-01-01",
        "end": "2024-12-31",
        "lead": "natverkstan",
        "funders": [("vgr-kulturnamnden", None)],
        "geography": "Västra Götaland",
        "areas": ["kulturpolitik", "mik", "filmkulturell-verksamhet"],
        "goals": [
            "natverkstan-mal-1-2021-2024",
            "natverkstan-mal-2-2021-2024",
            "natverkstan-mal-3-2021-2024",
        ],
        "en": {"title": "Long-term regional commission 2021–2024"},
    },
]

ACTIVITIES = [
    {
        "slug": "natverkstan-yrkeshogskoleutbildning",
        "title": "Tvåårig yrkeshögskoleutbildning",
        "kind": "education",
        "format": "on_site",
        "ongoing": True,
        "schedule_note": "Två år",
        "summary": "Nätverkstans tvååriga yrkeshögskoleutbildning för kulturlivet.",
        "target_group": "Den som vill arbeta i kultursektorn",
        "en": {"title": "Two-year higher vocational education programme"},
    },
    {
        "slug": "natverkstan-fortbildning-kultursektorn",
        "title": "Fortbildning för verksamma inom kultursektorn",
        "kind": "course",
        "format": "hybrid",
        "ongoing": True,
        "summary": "Som en del av det livslånga lärandet arbetar Nätverkstan med "
        "fortbildning av aktörer inom kulturlivet.",
        "target_group": "Personer verksamma inom kultursektorn",
        "en": {"title": "Professional development for people in the cultural sector"},
    },
]

PUBLICATIONS = [
    {
        "slug": "natverkstan-rapporter",
        "title": "Rapporter från Nätverkstan",
        "kind": "report",
        "date": "2024-06-01",
        "publisher": "natverkstan",
        "summary": "<p>Nätverkstan publicerar rapporter om kulturpolitik och kulturekonomi.</p>",
        "document": True,
        "en": {"title": "Reports from Nätverkstan"},
    },
    {
        "slug": "natverkstan-skriftserie-1",
        "title": "Nätverkstans skriftserie",
        "kind": "series_issue",
        "series": "Nätverkstans skriftserie",
        "number": 1,
        "date": "2023-09-01",
        "publisher": "natverkstan",
        "summary": "<p>Nätverkstan ger ut en skriftserie.</p>",
        "document": True,
    },
    {
        "slug": "natverkstan-nyhetsbrev-kulturpolitik",
        "title": "Nyhetsbrev om kulturpolitik",
        "kind": "newsletter",
        "date": "2024-10-01",
        "publisher": "natverkstan",
        "summary": "<p>Nätverkstan producerar ett nyhetsbrev om kulturpolitik.</p>",
        "en": {"title": "Newsletter on cultural policy"},
    },
]
