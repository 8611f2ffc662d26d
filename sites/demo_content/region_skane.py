"""Seed 003: Region Skåne's ESF project "Learn, Create, Engage"."""

ORGANISATION = {
    "slug": "region-skane",
    "name": "Region Skåne",
    "kind": "region",
    "website": "https://www.skane.se/",
    "description": "Region Skånes kulturförvaltning stärker den kulturella och kreativa "
    "sektorn i Skåne.",
    "partners": ["media-evolution"],
    "en": {
        "name": "Region Skåne",
        "description": "Region Skåne's culture administration strengthens the cultural and "
        "creative sector in Skåne.",
    },
}

SITE = {
    "name": "Region Skåne – Kultur",
    "tagline": "Learn, Create, Engage",
    "primary_colour": "#00594f",
    "accent_colour": "#d9f2ee",
    "contact_email": "kultur@skane.example",
    # Issue #4: English tagline, postal address, footer and social links.
    "tagline_en": "Learn, Create, Engage",
    "contact_phone": "044-000 00 00",
    "address": "Region Skåne, Kultur\n291 89 Kristianstad",
    "footer_links": [{"page": "learn-create-engage"}],
    "social_links": [
        ("instagram", "https://instagram.example/regionskanekultur"),
        ("linkedin", "https://linkedin.example/company/regionskanekultur"),
    ],
}

LCE_INTRO_SV = (
    "Region Skåne har beviljats 5,2 miljoner kronor från Europeiska socialfonden för att "
    "tillsammans med Media Evolution stärka den digitala kompetensen inom kultursektorn i "
    "Skåne. Stödet och projektet ska pågå i tre år och startade den 1 januari 2024."
)
LCE_INTRO_EN = (
    "Region Skåne has been granted SEK 5.2 million from the European Social Fund to "
    "strengthen digital skills in the cultural sector in Skåne together with Media "
    "Evolution. The grant and the project run for three years and started on 1 January 2024."
)

HOME = {
    "title": "Region Skåne – Kultur",
    "intro": "<p>Learn, Create, Engage ska stärka den digitala kompetensen inom "
    "kultursektorn i Skåne.</p>",
    "body": [
        ("paragraph", f"<p>{LCE_INTRO_SV}</p>"),
        ("projects", {"title": "Aktuellt projekt", "organisation": "region-skane", "limit": 1}),
        (
            "activities",
            {"title": "Kostnadsfria aktiviteter", "organisation": "region-skane", "limit": 6},
        ),
        (
            "cta",
            "Läs mer om Learn, Create, Engage",
            "Kurser, mentorskap, datadrivna metoder och kunskapsdelning.",
            "learn-create-engage",
        ),
    ],
    "en": {
        "title": "Region Skåne – Culture",
        "intro": "<p>Learn, Create, Engage will strengthen digital skills in the cultural "
        "sector in Skåne.</p>",
        "body": [
            ("paragraph", f"<p>{LCE_INTRO_EN}</p>"),
            ("projects", {"title": "Current project", "organisation": "region-skane", "limit": 1}),
            (
                "activities",
                {"title": "Free activities", "organisation": "region-skane", "limit": 6},
            ),
            (
                "cta",
                "Read more about Learn, Create, Engage",
                "Courses, mentorship, data-driven methods and knowledge sharing.",
                "learn-create-engage",
            ),
        ],
    },
}

