"""Seed 004: Region Värmland's culture department (kulturavdelningen)."""

ORGANISATION = {
    "slug": "region-varmland",
    "name": "Region Värmland, kulturavdelningen",
    "short_name": "Region Värmland Kultur",
    "kind": "region",
    "website": "https://www.regionvarmland.se/",
    "description": "Region Värmlands kulturstab har slagits samman med avdelningen för "
    "kulturutveckling och tillsammans är vi nu kulturavdelningen.",
    "partners": [
        "kulturradet",
        "konstnarsnamnden",
        "kungliga-biblioteket",
        "namnden-for-hemslojdsfragor",
        "svenska-filminstitutet",
    ],
    "en": {
        "name": "Region Värmland, Culture Department",
        "short_name": "Region Värmland Culture",
        "description": "Region Värmland's culture staff has merged with the department for "
        "cultural development; together we are now the culture department.",
    },
}

SITE = {
    "name": "Region Värmland – Kultur",
    "tagline": "Kultur som kraft till ett hållbart Värmland",
    "primary_colour": "#4a3b8f",
    "accent_colour": "#e6e1f7",
    "contact_email": "kultur@regionvarmland.example",
    # Issue #4: English tagline, postal address, footer and social links.
    "tagline_en": "Culture as a force for a sustainable Värmland",
    "contact_phone": "054-00 00 00",
    "address": "Region Värmland, Kultur\n651 82 Karlstad",
    "footer_links": [{"page": "vart-strategiska-arbete"}],
    "social_links": [
        ("instagram", "https://instagram.example/regionvarmlandkultur"),
        ("linkedin", "https://linkedin.example/company/regionvarmlandkultur"),
    ],
}

HOME = {
    "title": "Region Värmland – Kultur",
    "intro": "<p>Vi ska vara ett stöd till områdesledning och kultur- och bildningsnämnden i "
    "frågor som rör kulturpolitik och bidragsgivning.</p>",
    "body": [
        (
            "paragraph",
            "<p>Vi ska vara ett stöd till områdesledning och kultur- och bildningsnämnden i "
            "frågor som rör kulturpolitik och bidragsgivning och har uppdrag som innebär att "
            "initiera, stödja och leda utvecklingsprojekt i samverkan med andra utifrån "
            "Värmlands kulturplan.</p>"
            '<p>Läs mer om <a linktype="page" id="{page:kultursamverkansmodellen}">'
            'kultursamverkansmodellen</a> och <a linktype="page" '
            'id="{page:finansiering}">vår finansiering</a>.</p>',
        ),
        ("goals", {"title": "Mål 2021–2024", "organisation": "region-varmland", "limit": 4}),
        (
            "cta",
            "Vårt strategiska arbete",
            "Hur kulturavdelningen arbetar med sina uppdrag.",
            "vart-strategiska-arbete",
        ),
    ],
    "en": {
        "title": "Region Värmland – Culture",
        "intro": "<p>We support the area management and the Committee for Culture and "
        "Education on cultural policy and grants.</p>",
        "body": [
            (
                "paragraph",
                "<p>We support the area management and the Committee for Culture and "
                "Education on matters of cultural policy and grants, and we are tasked with "
                "initiating, supporting and leading development projects together with "
                "others, based on the Värmland culture plan.</p>"
                '<p>Read more about <a linktype="page" id="{page:kultursamverkansmodellen}">'
                'the cultural cooperation model</a> and <a linktype="page" '
                'id="{page:finansiering}">our funding</a>.</p>',
            ),
            ("goals", {"title": "Goals 2021–2024", "organisation": "region-varmland", "limit": 4}),
            (
                "cta",
                "Our strategic work",
                "How the culture department works with its commissions.",
                "vart-strategiska-arbete",
            ),
        ],
    },
}

