"""French: "3 400" with (narrow) no-break spaces, "2,5 %", « … » with inner spaces, and the
inverted attribution of "a-t-il déclaré" and "explique-t-elle"."""

from monitor.analysis.languages.table import Language, words

FRENCH = Language(
    code="fr",
    name="French",
    decimal=",",
    space_groups=True,
    numbers=words(
        "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
        "dix-sept dix-huit dix-neuf"
    ),
    tens=words(
        "vingt trente quarante cinquante soixante soixante-dix quatre-vingts quatre-vingt-dix"
    ),
    scales={
        "mille": "thousand",
        "million": "million",
        "millions": "million",
        "milliard": "billion",
        "milliards": "billion",
        "m€": "million eur",
        "md€": "billion eur",
        "mds€": "billion eur",
        "centaines": "hundreds",
        "milliers": "thousands",
        "dizaines de milliers": "tens of thousands",
    },
    percent=("pour cent", "pourcent", "p. cent"),
    currencies={
        "euro": "EUR",
        "euros": "EUR",
        "d'euros": "EUR",
        "€": "EUR",
        "dollars": "USD",
        "de dollars": "USD",
        "francs": "CHF",
        "francs suisses": "CHF",
        "livres": "GBP",
        "de livres": "GBP",
    },
    qualifiers={
        "environ": "about",
        "quelque": "about",
        "près de": "close to",
        "presque": "nearly",
        "quasiment": "nearly",
        "plus de": "more than",
        "au moins": "at least",
        "moins de": "less than",
        "jusqu'à": "up to",
        "un peu plus de": "just over",
        "un peu moins de": "just under",
        "autour de": "around",
        "approximativement": "about",
    },
    connectors={"entre": "between", "et": "and", "à": "to"},
    units={
        "ans": "years",
        "années": "years",
        "mois": "months",
        "semaines": "weeks",
        "jours": "days",
        "heures": "hours",
        "minutes": "minutes",
        "kilomètres": "km",
        "mètres": "metres",
        "tonnes": "tonnes",
        "hectares": "hectares",
        "points de pourcentage": "percentage points",
        "points": "points",
    },
    quotes=(("\u00ab", "\u00bb"), ("\u201c", "\u201d"), ("\u2039", "\u203a")),
    speech_verbs=(
        r"(?:a|ont|avait|avaient)\s+(?:déclaré|affirmé|dit|ajouté|expliqué|souligné|assuré"
        r"|indiqué|estimé|précisé|lancé|confié|reconnu|martelé|insisté|raconté|regretté"
        r"|déploré|averti|prévenu|répondu|rappelé|résumé|dénoncé|jugé|promis|annoncé)",
        *words(
            "déclare affirme dit ajoute explique souligne assure indique estime précise lance "
            "confie raconte reconnaît poursuit insiste témoigne résume déplore regrette prévient "
            "avertit répond rappelle dénonce juge promet annonce"
        ),
    ),
    sources=("[Ss]elon", "[Dd]'après"),
    pronouns={"il": "he", "elle": "she", "ils": "they", "elles": "they"},
    inverted=r"[^\W\d_]+(?:-t)?-(?P<sp>il|elle|ils|elles)\b",
    determiners=("le", "la", "les", "l'", "un", "une", "son", "sa", "ses", "leur"),
    not_titles=words("le la les un une de du des à au aux pour par avec dans en sur"),
    adverb_ending="ment",
    titles=frozenset(
        words(
            "m. mme mlle me dr pr monsieur madame maire adjoint adjointe ministre président "
            "présidente préfet préfète député députée sénateur sénatrice conseiller conseillère "
            "directeur directrice porte-parole secrétaire professeur docteur maître juge "
            "commissaire capitaine général colonel procureur procureure"
        )
    ),
    particles=words("de du des d' le la"),
    plurals=words("habitants riverains experts syndicats enquêteurs policiers gendarmes"),
    not_names=words(
        "Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Le La Les Il Elle Ce Cette Selon "
        "Quand Mais Et Pour Nous Je On"
    ),
    openers=words("Mais Et Pourtant Or"),
    phrase_cut=words("de du des à au aux en dans lors pendant après avant qui que lorsque"),
    leading_noise=frozenset(words("mais et puis pourtant or ensuite aussi")),
    never_end=frozenset(
        words("m mm mme mmes mlle mlles dr pr me st ste av bd n no nos p pp ex cf env min vol")
    ),
    may_end=frozenset(words("etc janv févr avr juil sept oct nov déc")),
    starters=frozenset(words("le la les il elle ils elles on nous je mais et en dans un une ce")),
    correction_labels=(
        "rectificatif",
        "correction",
        "erratum",
        r"note\s+de\s+la\s+rédaction",
        "précision",
    ),
    update_labels=(r"mise\s+à\s+jour", "actualisation", r"mis\s+à\s+jour"),
    notice_phrases=(
        r"\b(?:une|la)\s+(?:version\s+(?:précédente|antérieure|initiale)|précédente\s+version"
        r"|première\s+version)\s+de\s+cet\s+(?:article|texte)",
        r"\bdans\s+(?:une|la)\s+(?:version\s+(?:précédente|antérieure|initiale)"
        r"|précédente\s+version|première\s+version)",
        r"\bcet\s+(?:article|texte)\s+a\s+été\s+(?:modifié|corrigé|mis\s+à\s+jour|actualisé"
        r"|complété|rectifié)",
        r"\bnous\s+(?:présentons\s+nos\s+excuses|prions\s+nos\s+lecteurs)",
    ),
    common_words=frozenset(
        words(
            "le la les de des du un une et est en dans que qui pour pas sur au aux avec ce il "
            "elle sont ont été par plus a ne se son sa ses mais ou nous leur"
        )
    ),
)
