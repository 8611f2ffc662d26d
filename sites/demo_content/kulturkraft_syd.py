"""Seed 002: KulturKraft Syd, an ESF project in Skåne/Blekinge 2010–2014."""

ORGANISATION = {
    "slug": "kulturkraft-syd",
    "name": "KulturKraft Syd",
    "kind": "project",
    "description": "Plattform för kompetensutveckling och samverkan inom kultursektorn i "
    "Skåne/Blekinge.",
    "partners": ["trygghetsradet-trs", "teaterforbundet", "svensk-scenkonst"],
    "en": {
        "name": "KulturKraft Syd",
        "description": "A platform for skills development and collaboration in the "
        "cultural sector in Skåne and Blekinge.",
    },
}

SITE = {
    "name": "KulturKraft Syd",
    "tagline": "Plattform för kompetensutveckling och samverkan inom kultursektorn i "
    "Skåne/Blekinge",
    "primary_colour": "#8a1c1c",
    "accent_colour": "#fbe3d4",
    "contact_email": "info@kulturkraftsyd.example",
    # Issue #4: English tagline, postal address, footer and social links.
    "tagline_en": "A platform for skills development and cooperation in the cultural sector "
    "of Skåne and Blekinge",
    "contact_phone": "040-00 00 00",
    "address": "Box 3, 200 00 Malmö",
    "footer_links": [{"page": "om-projektet"}],
    "social_links": [
        ("instagram", "https://instagram.example/kulturkraftsyd"),
        ("linkedin", "https://linkedin.example/company/kulturkraftsyd"),
    ],
}

HOME = {
    "title": "KulturKraft Syd",
    "intro": "<p>Plattform för kompetensutveckling och samverkan inom kultursektorn i "
    "Skåne/Blekinge.</p>",
    "body": [
        ("heading", "Behovsstyrd kompetensutveckling på deltagarnas villkor"),
        (
            "paragraph",
            "<p>KulturKraft Syd var ett projekt som pågick mellan mars 2010 och mars 2014 "
            "med finansiering av Europeiska Socialfonden (ESF). Under projektet erbjöds "
            "professionellt yrkesverksamma personer inom teater, dans, musik, film och tv "
            "olika former av kompetenshöjande aktiviteter.</p>"
            "<p>Inom KulturKraft Syd arrangerades en stor mängd olika kurser, "
            "föreläsningar, workshops, seminarier och andra aktiviteter som riktade sig till "
            "såväl individer som organisationer. Målsättningen var att det skulle finnas "
            "aktiviteter för alla yrkeskategorier, dvs såväl för de konstnärliga utövarna "
            "som för personer med tekniska och administrativa yrken.</p>"
            "<p>Alla aktiviteter som erbjöds inom KulturKraft Syd var behovsstyrda och sker "
            "på deltagarnas – såväl individers som organisationers och institutioners – "
            "villkor. Ambitionen var att alla aktiviteter skulle möta upp aktuella behov, "
            "ligga på rätt nivå, ha rätt utformning och omfattning samt ligga på rätt dag "
            "och tid, allt för att uppnå högsta möjliga relevans, nytta och optimalt "
            "deltagande.</p>",
        ),
        ("projects", {"title": "Projektet", "organisation": "kulturkraft-syd", "limit": 1}),
        ("activities", {"title": "Aktiviteter", "organisation": "kulturkraft-syd", "limit": 4}),
    ],
    "en": {
        "title": "KulturKraft Syd",
        "intro": "<p>A platform for skills development and collaboration in the cultural "
        "sector in Skåne and Blekinge.</p>",
        "body": [
            ("heading", "Needs-driven skills development on the participants' terms"),
            (
                "paragraph",
                "<p>KulturKraft Syd was a project that ran from March 2010 to March 2014, "
                "funded by the European Social Fund (ESF). It offered professionals in "
                "theatre, dance, music, film and television many kinds of activities to "
                "develop their skills.</p>"
                "<p>KulturKraft Syd arranged a large number of courses, lectures, "
                "workshops, seminars and other activities for individuals and "
                "organisations alike. The aim was to offer activities for every "
                "profession: artists as well as people in technical and administrative "
                "roles.</p>"
                "<p>Every activity was driven by needs and held on the participants' "
                "terms, whether individuals, organisations or institutions. The ambition "
                "was that every activity should meet current needs at the right level, in "
                "the right form and scope, on the right day and at the right time, for the "
                "greatest possible relevance, benefit and participation.</p>",
            ),
            ("projects", {"title": "The project", "organisation": "kulturkraft-syd", "limit": 1}),
            ("activities", {"title": "Activities", "organisation": "kulturkraft-syd", "limit": 4}),
        ],
    },
}