PAGES = [
    {
        "slug": "vart-strategiska-arbete",
        "title": "Vårt strategiska arbete",
        "intro": "<p>Så arbetar kulturavdelningen med sina uppdrag.</p>",
        "body": [
            (
                "paragraph",
                "<p>Region Värmlands kulturstab har slagits samman med avdelningen för "
                "kulturutveckling och tillsammans är vi nu kulturavdelningen. Nedanstående "
                "text beskriver hur kulturavdelningen arbetar med uppdragen som beskrivs i "
                "ingressen.</p>"
                "<p>Metoderna för arbetet är utveckling av nya arbetssätt, "
                "kompetensutveckling, talangutveckling, omvärldsanalyser, metodutveckling, "
                "kunskapsspridning, nätverksträffar, rådgivning med mera.</p>",
            ),
            ("heading", "Samarbete med andra"),
            (
                "paragraph",
                "<p>Samarbete sker med kommuner, civilsamhälle, näringsliv och organisationer "
                "i hela Värmland samt med andra regioner, statliga myndigheter och nationella "
                "aktörer inom kulturområdet och internationella samarbetspartners.</p>"
                "<p>På den nationella nivån samarbetar vi främst med Kulturrådet, "
                "Konstnärsnämnden, Kungliga biblioteket, Nämnden för hemslöjdsfrågor samt "
                "Svenska Filminstitutet.</p>",
            ),
        ],
        "en": {"title": "Our strategic work", "slug": "our-strategic-work"},
    },
    {
        "slug": "kultursamverkansmodellen",
        "title": "Kultursamverkansmodellen och statliga uppdrag",
        "intro": "<p>Enligt kultursamverkansmodellen som infördes 2011 får varje region en "
        "samlad summa statliga medel att fördela till regional kulturverksamhet.</p>",
        "body": [
            (
                "paragraph",
                "<p>Enligt kultursamverkansmodellen som infördes 2011 får varje region en "
                "samlad summa statliga medel att fördela till regional kulturverksamhet.</p>"
                "<p>Den statliga styrningen av regional kulturverksamhet utgår från nationella "
                "kulturpolitiska mål: att kulturen ska vara en dynamisk, utmanande och obunden "
                "kraft med yttrandefriheten som grund, att alla ska ha möjlighet att delta i "
                "kulturlivet och att kreativitet, mångfald och konstnärlig kvalitet ska prägla "
                "samhällets utveckling.</p>"
                "<p>Regionernas fördelning ska främja en god tillgång för länets invånare "
                "till sju kulturområden:</p>"
                "<ul><li>professionell teater-, dans- och musikverksamhet</li>"
                "<li>museiverksamhet och museernas kulturmiljöarbete</li>"
                "<li>biblioteksverksamhet och läs- och litteraturfrämjande verksamhet</li>"
                "<li>professionell bild- och formverksamhet</li>"
                "<li>regional enskild arkivverksamhet</li>"
                "<li>filmkulturell verksamhet</li>"
                "<li>främjande av hemslöjd</li></ul>",
            ),
            ("heading", "Kulturen närmare medborgarna"),
            (
                "paragraph",
                "<p>Målet med modellen är att föra kulturen närmare medborgarna och att ge "
                "regionerna ett ökat ansvar och ökad frihet inom kulturområdet. Staten har ett "
                "fortsatt övergripande strategiskt ansvar för den nationella kulturpolitiken. "
                "Modellen innebär att samverkan mellan staten, regionerna, kommunerna och även "
                "det civila samhället och de professionella kulturskaparna ökar.</p>"
                "<p>Regionen ansvarar för att bidragsgivningen främjar en god tillgång för "
                "länets invånare till de sju områden modellen omfattar (se ovan). Beslut om "
                "fördelningen av bidragen sker på kultur- och bildningsnämndens möte i början "
                "av varje år.</p>"
                "<p>Med statliga och regionala uppdrag inom kultursamverkansmodellen med "
                "kulturplanen som grund, bedriver avdelningen för kulturutveckling arbete för "
                "att förverkliga nationell kulturpolitik.</p>",
            ),
            (
                "links",
                "Läs mer",
                [
                    (
                        "Läs mer om kultursamverkansmodellen (kulturradet.se)",
                        "https://www.kulturradet.se/kultursamverkansmodellen/",
                    )
                ],
            ),
        ],
        "en": {"title": "The cultural cooperation model", "slug": "cultural-cooperation-model"},
    },
    {
        "slug": "vara-kulturomraden",
        "title": "Våra kulturområden",
        "intro": "",
        "body": [
            (
                "paragraph",
                "<p>Avdelningen för kulturutveckling bedriver utvecklingsarbete inom bild och "
                "form, dans, biblioteksverksamhet och läs- och litteraturfrämjande, film, "
                "hemslöjd samt viss annan främjande och utvecklande kulturverksamhet, främst "
                "inom området barn- och ungdomskultur. På avdelningens finns också "
                "Mediecenter som erbjuder kommuner och föreningar i länet en gemensam "
                "mediebank.</p>",
            ),
        ],
        "en": {"title": "Our culture areas", "slug": "our-culture-areas"},
    },
    {
        "slug": "finansiering",
        "title": "Finansiering",
        "intro": "",
        "body": [
            (
                "paragraph",
                "<p>Drygt 30 procent av avdelningens finansiering är statsbidrag. Resterande "
                "del är regionala bidrag. Till det kommer projektbidrag som i huvudsak söks "
                "från Statens kulturråd och varierar från år till år. Mediecenters verksamhet "
                "bekostas av länets 16 kommuner.</p>",
            ),
        ],
        "en": {"title": "Funding", "slug": "funding"},
    },
]

