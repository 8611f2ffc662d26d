"""Seed 001: Västra Götalandsregionen's support to the kulturskolor."""

ORGANISATION = {
    "slug": "vgr-kulturutveckling",
    "name": "Västra Götalandsregionen, Förvaltningen för kulturutveckling",
    "short_name": "VGR Kulturutveckling",
    "kind": "department",
    "website": "https://www.vgregion.se/kultur/",
    "description": "Förvaltningen för kulturutveckling har i uppdrag att stödja "
    "kulturskolornas utveckling i Västra Götaland.",
    "partners": ["goteborgs-universitet", "kulturskolecentrum", "kulturskoleradet", "skr"],
    "en": {
        "name": "Region Västra Götaland, Department of Cultural Development",
        "short_name": "VGR Cultural Development",
        "description": "The Department of Cultural Development is tasked with supporting "
        "the development of the arts schools in Västra Götaland.",
    },
}

SITE = {
    "name": "Kulturskolor i Västra Götaland",
    "tagline": "Stöd till kulturskolornas utveckling",
    "primary_colour": "#005a9c",
    "accent_colour": "#d6ecfa",
    "contact_email": "kulturutveckling@vgr.example",
    # Issue #4: English tagline, postal address, footer and social links.
    "tagline_en": "Support for the development of arts schools",
    "contact_phone": "010-000 00 00",
    "address": "Förvaltningen för kulturutveckling\nBox 2, 400 00 Göteborg",
    "footer_links": [{"page": "sa-arbetar-vi"}],
    "social_links": [
        ("instagram", "https://instagram.example/vgrkultur"),
        ("linkedin", "https://linkedin.example/company/vgrkultur"),
    ],
}

HOME = {
    "title": "Kulturskolor i Västra Götaland",
    "intro": "<p>Barn och ungas eget skapande är ett prioriterat område för Västra "
    "Götalandsregionen.</p>",
    "body": [
        (
            "paragraph",
            "<p>Barn och ungas eget skapande är ett prioriterat område för Västra "
            "Götalandsregionen och Förvaltningen för kulturutveckling har i uppdrag att "
            "stödja kulturskolornas utveckling. Det gör vi genom fortbildning, "
            "utvecklingsprojekt, strategiskt arbete och samverkan.</p>",
        ),
        ("activities", {"title": "Fortbildning", "organisation": "vgr-kulturutveckling"}),
        ("projects", {"title": "Utvecklingsprojekt", "organisation": "vgr-kulturutveckling"}),
        (
            "publications",
            {"title": "Styrdokument och nyhetsbrev", "organisation": "vgr-kulturutveckling"},
        ),
    ],
    "en": {
        "title": "Arts schools in Västra Götaland",
        "intro": "<p>Children's and young people's own creativity is a priority for Region "
        "Västra Götaland.</p>",
        "body": [
            (
                "paragraph",
                "<p>Children's and young people's own creativity is a priority for Region "
                "Västra Götaland, and the Department of Cultural Development is tasked with "
                "supporting the development of the arts schools. We do this through "
                "professional development, development projects, strategic work and "
                "collaboration.</p>",
            ),
            (
                "activities",
                {"title": "Professional development", "organisation": "vgr-kulturutveckling"},
            ),
            (
                "projects",
                {"title": "Development projects", "organisation": "vgr-kulturutveckling"},
            ),
            (
                "publications",
                {
                    "title": "Steering documents and newsletter",
                    "organisation": "vgr-kulturutveckling",
                },
            ),
        ],
    },
}

