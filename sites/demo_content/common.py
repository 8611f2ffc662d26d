"""Organisations and culture areas that the five sites' content refers to.

Each entry is keyed by slug. `en` holds the English translation.
"""

# The seven areas of the cultural cooperation model (seed 004), then the
# other fields the seeds name.
CULTURE_AREAS = [
    {
        "slug": "teater-dans-musik",
        "name": "Professionell teater-, dans- och musikverksamhet",
        "national": True,
        "en": {"name": "Professional theatre, dance and music"},
    },
    {
        "slug": "museer-kulturmiljo",
        "name": "Museiverksamhet och museernas kulturmiljöarbete",
        "national": True,
        "en": {"name": "Museums and their cultural heritage work"},
    },
    {
        "slug": "bibliotek-lasframjande",
        "name": "Biblioteksverksamhet och läs- och litteraturfrämjande verksamhet",
        "national": True,
        "en": {"name": "Libraries and the promotion of reading and literature"},
    },
    {
        "slug": "bild-och-form",
        "name": "Professionell bild- och formverksamhet",
        "national": True,
        "en": {"name": "Professional visual arts, crafts and design"},
    },
    {
        "slug": "enskild-arkivverksamhet",
        "name": "Regional enskild arkivverksamhet",
        "national": True,
        "en": {"name": "Regional private archives"},
    },
    {
        "slug": "filmkulturell-verksamhet",
        "name": "Filmkulturell verksamhet",
        "national": True,
        "en": {"name": "Film culture"},
    },
    {
        "slug": "hemslojd",
        "name": "Främjande av hemslöjd",
        "national": True,
        "en": {"name": "Promotion of handicraft (hemslöjd)"},
    },
    {"slug": "kulturskola", "name": "Kulturskola", "en": {"name": "Arts schools (kulturskola)"}},
    {
        "slug": "digital-kompetens",
        "name": "Digital kompetens",
        "en": {"name": "Digital skills"},
    },
    {"slug": "scenkonst", "name": "Scenkonst", "en": {"name": "Performing arts"}},
    {"slug": "film-och-tv", "name": "Film och tv", "en": {"name": "Film and television"}},
    {"slug": "dans", "name": "Dans", "en": {"name": "Dance"}},
    {"slug": "musik", "name": "Musik", "en": {"name": "Music"}},
    {
        "slug": "barn-och-ungdomskultur",
        "name": "Barn- och ungdomskultur",
        "en": {"name": "Culture for children and young people"},
    },
    {
        "slug": "kulturpolitik",
        "name": "Kulturpolitik och kulturekonomi",
        "en": {"name": "Cultural policy and cultural economics"},
    },
    {
        "slug": "mik",
        "name": "Medie- och informationskunnighet",
        "en": {"name": "Media and information literacy"},
    },
    {
        "slug": "kulturella-kreativa-naringar",
        "name": "Kulturella och kreativa näringar",
        "en": {"name": "Cultural and creative industries"},
    },
]

