"""German: decimal comma and thousands dot ("31.000", "3,5"), „…“ and »…« quotes, "sagte er"."""

from monitor.analysis.languages.table import Language, words

GERMAN = Language(
    code="de",
    name="German",
    decimal=",",
    space_groups=True,
    numbers=words(
        "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn "
        "sechzehn siebzehn achtzehn neunzehn"
    ),
    tens=words("zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig"),
    scales={
        "tausend": "thousand",
        "million": "million",
        "millionen": "million",
        "mio": "million",
        "mio.": "million",
        "milliarde": "billion",
        "milliarden": "billion",
        "mrd": "billion",
        "mrd.": "billion",
        "billion": "trillion",
        "billionen": "trillion",
        "dutzend": "dozen",
        "hunderte": "hundreds",
        "tausende": "thousands",
        "zehntausende": "tens of thousands",
    },
    percent=("prozent", "proz."),
    currencies={
        "euro": "EUR",
        "€": "EUR",
        "dollar": "USD",
        "us-dollar": "USD",
        "franken": "CHF",
        "pfund": "GBP",
    },
    qualifiers={
        "rund": "about",
        "etwa": "about",
        "ungefähr": "about",
        "ca.": "about",
        "zirka": "about",
        "circa": "about",
        "knapp": "nearly",
        "fast": "nearly",
        "beinahe": "nearly",
        "nahezu": "nearly",
        "mehr als": "more than",
        "über": "over",
        "gut": "just over",
        "mindestens": "at least",
        "weniger als": "less than",
        "unter": "under",
        "bis zu": "up to",
        "höchstens": "at most",
    },
    connectors={"zwischen": "between", "und": "and", "bis": "to", "von": "from", "zu": "to"},
    units={
        "jahre": "years",
        "jahren": "years",
        "jahr": "year",
        "monate": "months",
        "monaten": "months",
        "wochen": "weeks",
        "tage": "days",
        "tagen": "days",
        "stunden": "hours",
        "minuten": "minutes",
        "kilometer": "km",
        "meter": "metres",
        "tonnen": "tonnes",
        "hektar": "hectares",
        "prozentpunkte": "percentage points",
        "prozentpunkten": "percentage points",
    },
    quotes=(("\u201e", "\u201c"), ("\u00bb", "\u00ab"), ("\u201a", "\u2018"), ("\u203a", "\u2039")),
    speech_verbs=words(
        "sagte sagten sagt erklärte erklärt betonte betont meinte meint ergänzte ergänzt fügte "
        "warnte warnt kritisierte kritisiert sprach berichtete berichtet räumte erläuterte "
        "erläutert sagt versicherte versichert forderte fordert bekräftigte unterstrich "
        "argumentierte entgegnete antwortete schrieb schreibt teilte kündigte bestätigte "
        "bestätigt klagte klagt beklagte mahnte"
    ),
    sources=("[Ll]aut", "so", "[Nn]ach Angaben von", "[Zz]ufolge"),
    pronouns={"er": "he", "sie": "she"},
    inverted=r"(?:{verbs})\s+(?P<sp>er|sie)\b",
    determiners=words("der die das den dem des ein eine einer einem sein seine ihr ihre"),
    not_titles=words("der die das den dem des ein eine für von mit bei im in am an auf aus zu"),
    titles=frozenset(
        words(
            "herr frau dr. dr prof. prof bürgermeister bürgermeisterin oberbürgermeister "
            "oberbürgermeisterin ratsmitglied ratsherr ratsfrau stadtrat stadträtin minister "
            "ministerin ministerpräsident ministerpräsidentin bundeskanzler bundeskanzlerin "
            "kanzler kanzlerin präsident präsidentin senator senatorin landrat landrätin "
            "abgeordnete abgeordneter sprecher sprecherin chef chefin direktor direktorin "
            "vorsitzende vorsitzender fraktionschef fraktionschefin polizeisprecher "
            "polizeisprecherin richter richterin pfarrer kämmerer kämmerin trainer trainerin"
        )
    ),
    particles=words("von van der zu vom"),
    plurals=words("Experten Kritiker Anwohner Behörden Ermittler Polizei Zeugen"),
    not_names=words(
        "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Das Der Die Es Dies Laut "
        "Nach Wenn Als Auch Doch Aber Und Wir Ich Sie Er"
    ),
    openers=words("Aber Und Doch Auch"),
    phrase_cut=words("in im am bei während nach vor als der die das von mit seit"),
    leading_noise=frozenset(words("aber und doch auch dann noch später")),
    never_end=frozenset(
        words(
            "z b bzw ca dr prof nr str hr fr vgl ggf evtl inkl usw u a o s d h gegr mio mrd "
            "jh abs art"
        )
    ),
    may_end=frozenset(words("etc jan feb märz apr jun jul aug sep sept okt nov dez")),
    starters=frozenset(words("der die das er sie es wir ich aber und in im am ein eine")),
    correction_labels=(
        "korrektur",
        "berichtigung",
        "richtigstellung",
        r"anmerkung\s+der\s+redaktion",
        r"in\s+eigener\s+sache",
    ),
    update_labels=(r"aktualisier(?:ung|t)", "update", "nachtrag", "hinweis"),
    notice_phrases=(
        r"\b(?:in\s+)?einer\s+(?:früheren|vorherigen|älteren|ersten)\s+(?:version|fassung)\b",
        r"\beine\s+(?:frühere|vorherige|ältere|erste)\s+(?:version|fassung)\s+dieses\s+"
        r"(?:artikels|beitrags|textes)",
        r"\bdieser\s+(?:artikel|beitrag|text)\s+wurde\s+(?:nachträglich\s+)?"
        r"(?:korrigiert|aktualisiert|geändert|ergänzt|berichtigt)",
        r"\bwir\s+bitten\s+(?:um\s+entschuldigung|den\s+fehler|diesen\s+fehler)",
    ),
    common_words=frozenset(
        words(
            "der die das und ist nicht mit den dem von zu auf für sich des ein eine im auch "
            "es sie er wird werden hat haben wurde sagte nach bei aus noch wie aber oder um"
        )
    ),
)