_LCE_BODY_SV = [
    (
        "paragraph",
        "<p>I en värld där digitala omställningar går snabbare än någonsin tidigare är det "
        "viktigt att även den kulturella och kreativa sektorn ges möjlighet att omfamna de "
        "förändringar och möjligheter detta innebär. Projektet Learn, Create, Engage ska "
        "stärka den kulturella och kreativa sektorn i Skånes förmåga att anpassa sig till den "
        "snabbt föränderliga omvärld, där huvudmålet inte bara är anpassning, utan att också "
        "trivas och blomstra i den.</p>"
        "<p>Projektet erbjuder utbildning med fokus på att använda digitala verktyg i det "
        "kreativa arbetet, marknadsföring och synlighet i sociala medier, samt möjlighet att "
        "utforska nya sätt att uttrycka sig kreativt och med teknik kombinerat. Alla "
        "aktiviteter kommer att vara kostnadsfria för personer som arbetar inom den "
        "kultursektorn i hela Skåne.</p>"
        "<p>Målet med projektet är att det ska minska det befintliga kompetensgapet inom "
        "sektorn genom skräddarsydd kompetensutveckling och tillgång till högkvalitativa "
        "resurser. Dessa insatser ska brygga gapet mellan dagens kompetenser och morgondagens "
        "framgång. Projektet ska även skapa en plattform som kan fungera som en samlande "
        "kraft inom sektorn för att främja samarbete, kunskapsdelning och gemenskap över "
        "olika delar av branschen i stort.</p>",
    ),
    ("heading", "Skräddarsydd kompetensutveckling – Kurser"),
    (
        "paragraph",
        "<p>Under projektet kommer det att finnas flera kurser skräddarsydda för den "
        "kulturella och kreativa sektorn, för att tryggt navigera i den digitala tidsåldern. "
        "Kurserna syftar till att förvärva grundläggande färdigheter som stärker och får "
        "deltagarna att trivas i ett ständigt föränderligt digitalt landskap. Kurserna kommer "
        "att täcka adaptivt tänkesätt, digitala verktyg för konstnärliga processer och "
        "kreativt entreprenörskap.</p>",
    ),
    ("heading", "Inkluderande mentorskapsprogram"),
    (
        "paragraph",
        "<p>Mentorskapsprogrammet syftar till att bidra till den övergripande utvecklingen "
        "av hela sektorn. För att stärka individer på marknadspositionen och samtidigt bidra "
        "till sektorsövergripande utveckling genomförs ett program för professionella för "
        "ömsesidigt mentorskap. I detta forum, där deltagare från de kulturella och kreativa "
        "näringarna möts, kan kunskaps- och erfarenhetsutbyte ske på olika nivåer, vilket "
        "stärker både individens position och förmåga/rörlighet på arbetsmarknaden. Och "
        "samtidigt kommer det att bidra till den övergripande utvecklingen av hela "
        "sektorn.</p>",
    ),
    ("heading", "Datadrivna metoder"),
    (
        "paragraph",
        "<p>En utmaning för kulturinstitutioner idag är att nå ut till nya målgrupper. Det "
        "finns dock en betydande potential i att använda digitala verktyg för "
        "informationsinsamling – att tillämpa ett datadrivet tillvägagångssätt för att stödja "
        "anpassningsbara kulturella metoder i linje med publikens förväntningar. Att "
        "implementera datadrivna metoder inom kulturinstitutioner kan erbjuda flera fördelar, "
        "inklusive förbättrat kulturellt engagemang och operativ effektivitet. Detta projekt "
        "kommer att erbjuda lektioner som löper över ett par månader för offentliga "
        "kulturinstitutioner för att öka sin kunskap om datadrivna metoder för att bygga "
        "bättre kapacitet att skräddarsy upplevelser och program som resonerar med publikens "
        "intressen.</p>",
    ),
    ("heading", "Kontinuerlig kunskapsdelning"),
    (
        "paragraph",
        "<p>Genom en plattform utformad för kontinuerlig kunskapsdelning inom sektorn kommer "
        "insikterna från aktiviteterna i projektet att delas. Dessa aktiviteter kommer att "
        "sprida insikter, främja lärande och stärka sektorns samlade expertis. Mer "
        "information kommer att publiceras löpande.</p>",
    ),
    (
        "paragraph",
        "<p>Finansiering: Detta projekt finansieras av Europeiska socialfonden. ”Learn, "
        "Create, Engage” är ett kompetensutvecklingsprojekt för den kulturella och kreativa "
        "sektorn och drivs av Media Evolution och Region Skåne.</p>",
    ),
]