PAGES = [
    {
        "slug": "sa-arbetar-vi",
        "title": "Så arbetar vi",
        "intro": "<p>Fortbildning, utvecklingsprojekt, strategiskt arbete och samverkan.</p>",
        "last_published": "2023-07-03 09:43",
        "body": [
            (
                "paragraph",
                "<p>Barn och ungas eget skapande är ett prioriterat område för Västra "
                "Götalandsregionen och Förvaltningen för kulturutveckling har i uppdrag att "
                "stödja kulturskolornas utveckling. Det gör vi genom fortbildning, "
                "utvecklingsprojekt, strategiskt arbete och samverkan.</p>",
            ),
            ("heading", "Våra styrdokument"),
            (
                "paragraph",
                "<p>Ett av våra styrdokument är Kulturstrategi Västra Götaland "
                "2020–2023.</p>"
                "<p>Regeringens förslag till nationell strategi för en mer tillgänglig och "
                "jämlik kulturskola ger också en riktning till vårt arbete.</p>"
                "<p>Barnkonventionen utgör ett fundament i vårt arbete, särskilt artikel 12 "
                "och artikel 31, som handlar om barns rätt till kultur, barns rätt att utöva "
                "kultur, barns rätt till inflytande och delaktighet i frågor som rör "
                "barnet.</p>",
            ),
            (
                "links",
                "Läs mer",
                [
                    (
                        "Läs barnkonventionen här",
                        "https://www.barnombudsmannen.se/barnkonventionen/",
                    ),
                ],
            ),
            ("heading", "Detta gör vi: Fortbildning"),
            (
                "paragraph",
                "<ul><li>Vi arrangerar årligen Kulturskolepedagogdagen tillsammans med "
                "Göteborgs universitet. Kulturskolepedagogdagen är en digital "
                "fortbildningsdag för kulturskolepedagoger i hela landet.</li>"
                "<li>Vi erbjuder fortbildning, både datumbundna och i form av "
                "utbildningspaket på vår hemsida. Innehållet tas fram utifrån "
                "kulturskolornas behov och målen i våra styrdokument, där breddat utbud och "
                "tillgänglighet är prioriterade områden.</li></ul>",
            ),
            ("heading", "Utvecklingsprojekt"),
            (
                "paragraph",
                "<ul><li>Vi fördjupar oss i ett specifikt utvecklingsområde med olika teman. "
                "Vi har bland annat arbetat med scenkonstutveckling, digitalt skapande och "
                "ungt arrangörskap.</li></ul>",
            ),
            ("heading", "Strategiskt arbete och samverkan"),
            (
                "paragraph",
                "<ul><li>Vi sammankallar en regional strategigrupp med representanter från de "
                "fyra kulturskolechefsnätverken i regionen. Gruppen diskuterar och arbetar "
                "med gemensamma strategiska frågor kulturskolorna i Västra Götaland.</li>"
                "<li>Vi bedriver ett strategiskt utvecklingsarbete på nationell nivå genom "
                "samverkan med Kulturskolecentrum, Kulturskolerådet och Sveriges kommuner "
                "och regioner (SKR) samt andra regioner i Sverige.</li>"
                "<li>Vi deltar i referensgruppen för Kulturskolepedagogutbildningen vid "
                "Göteborgs universitet.</li>"
                "<li>Vi erbjuder ett nyhetsbrev till pedagoger och chefer på kulturskolor, "
                "med tips och nyheter specifikt för målgruppen.</li></ul>",
            ),
        ],
        "en": {"title": "How we work", "slug": "how-we-work"},
    },
]

INDEXES = {
    "goals": {"slug": "mal", "title": "Mål", "en": {"title": "Goals", "slug": "goals"}},
    "projects": {
        "slug": "utvecklingsprojekt",
        "title": "Utvecklingsprojekt",
        "en": {"title": "Development projects", "slug": "projects"},
    },
    "activities": {
        "slug": "fortbildning",
        "title": "Fortbildning",
        "en": {"title": "Professional development", "slug": "training"},
    },
    "publications": {
        "slug": "styrdokument",
        "title": "Styrdokument och nyhetsbrev",
        "en": {"title": "Steering documents and newsletter", "slug": "publications"},
    },
}

GOALS = [
    {
        "slug": "vgr-kulturskola-breddat-utbud-2020-2023",
        "number": 1,
        "title": "Breddat utbud",
        "text": "<p>Fortbildningen tas fram utifrån kulturskolornas behov och målen i "
        "styrdokumenten, där breddat utbud är ett prioriterat område "
        "(Kulturstrategi Västra Götaland 2020–2023).</p>",
        "period": (2020, 2023),
        "set_by": "vgr-kulturnamnden",
        "en": {"title": "A broader range of activities"},
    },
    {
        "slug": "vgr-kulturskola-tillganglighet-2020-2023",
        "number": 2,
        "title": "Tillgänglighet",
        "text": "<p>Tillgänglighet är ett prioriterat område i styrdokumenten "
        "(Kulturstrategi Västra Götaland 2020–2023).</p>",
        "period": (2020, 2023),
        "set_by": "vgr-kulturnamnden",
        "en": {"title": "Accessibility"},
    },
]