PAGES = [
    {
        "slug": "om-projektet",
        "title": "Om projektet",
        "intro": "<p>Huvudman, initiativtagare och resultat.</p>",
        "body": [
            (
                "paragraph",
                "<p>Huvudman för KulturKraft Syd var Trygghetsrådet TRS och initiativet till "
                "projektet kom ursprungligen från bland andra Teaterförbundet och Svensk "
                "Scenkonst. Bakom projektet stod ett samlat kulturliv i Skåne/Blekinge och "
                "representanter från såväl regionens kulturinstitutioner som från det fria "
                "kulturlivets organisationer deltar aktivt i arbetet.</p>"
                "<p>Den långsiktiga målsättningen med projektet var att bygga upp en varaktig "
                "plattform för kompetensutveckling inom kultursektorn i södra Sverige som "
                "skall kunna leva vidare även efter de år som projektet finansieras av "
                "Europeiska Socialfonden. Under projektperioden så nådde vi inte hela vägen "
                "fram till en varaktig plattform. Men projektets olika resultat och effekter "
                "lever i allra högsta grad vidare i form av ett stort antal nya kontakter "
                "mellan olika kulturaktörer, utvecklade nätverk, en ökad medvetenhet och "
                "diskussion om behoven av kompetensutveckling samt naturligtvis en allmänt "
                "utvecklad kompetens inom olika områden.</p>",
            ),
        ],
        "en": {"title": "About the project", "slug": "about"},
    },
]

INDEXES = {
    "goals": {
        "slug": "malsattning",
        "title": "Målsättning",
        "en": {"title": "Aims", "slug": "aims"},
    },
    "projects": {
        "slug": "projekt",
        "title": "Projekt",
        "en": {"title": "Project", "slug": "project"},
    },
    "activities": {
        "slug": "aktiviteter",
        "title": "Aktiviteter",
        "en": {"title": "Activities", "slug": "activities"},
    },
    "publications": {
        "slug": "publikationer",
        "title": "Publikationer i regionen",
        "show_all": True,
        "en": {"title": "Publications in the region", "slug": "publications"},
    },
}

GOALS = [
    {
        "slug": "kulturkraft-syd-varaktig-plattform",
        "number": 1,
        "title": "En varaktig plattform för kompetensutveckling",
        "text": "<p>Den långsiktiga målsättningen med projektet var att bygga upp en "
        "varaktig plattform för kompetensutveckling inom kultursektorn i södra Sverige som "
        "skall kunna leva vidare även efter de år som projektet finansieras av Europeiska "
        "Socialfonden.</p>",
        "period": (2010, 2014),
        "set_by": "kulturkraft-syd",
        "en": {"title": "A lasting platform for skills development"},
    },
    {
        "slug": "kulturkraft-syd-alla-yrkeskategorier",
        "number": 2,
        "title": "Aktiviteter för alla yrkeskategorier",
        "text": "<p>Målsättningen var att det skulle finnas aktiviteter för alla "
        "yrkeskategorier, dvs såväl för de konstnärliga utövarna som för personer med "
        "tekniska och administrativa yrken.</p>",
        "period": (2010, 2014),
        "set_by": "kulturkraft-syd",
        "en": {"title": "Activities for every profession"},
    },
]

PROJECTS = [
    {
        "slug": "kulturkraft-syd",
        "title": "KulturKraft Syd",
        "summary": "Behovsstyrd kompetensutveckling på deltagarnas villkor för "
        "yrkesverksamma inom teater, dans, musik, film och tv i Skåne/Blekinge.",
        "body": "<p>Under projektperioden nåddes inte hela vägen fram till en varaktig "
        "plattform, men resultaten lever vidare i nya kontakter mellan kulturaktörer, "
        "utvecklade nätverk, en ökad medvetenhet och diskussion om behoven av "
        "kompetensutveckling samt en allmänt utvecklad kompetens inom olika områden.</p>",
        "start": "2010-03-01",
        "end": "2014-03-31",
        "lead": "trygghetsradet-trs",
        "initiators": ["teaterforbundet", "svensk-scenkonst"],
        "funders": [("europeiska-socialfonden", None)],
        "target_groups": "Professionellt yrkesverksamma personer inom teater, dans, musik, "
        "film och tv: konstnärliga utövare och personer med tekniska och administrativa "
        "yrken, individer såväl som organisationer och institutioner.",
        "geography": "Skåne/Blekinge",
        "areas": ["teater-dans-musik", "scenkonst", "dans", "musik", "film-och-tv"],
        "goals": ["kulturkraft-syd-varaktig-plattform", "kulturkraft-syd-alla-yrkeskategorier"],
        "en": {"title": "KulturKraft Syd"},
    },
]

_PERIOD = {"starts_at": "2010-03-01 09:00", "ends_at": "2014-03-31 17:00"}
ACTIVITIES = [
    {
        "slug": f"kulturkraft-syd-{kind_slug}",
        "title": title,
        "kind": kind,
        "format": "on_site",
        **_PERIOD,
        "place": "Skåne/Blekinge",
        "summary": f"{title} inom KulturKraft Syd, behovsstyrda och på deltagarnas villkor.",
        "target_group": "Yrkesverksamma inom teater, dans, musik, film och tv",
        "project": "kulturkraft-syd",
        "en": {"title": en_title},
    }
    for kind_slug, kind, title, en_title in [
        ("kurser", "course", "Kurser", "Courses"),
        ("forelasningar", "lecture", "Föreläsningar", "Lectures"),
        ("workshops", "workshop", "Workshops", "Workshops"),
        ("seminarier", "seminar", "Seminarier", "Seminars"),
    ]
]

PUBLICATIONS = []