_LCE_BODY_EN = [
    (
        "paragraph",
        "<p>In a world where digital change moves faster than ever, the cultural and "
        "creative sector too must be able to embrace the changes and opportunities this "
        "brings. The project Learn, Create, Engage will strengthen the ability of the "
        "cultural and creative sector in Skåne to adapt to a rapidly changing world, where "
        "the main goal is not only to adapt but to thrive and flourish in it.</p>"
        "<p>The project offers training focused on using digital tools in creative work, "
        "marketing and visibility on social media, and the chance to explore new ways of "
        "expressing oneself creatively in combination with technology. All activities will "
        "be free of charge for people working in the cultural sector across Skåne.</p>"
        "<p>The project aims to narrow the existing skills gap in the sector through "
        "tailored skills development and access to high-quality resources. These efforts "
        "will bridge the gap between today's skills and tomorrow's success. The project "
        "will also create a platform that can gather the sector to promote collaboration, "
        "knowledge sharing and community across the industry as a whole.</p>",
    ),
    ("heading", "Tailored skills development – Courses"),
    (
        "paragraph",
        "<p>During the project there will be several courses tailored to the cultural and "
        "creative sector, to navigate the digital age with confidence. The courses aim to "
        "build basic skills that strengthen participants and help them thrive in an "
        "ever-changing digital landscape. They will cover an adaptive mindset, digital tools "
        "for artistic processes and creative entrepreneurship.</p>",
    ),
    ("heading", "Inclusive mentorship programme"),
    (
        "paragraph",
        "<p>The mentorship programme aims to contribute to the development of the whole "
        "sector. To strengthen individuals' position in the market while contributing to "
        "cross-sector development, a programme of mutual mentorship for professionals is "
        "run. In this forum, where participants from the cultural and creative industries "
        "meet, knowledge and experience can be exchanged at different levels, strengthening "
        "both the individual's position and their mobility in the labour market. At the same "
        "time it will contribute to the development of the whole sector.</p>",
    ),
    ("heading", "Data-driven methods"),
    (
        "paragraph",
        "<p>One challenge for cultural institutions today is reaching new audiences. Yet "
        "there is great potential in using digital tools to gather information – applying a "
        "data-driven approach to support adaptable cultural practices in line with "
        "audiences' expectations. Implementing data-driven methods in cultural institutions "
        "can offer several benefits, including better cultural engagement and operational "
        "efficiency. The project will offer lessons running over a couple of months for "
        "public cultural institutions to increase their knowledge of data-driven methods, "
        "building better capacity to tailor experiences and programmes that resonate with "
        "audiences' interests.</p>",
    ),
    ("heading", "Continuous knowledge sharing"),
    (
        "paragraph",
        "<p>Through a platform designed for continuous knowledge sharing in the sector, the "
        "insights from the project's activities will be shared. These activities will "
        "spread insights, promote learning and strengthen the sector's collective "
        "expertise. More information will be published continuously.</p>",
    ),
    (
        "paragraph",
        "<p>Funding: This project is funded by the European Social Fund. “Learn, Create, "
        "Engage” is a skills development project for the cultural and creative sector, run "
        "by Media Evolution and Region Skåne.</p>",
    ),
]

PAGES = [
    {
        "slug": "learn-create-engage",
        "title": "Learn, Create, Engage ska stärka den digitala kompetensen inom "
        "kultursektorn i Skåne",
        "intro": f"<p>{LCE_INTRO_SV}</p>",
        "body": _LCE_BODY_SV,
        "en": {
            "title": "Learn, Create, Engage will strengthen digital skills in the cultural "
            "sector in Skåne",
            "slug": "learn-create-engage",
            "intro": f"<p>{LCE_INTRO_EN}</p>",
            "body": _LCE_BODY_EN,
        },
    },
]

INDEXES = {
    "goals": {"slug": "mal", "title": "Mål", "en": {"title": "Goals", "slug": "goals"}},
    "projects": {
        "slug": "projekt",
        "title": "Projekt i Skåne",
        "organisations": ["region-skane", "kulturkraft-syd"],
        "en": {"title": "Projects in Skåne", "slug": "projects"},
    },
    "activities": {
        "slug": "aktiviteter",
        "title": "Aktiviteter",
        "en": {"title": "Activities", "slug": "activities"},
    },
    "publications": {
        "slug": "publikationer",
        "title": "Publikationer",
        "show_all": True,
        "en": {"title": "Publications", "slug": "publications"},
    },
}

GOALS = [
    {
        "slug": "lce-minska-kompetensgapet",
        "number": 1,
        "title": "Minska kompetensgapet inom den kulturella och kreativa sektorn",
        "text": "<p>Målet med projektet är att det ska minska det befintliga kompetensgapet "
        "inom sektorn genom skräddarsydd kompetensutveckling och tillgång till "
        "högkvalitativa resurser.</p>",
        "period": (2024, 2026),
        "set_by": "region-skane",
        "en": {
            "title": "Narrow the skills gap in the cultural and creative sector",
            "text": "<p>The project aims to narrow the existing skills gap in the sector "
            "through tailored skills development and access to high-quality resources.</p>",
        },
    },
    {
        "slug": "lce-samlande-plattform",
        "number": 2,
        "title": "En samlande plattform för samarbete och kunskapsdelning",
        "text": "<p>Projektet ska även skapa en plattform som kan fungera som en samlande "
        "kraft inom sektorn för att främja samarbete, kunskapsdelning och gemenskap.</p>",
        "period": (2024, 2026),
        "set_by": "region-skane",
        "en": {
            "title": "A gathering platform for collaboration and knowledge sharing",
            "text": "<p>The project will also create a platform that can gather the sector "
            "to promote collaboration, knowledge sharing and community.</p>",
        },
    },
]