INDEXES = {
    "goals": {
        "slug": "mal",
        "title": "Mål 2021–2024",
        "intro": "<p>Bidraget från avdelningen för kulturutveckling till Region Värmlands "
        "vision Livskvalitet i världsklass är Kultur som kraft till ett hållbart Värmland – "
        "för människan, platsen och konsten.</p>",
        "en": {"title": "Goals 2021–2024", "slug": "goals"},
    },
    "projects": {
        "slug": "projekt",
        "title": "Utvecklingsprojekt",
        "show_all": True,
        "en": {"title": "Development projects", "slug": "projects"},
    },
    "activities": {
        "slug": "aktiviteter",
        "title": "Kompetensutveckling och nätverk",
        "en": {"title": "Skills development and networks", "slug": "activities"},
    },
    "publications": {
        "slug": "publikationer",
        "title": "Publikationer",
        "en": {"title": "Publications", "slug": "publications"},
    },
}

_GOAL = {"period": (2021, 2024), "set_by": "region-varmland-kulturnamnd"}
GOALS = [
    {
        **_GOAL,
        "slug": "varmland-kultur-som-kraft-2021-2024",
        "number": 1,
        "title": "Kultur som kraft till ett hållbart Värmland – för människan, platsen och konsten",
        "text": "<p>Bidraget från avdelningen för kulturutveckling till Region Värmlands "
        "vision Livskvalitet i världsklass är Kultur som kraft till ett hållbart Värmland – "
        "för människan, platsen och konsten.</p>",
        "en": {
            "title": "Culture as a force for a sustainable Värmland – for people, place and art"
        },
    },
    {
        **_GOAL,
        "slug": "varmland-manniskan-2021-2024",
        "number": 2,
        "title": "Människan skapar, möts och växer genom kultur",
        "text": "<p>Ett av avdelningens prioriterade insatsområden.</p>",
        "en": {"title": "People create, meet and grow through culture"},
    },
    {
        **_GOAL,
        "slug": "varmland-platsen-2021-2024",
        "number": 3,
        "title": "Platsen formas av kultur",
        "text": "<p>Ett av avdelningens prioriterade insatsområden.</p>",
        "en": {"title": "The place is shaped by culture"},
    },
    {
        **_GOAL,
        "slug": "varmland-konsten-2021-2024",
        "number": 4,
        "title": "Konsten är dynamisk, utmanande och obunden",
        "text": "<p>Ett av avdelningens prioriterade insatsområden.</p>",
        "en": {"title": "Art is dynamic, challenging and independent"},
    },
]

PROJECTS = []

ACTIVITIES = [
    {
        "slug": "varmland-natverkstraffar",
        "title": "Nätverksträffar för kulturaktörer i Värmland",
        "kind": "network_meeting",
        "format": "hybrid",
        "ongoing": True,
        "summary": "Nätverksträffar och rådgivning är några av kulturavdelningens metoder.",
        "target_group": "Kommuner, civilsamhälle, näringsliv och organisationer i Värmland",
        "en": {"title": "Network meetings for cultural actors in Värmland"},
    },
]

PUBLICATIONS = [
    {
        "slug": "varmlands-kulturplan",
        "title": "Värmlands kulturplan",
        "kind": "strategy",
        "publisher": "region-varmland",
        "summary": "<p>Utgångspunkten för kulturavdelningens uppdrag inom "
        "kultursamverkansmodellen.</p>",
        "document": True,
        "en": {"title": "The Värmland culture plan"},
    },
]