PROJECTS = [
    {
        "slug": "vgr-scenkonstutveckling",
        "title": "Scenkonstutveckling i kulturskolan",
        "summary": "Ett av de utvecklingsområden Förvaltningen för kulturutveckling har "
        "fördjupat sig i tillsammans med kulturskolorna.",
        "lead": "vgr-kulturutveckling",
        "geography": "Västra Götaland",
        "areas": ["kulturskola", "scenkonst"],
        "en": {"title": "Performing arts development in the arts schools"},
    },
    {
        "slug": "vgr-digitalt-skapande",
        "title": "Digitalt skapande",
        "summary": "Utvecklingsprojekt om digitalt skapande i kulturskolan.",
        "lead": "vgr-kulturutveckling",
        "geography": "Västra Götaland",
        "areas": ["kulturskola", "digital-kompetens"],
        "en": {"title": "Digital creativity"},
    },
    {
        "slug": "vgr-ungt-arrangorskap",
        "title": "Ungt arrangörskap",
        "summary": "Utvecklingsprojekt om ungt arrangörskap i kulturskolan.",
        "lead": "vgr-kulturutveckling",
        "geography": "Västra Götaland",
        "areas": ["kulturskola", "barn-och-ungdomskultur"],
        "en": {"title": "Young event organisers"},
    },
]

ACTIVITIES = [
    {
        "slug": "kulturskolepedagogdagen",
        "title": "Kulturskolepedagogdagen",
        "kind": "conference_day",
        "format": "digital",
        "ongoing": True,
        "schedule_note": "Arrangeras årligen",
        "summary": "En digital fortbildningsdag för kulturskolepedagoger i hela landet, som "
        "vi arrangerar årligen tillsammans med Göteborgs universitet.",
        "target_group": "Kulturskolepedagoger i hela landet",
        "organisers": ["vgr-kulturutveckling", "goteborgs-universitet"],
        "en": {
            "title": "Arts School Teachers' Day (Kulturskolepedagogdagen)",
            "summary": "A digital day of professional development for arts school teachers "
            "across the country, arranged every year with the University of Gothenburg.",
            "schedule_note": "Every year",
            "target_group": "Arts school teachers across Sweden",
        },
    },
    {
        "slug": "vgr-utbildningspaket",
        "title": "Utbildningspaket för kulturskolan",
        "kind": "self_paced",
        "format": "digital",
        "ongoing": True,
        "summary": "Fortbildning i form av utbildningspaket på vår hemsida. Innehållet tas "
        "fram utifrån kulturskolornas behov och målen i våra styrdokument.",
        "target_group": "Pedagoger och chefer på kulturskolor",
        "price": 0,
        "en": {"title": "Self-paced training packages for arts schools"},
    },
    {
        "slug": "vgr-regional-strategigrupp",
        "title": "Regional strategigrupp för kulturskolorna",
        "kind": "network_meeting",
        "format": "hybrid",
        "ongoing": True,
        "summary": "Representanter från de fyra kulturskolechefsnätverken i regionen "
        "diskuterar gemensamma strategiska frågor.",
        "target_group": "Kulturskolechefer",
        "en": {"title": "Regional strategy group for the arts schools"},
    },
]

PUBLICATIONS = [
    {
        "slug": "kulturstrategi-vastra-gotaland-2020-2023",
        "title": "Kulturstrategi Västra Götaland 2020–2023",
        "kind": "strategy",
        "date": "2020-01-01",
        "publisher": "vgr-kulturnamnden",
        "summary": "<p>Ett av Förvaltningen för kulturutvecklings styrdokument.</p>",
        "document": True,
        "en": {"title": "Culture strategy for Västra Götaland 2020–2023"},
    },
    {
        "slug": "nationell-strategi-kulturskola",
        "title": "Regeringens förslag till nationell strategi för en mer tillgänglig och "
        "jämlik kulturskola",
        "kind": "strategy",
        "publisher": "regeringen",
        "summary": "<p>Ger en riktning till arbetet med kulturskolorna.</p>",
        "url": "https://www.regeringen.se/",
        "en": {
            "title": "The Government's proposed national strategy for a more accessible and "
            "equal arts school"
        },
    },
    {
        "slug": "vgr-nyhetsbrev-kulturskola",
        "title": "Nyhetsbrev för kulturskolor",
        "kind": "newsletter",
        "date": "2023-06-01",
        "publisher": "vgr-kulturutveckling",
        "summary": "<p>Ett nyhetsbrev till pedagoger och chefer på kulturskolor, med tips "
        "och nyheter specifikt för målgruppen.</p>",
        "en": {"title": "Newsletter for arts schools"},
    },
]