PROJECTS = [
    {
        "slug": "learn-create-engage",
        "title": "Learn, Create, Engage",
        "summary": "Ett kompetensutvecklingsprojekt som ska stärka den digitala "
        "kompetensen inom den kulturella och kreativa sektorn i Skåne.",
        "body": "<p>" + LCE_INTRO_SV + "</p><p>Alla aktiviteter är kostnadsfria för personer "
        "som arbetar inom kultursektorn i hela Skåne.</p>",
        "start": "2024-01-01",
        "end": "2026-12-31",
        "lead": "region-skane",
        "partners": ["media-evolution"],
        "funders": [("europeiska-socialfonden", 5_200_000)],
        "target_groups": "Personer som arbetar inom den kulturella och kreativa sektorn i "
        "hela Skåne; offentliga kulturinstitutioner.",
        "geography": "Skåne",
        "areas": ["digital-kompetens", "kulturella-kreativa-naringar"],
        "goals": ["lce-minska-kompetensgapet", "lce-samlande-plattform"],
        "image": True,
        "en": {
            "title": "Learn, Create, Engage",
            "summary": "A skills development project to strengthen digital skills in the "
            "cultural and creative sector in Skåne.",
            "body": "<p>" + LCE_INTRO_EN + "</p><p>All activities are free of charge for "
            "people working in the cultural sector across Skåne.</p>",
            "target_groups": "People working in the cultural and creative sector across "
            "Skåne; public cultural institutions.",
            "geography": "Skåne",
        },
    },
]

_LCE = {
    "project": "learn-create-engage",
    "price": 0,
    "ongoing": True,
    "schedule_note": "Under projektperioden 2024–2026",
    "target_group": "Personer som arbetar inom kultursektorn i hela Skåne",
}
ACTIVITIES = [
    {
        **_LCE,
        "slug": "lce-kurs-adaptivt-tankesatt",
        "title": "Kurs: Adaptivt tänkesätt",
        "kind": "course",
        "format": "hybrid",
        "organisers": ["region-skane", "media-evolution"],
        "summary": "En av kurserna skräddarsydda för den kulturella och kreativa sektorn.",
        "en": {"title": "Course: An adaptive mindset"},
    },
    {
        **_LCE,
        "slug": "lce-kurs-digitala-verktyg",
        "title": "Kurs: Digitala verktyg för konstnärliga processer",
        "kind": "course",
        "format": "hybrid",
        "organisers": ["region-skane", "media-evolution"],
        "summary": "Digitala verktyg i det kreativa arbetet.",
        "en": {"title": "Course: Digital tools for artistic processes"},
    },
    {
        **_LCE,
        "slug": "lce-kurs-kreativt-entreprenorskap",
        "title": "Kurs: Kreativt entreprenörskap",
        "kind": "course",
        "format": "hybrid",
        "organisers": ["region-skane", "media-evolution"],
        "summary": "Marknadsföring och synlighet i sociala medier och kreativt entreprenörskap.",
        "en": {"title": "Course: Creative entrepreneurship"},
    },
    {
        **_LCE,
        "slug": "lce-mentorskapsprogram",
        "title": "Inkluderande mentorskapsprogram",
        "kind": "mentorship",
        "format": "on_site",
        "organisers": ["region-skane", "media-evolution"],
        "summary": "Ett program för professionella för ömsesidigt mentorskap.",
        "target_group": "Professionella inom de kulturella och kreativa näringarna",
        "en": {"title": "Inclusive mentorship programme"},
    },
    {
        **_LCE,
        "slug": "lce-datadrivna-metoder",
        "title": "Lektioner i datadrivna metoder",
        "kind": "course",
        "format": "digital",
        "schedule_note": "Lektioner som löper över ett par månader",
        "summary": "Lektioner för offentliga kulturinstitutioner om datadrivna metoder.",
        "target_group": "Offentliga kulturinstitutioner",
        "en": {"title": "Lessons in data-driven methods"},
    },
    {
        **_LCE,
        "slug": "lce-kunskapsdelning",
        "title": "Plattform för kontinuerlig kunskapsdelning",
        "kind": "knowledge_sharing",
        "format": "digital",
        "summary": "Insikterna från aktiviteterna i projektet delas löpande.",
        "en": {"title": "Platform for continuous knowledge sharing"},
    },
]

PUBLICATIONS = []
