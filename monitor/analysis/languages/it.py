"""Italian: decimal comma and thousands dot, "mila", "per cento", «…» quotes, "ha detto"."""

from monitor.analysis.languages.table import Language, words

ITALIAN = Language(
    code="it",
    name="Italian",
    decimal=",",
    space_groups=True,
    numbers=words(
        "due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici "
        "quindici sedici diciassette diciotto diciannove"
    ),
    tens=words("venti trenta quaranta cinquanta sessanta settanta ottanta novanta"),
    scales={
        "mila": "thousand",
        "mille": "thousand",
        "milione": "million",
        "milioni": "million",
        "mln": "million",
        "miliardo": "billion",
        "miliardi": "billion",
        "mld": "billion",
        "mdl": "billion",
        "centinaia": "hundreds",
        "migliaia": "thousands",
        "decine di migliaia": "tens of thousands",
    },
    percent=("per cento", "percento"),
    currencies={
        "euro": "EUR",
        "di euro": "EUR",
        "€": "EUR",
        "di €": "EUR",
        "dollari": "USD",
        "di dollari": "USD",
        "franchi": "CHF",
        "sterline": "GBP",
    },
    qualifiers={
        "circa": "about",
        "intorno a": "about",
        "intorno ai": "about",
        "attorno a": "about",
        "quasi": "nearly",
        "oltre": "more than",
        "più di": "more than",
        "almeno": "at least",
        "meno di": "less than",
        "fino a": "up to",
        "poco più di": "just over",
        "poco meno di": "just under",
        "appena sotto": "just under",
    },
    connectors={"tra": "between", "fra": "between", "e": "and", "a": "to"},
    units={
        "anni": "years",
        "mesi": "months",
        "settimane": "weeks",
        "giorni": "days",
        "ore": "hours",
        "minuti": "minutes",
        "chilometri": "km",
        "metri": "metres",
        "tonnellate": "tonnes",
        "ettari": "hectares",
        "punti percentuali": "percentage points",
        "punti": "points",
    },
    quotes=(("\u00ab", "\u00bb"), ("\u201c", "\u201d"), ("\u2018", "\u2019")),
    speech_verbs=(
        r"(?:ha|hanno|aveva)\s+(?:detto|dichiarato|spiegato|affermato|aggiunto|sottolineato"
        r"|precisato|assicurato|ricordato|osservato|commentato|raccontato|replicato|risposto"
        r"|ammesso|avvertito|denunciato|concluso|annunciato|promesso|scritto|insistito|attaccato)",
        *words(
            "dice disse dichiara spiega afferma aggiunge sottolinea precisa assicura ricorda "
            "osserva commenta racconta replica risponde ammette avverte denuncia conclude "
            "annuncia"
        ),
    ),
    sources=("[Ss]econdo",),
    pronouns={"lui": "he", "lei": "she", "loro": "they"},
    inverted=r"(?:{verbs})\s+(?P<sp>lui|lei|loro)\b",
    pro_drop=True,
    determiners=("il", "lo", "la", "i", "gli", "le", "l'", "un", "uno", "una", "un'", "suo", "sua"),
    not_titles=words("il lo la i gli le un uno una di del della a al per con in su da"),
    adverb_ending="mente",
    titles=frozenset(
        words(
            "sig. sig sig.ra sig.ra dott. dott dottor dottore dottoressa prof. prof professore "
            "professoressa avv. avv avvocato ing. ing sindaco sindaca assessore assessora "
            "ministro ministra presidente consigliere consigliera senatore senatrice deputato "
            "deputata onorevole direttore direttrice portavoce segretario segretaria "
            "capogruppo primario questore prefetto procuratore giudice"
        )
    ),
    particles=words("di de del della da dal dalla lo la"),
    plurals=words("residenti esperti inquirenti sindacati cittadini abitanti"),
    not_names=words(
        "Lunedì Martedì Mercoledì Giovedì Venerdì Sabato Domenica Il Lo La Gli Le Questo "
        "Questa Secondo Quando Ma E Per Noi Io"
    ),
    openers=words("Ma E Eppure Però"),
    phrase_cut=words("di del della in nel nella durante dopo prima che quando"),
    leading_noise=frozenset(words("ma e poi però inoltre anche")),
    never_end=frozenset(
        words("sig sigg dott dr prof avv ing on geom rag arch p pag pp n nr ecc vs s sen")
    ),
    may_end=frozenset(words("ecc gen feb mar apr giu lug ago set ott nov dic")),
    starters=frozenset(words("il lo la i gli le lui lei ma e in un una questo questa")),
    correction_labels=(
        "correzione",
        "rettifica",
        r"errata\s+corrige",
        r"nota\s+della\s+redazione",
        "precisazione",
    ),
    update_labels=("aggiornamento", "aggiornato"),
    notice_phrases=(
        r"\b(?:in\s+)?una\s+(?:versione\s+(?:precedente|iniziale)|precedente\s+versione"
        r"|prima\s+versione)\b",
        r"\b(?:questo|l')\s*articolo\s+è\s+stato\s+(?:corretto|aggiornato|modificato|rettificato)",
        r"\bci\s+scusiamo\s+(?:con\s+i\s+lettori|per\s+l'errore)",
    ),
    common_words=frozenset(
        words(
            "il lo la i gli le di del della dei che e è in un una per non con sono ha si al "
            "alla anche più ma come da nel nella questo detto secondo"
        )
    ),
)