# Partners, funders, boards, commissioners and initiators.
ORGANISATIONS = [
    {
        "slug": "vgr-kulturnamnden",
        "name": "Västra Götalandsregionens kulturnämnd",
        "short_name": "Kulturnämnden VGR",
        "kind": "board",
        "website": "https://www.vgregion.se/",
        "en": {
            "name": "Region Västra Götaland Culture Committee",
            "short_name": "Culture Committee VGR",
        },
    },
    {
        "slug": "goteborgs-universitet",
        "name": "Göteborgs universitet",
        "short_name": "GU",
        "kind": "university",
        "website": "https://www.gu.se/",
        "en": {"name": "University of Gothenburg", "short_name": "GU"},
    },
    {
        "slug": "europeiska-socialfonden",
        "name": "Europeiska socialfonden",
        "short_name": "ESF",
        "kind": "fund",
        "website": "https://www.esf.se/",
        "en": {"name": "European Social Fund", "short_name": "ESF"},
    },
    {
        "slug": "media-evolution",
        "name": "Media Evolution",
        "kind": "company",
        "website": "https://www.mediaevolution.se/",
        "description": "Ett nätverk och mötesplats för de kreativa näringarna i Malmö.",
        "en": {
            "name": "Media Evolution",
            "description": "A network and meeting place for the creative industries in Malmö.",
        },
    },
    {
        "slug": "trygghetsradet-trs",
        "name": "Trygghetsrådet TRS",
        "short_name": "TRS",
        "kind": "other",
        "website": "https://www.trs.se/",
        "description": "Omställningsorganisation för kultursektorn; huvudman för KulturKraft Syd.",
        "en": {
            "name": "Trygghetsrådet TRS",
            "short_name": "TRS",
            "description": "Job security council for the cultural sector; lead "
            "organisation of KulturKraft Syd.",
        },
    },
    {
        "slug": "teaterforbundet",
        "name": "Teaterförbundet",
        "kind": "association",
        "en": {"name": "Swedish Union for Performing Arts and Film (Teaterförbundet)"},
    },
    {
        "slug": "svensk-scenkonst",
        "name": "Svensk Scenkonst",
        "kind": "association",
        "en": {"name": "Swedish Performing Arts Association (Svensk Scenkonst)"},
    },
    {
        "slug": "kulturradet",
        "name": "Statens kulturråd (Kulturrådet)",
        "short_name": "Kulturrådet",
        "kind": "national_agency",
        "website": "https://www.kulturradet.se/",
        "en": {"name": "Swedish Arts Council", "short_name": "Arts Council"},
    },
    {
        "slug": "konstnarsnamnden",
        "name": "Konstnärsnämnden",
        "kind": "national_agency",
        "website": "https://www.konstnarsnamnden.se/",
        "en": {"name": "Swedish Arts Grants Committee"},
    },
    {
        "slug": "kungliga-biblioteket",
        "name": "Kungliga biblioteket",
        "short_name": "KB",
        "kind": "national_agency",
        "website": "https://www.kb.se/",
        "en": {"name": "National Library of Sweden", "short_name": "KB"},
    },
    {
        "slug": "namnden-for-hemslojdsfragor",
        "name": "Nämnden för hemslöjdsfrågor",
        "kind": "national_agency",
        "en": {"name": "Swedish Handicraft Council"},
    },
    {
        "slug": "svenska-filminstitutet",
        "name": "Svenska Filminstitutet",
        "short_name": "SFI",
        "kind": "national_agency",
        "website": "https://www.filminstitutet.se/",
        "en": {"name": "Swedish Film Institute", "short_name": "SFI"},
    },
    {
        "slug": "kulturskolecentrum",
        "name": "Kulturskolecentrum",
        "kind": "national_agency",
        "en": {"name": "National Centre for Arts Schools (Kulturskolecentrum)"},
    },
    {
        "slug": "kulturskoleradet",
        "name": "Kulturskolerådet",
        "kind": "association",
        "en": {"name": "Swedish Council of Arts Schools (Kulturskolerådet)"},
    },
    {
        "slug": "skr",
        "name": "Sveriges kommuner och regioner",
        "short_name": "SKR",
        "kind": "association",
        "website": "https://skr.se/",
        "en": {
            "name": "Swedish Association of Local Authorities and Regions",
            "short_name": "SALAR",
        },
    },
    {
        "slug": "regeringen",
        "name": "Regeringen",
        "kind": "government",
        "website": "https://www.regeringen.se/",
        "en": {"name": "Government of Sweden"},
    },
    {
        "slug": "region-varmland-kulturnamnd",
        "name": "Region Värmlands kultur- och bildningsnämnd",
        "short_name": "Kultur- och bildningsnämnden",
        "kind": "board",
        "en": {
            "name": "Region Värmland Committee for Culture and Education",
            "short_name": "Culture and Education Committee",
        },
    },
    {
        "slug": "mediecenter-varmland",
        "name": "Mediecenter Värmland",
        "short_name": "Mediecenter",
        "kind": "department",
        "description": "Erbjuder kommuner och föreningar i länet en gemensam mediebank. "
        "Verksamheten bekostas av länets 16 kommuner.",
        "en": {
            "name": "Mediecenter Värmland",
            "short_name": "Mediecenter",
            "description": "Offers the county's municipalities and associations a shared "
            "media bank. Funded by the county's 16 municipalities.",
        },
    },
]


# Every site's accessibility statement (tillgänglighetsredogörelse), in DIGG's
# structure; "{site}" is replaced by the site's name. The English version is
# created as a wagtail-localize translation.
ACCESSIBILITY_STATEMENT = {
    "title": "Tillgänglighetsredogörelse",
    "slug": "tillganglighet",
    "compliance_status": "partial",
    "shortcomings": [
        (
            "Vissa PDF-dokument i publikationslistan saknar taggar och går inte att läsa "
            "med skärmläsare.",
            "1.3.1 Information och relationer",
            "Dokumenten görs om vid nästa revidering, senast under 2027.",
        ),
        (
            "Bilder i äldre nyhetsbrev saknar textalternativ.",
            "1.1.1 Icke-textuellt innehåll",
            "Textalternativ läggs till under 2027.",
        ),
    ],
    "out_of_scope": "<p>Inspelade videor publicerade före den 23 september 2020 omfattas "
    "inte av lagen och är inte textade.</p>",
    "response_time": "Vi svarar inom fem arbetsdagar.",
    "assessment_description": "Webbplatsen har granskats med automatiska verktyg (axe) och "
    "manuellt med tangentbord och skärmläsare (NVDA och VoiceOver).",
    "assessed_on": "2026-10-15",
    "statement_updated_on": "2026-11-01",
    "site_published_on": "2026-11-01",
    "en": {
        "title": "Accessibility statement",
        "slug": "accessibility",
        "shortcomings": [
            (
                "Some PDF documents in the list of publications lack tags and cannot be "
                "read with a screen reader.",
                "1.3.1 Info and relationships",
                "The documents are remade at their next revision, in 2027 at the latest.",
            ),
            (
                "Images in older newsletters lack text alternatives.",
                "1.1.1 Non-text content",
                "Text alternatives are added during 2027.",
            ),
        ],
        "out_of_scope": "<p>Recorded videos published before 23 September 2020 are not "
        "covered by the law and are not captioned.</p>",
        "response_time": "We answer within five working days.",
        "assessment_description": "The website has been checked with automated tools (axe) "
        "and by hand with a keyboard and screen readers (NVDA and VoiceOver).",
    },
}
