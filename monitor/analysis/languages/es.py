"""Spanish: decimal comma and thousands dot, "mil millones", «…» and “…” quotes, a bare
"dijo" after a quote for the last speaker."""

from monitor.analysis.languages.table import Language, words

SPANISH = Language(
    code="es",
    name="Spanish",
    decimal=",",
    space_groups=True,
    numbers=words(
        "dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
        "dieciséis diecisiete dieciocho diecinueve"
    ),
    tens=words("veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa"),
    scales={
        "mil": "thousand",
        "millón": "million",
        "millones": "million",
        "mil millones": "billion",
        "millardo": "billion",
        "millardos": "billion",
        "billón": "trillion",
        "billones": "trillion",
        "cientos": "hundreds",
        "miles": "thousands",
        "decenas de miles": "tens of thousands",
    },
    percent=("por ciento", "por cien"),
    currencies={
        "euro": "EUR",
        "euros": "EUR",
        "de euros": "EUR",
        "€": "EUR",
        "de €": "EUR",
        "dólares": "USD",
        "de dólares": "USD",
        "pesos": "MXN",
        "de pesos": "MXN",
        "libras": "GBP",
    },
    qualifiers={
        "alrededor de": "about",
        "unos": "about",
        "unas": "about",
        "aproximadamente": "about",
        "en torno a": "about",
        "cerca de": "close to",
        "casi": "nearly",
        "más de": "more than",
        "al menos": "at least",
        "menos de": "less than",
        "hasta": "up to",
        "poco más de": "just over",
        "poco menos de": "just under",
    },
    connectors={"entre": "between", "y": "and", "a": "to"},
    units={
        "años": "years",
        "meses": "months",
        "semanas": "weeks",
        "días": "days",
        "horas": "hours",
        "minutos": "minutes",
        "kilómetros": "km",
        "metros": "metres",
        "toneladas": "tonnes",
        "hectáreas": "hectares",
        "puntos porcentuales": "percentage points",
        "puntos": "points",
    },
    quotes=(("\u00ab", "\u00bb"), ("\u201c", "\u201d"), ("\u2018", "\u2019")),
    dash_speech=True,
    speech_verbs=words(
        "dijo dice afirmó afirma aseguró asegura declaró declara explicó explica señaló señala "
        "indicó indica añadió añade agregó agrega sostuvo sostiene advirtió advierte subrayó "
        "subraya destacó destaca insistió insiste reconoció reconoce lamentó lamenta denunció "
        "denuncia criticó critica respondió responde recordó recuerda manifestó comentó "
        "apuntó relató contó cuenta concluyó prometió anunció"
    ),
    sources=("[Ss]egún",),
    pronouns={"él": "he", "ella": "she", "ellos": "they", "ellas": "they"},
    inverted=r"(?:{verbs})\s+(?P<sp>él|ella|ellos|ellas)\b",
    pro_drop=True,
    determiners=words("el la los las un una su sus"),
    not_titles=words("el la los las un una de del a al por para con en sobre"),
    adverb_ending="mente",
    titles=frozenset(
        words(
            "sr. sr sra. sra srta don doña dr. dr dra. dra alcalde alcaldesa presidente "
            "presidenta ministro ministra concejal concejala portavoz diputado diputada senador "
            "senadora secretario secretaria director directora consejero consejera juez jueza "
            "fiscal profesor profesora doctor doctora gobernador gobernadora delegado delegada"
        )
    ),
    particles=words("de del la las los y"),
    plurals=words("vecinos expertos fuentes investigadores agentes sindicatos"),
    not_names=words(
        "Lunes Martes Miércoles Jueves Viernes Sábado Domingo El La Los Las Esto Este Esta "
        "Según Cuando Pero Y Para Nosotros Yo"
    ),
    openers=words("Pero Y Sin embargo"),
    phrase_cut=words("de del en durante tras antes que quien cuando"),
    leading_noise=frozenset(words("pero y además luego también")),
    never_end=frozenset(
        words("sr sra srta dr dra d dña ud uds lic ing prof av avda núm n pág pp vs etc")
    ),
    may_end=frozenset(words("ene feb mar abr jun jul ago sep sept oct nov dic")),
    starters=frozenset(words("el la los las él ella pero y en un una este esta")),
    correction_labels=(
        r"fe\s+de\s+errores?",
        "corrección",
        "rectificación",
        "aclaración",
        r"nota\s+(?:del\s+editor|de\s+la\s+redacción)",
    ),
    update_labels=("actualización", "actualizado"),
    notice_phrases=(
        r"\buna\s+versión\s+(?:anterior|previa|inicial)\s+de\s+(?:esta|este)\s+"
        r"(?:noticia|artículo|información|texto|crónica)",
        r"\ben\s+una\s+versión\s+(?:anterior|previa|inicial)",
        r"\b(?:esta|este)\s+(?:noticia|artículo|información|texto)\s+(?:ha\s+sido|fue)\s+"
        r"(?:corregid[oa]|actualizad[oa]|modificad[oa]|rectificad[oa])",
    ),
    common_words=frozenset(
        words(
            "el la los las de del y en que un una es por con para se su sus al lo como más "
            "pero ha sido fue este esta dijo según sobre también"
        )
    ),
)
