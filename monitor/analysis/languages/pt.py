"""Portuguese (Brazil and Portugal): "R$ 2,3 bilhões", "mil milhões", "por cento", “…” quotes."""

from monitor.analysis.languages.table import Language, words

PORTUGUESE = Language(
    code="pt",
    name="Portuguese",
    decimal=",",
    space_groups=True,
    numbers=words(
        "dois/duas três quatro cinco seis sete oito nove dez onze doze treze catorze/quatorze "
        "quinze dezesseis/dezasseis dezessete/dezassete dezoito dezenove/dezanove"
    ),
    tens=words("vinte trinta quarenta cinquenta sessenta setenta oitenta noventa"),
    scales={
        "mil": "thousand",
        "milhão": "million",
        "milhões": "million",
        "mi": "million",
        "mil milhões": "billion",
        "bilhão": "billion",
        "bilhões": "billion",
        "bi": "billion",
        "trilhão": "trillion",
        "trilhões": "trillion",
        "centenas": "hundreds",
        "milhares": "thousands",
        "dezenas de milhares": "tens of thousands",
    },
    percent=("por cento",),
    currencies={
        "reais": "BRL",
        "de reais": "BRL",
        "euros": "EUR",
        "de euros": "EUR",
        "€": "EUR",
        "de €": "EUR",
        "dólares": "USD",
        "de dólares": "USD",
    },
    qualifiers={
        "cerca de": "about",
        "aproximadamente": "about",
        "por volta de": "about",
        "em torno de": "about",
        "quase": "nearly",
        "mais de": "more than",
        "pelo menos": "at least",
        "ao menos": "at least",
        "menos de": "less than",
        "até": "up to",
        "pouco mais de": "just over",
        "pouco menos de": "just under",
    },
    connectors={"entre": "between", "e": "and", "a": "to"},
    units={
        "anos": "years",
        "meses": "months",
        "semanas": "weeks",
        "dias": "days",
        "horas": "hours",
        "minutos": "minutes",
        "quilômetros": "km",
        "quilómetros": "km",
        "metros": "metres",
        "toneladas": "tonnes",
        "hectares": "hectares",
        "pontos percentuais": "percentage points",
        "pontos": "points",
    },
    quotes=(("\u201c", "\u201d"), ("\u00ab", "\u00bb"), ("\u2018", "\u2019")),
    dash_speech=True,
    speech_verbs=words(
        "disse diz afirmou afirma declarou declara explicou explica contou conta ressaltou "
        "ressalta destacou destaca acrescentou acrescenta completou completa garantiu garante "
        "avaliou avalia criticou critica lamentou lamenta defendeu defende disparou admitiu "
        "reconheceu alertou observou comentou respondeu relatou concluiu prometeu anunciou"
    ),
    sources=("[Ss]egundo", "[Dd]e acordo com", "[Cc]onforme"),
    pronouns={"ele": "he", "ela": "she", "eles": "they", "elas": "they"},
    inverted=r"(?:{verbs})\s+(?P<sp>ele|ela|eles|elas)\b",
    pro_drop=True,
    determiners=words("o a os as um uma seu sua"),
    not_titles=words("o a os as um uma de do da dos das ao à por para com em no na"),
    adverb_ending="mente",
    titles=frozenset(
        words(
            "sr. sr sra. sra dr. dr dra. dra dom dona prefeito prefeita presidente ministro "
            "ministra vereador vereadora deputado deputada senador senadora secretário "
            "secretária governador governadora diretor diretora porta-voz juiz juíza "
            "promotor promotora delegado delegada professor professora doutor doutora "
            "diarista coronel"
        )
    ),
    particles=words("de da do das dos e"),
    plurals=words("moradores especialistas investigadores sindicatos"),
    not_names=words(
        "Segunda Terça Quarta Quinta Sexta Sábado Domingo O A Os As Isso Este Esta Segundo "
        "Quando Mas E Para Nós Eu"
    ),
    openers=words("Mas E Porém"),
    phrase_cut=words("de do da em no na durante após antes que quando"),
    leading_noise=frozenset(words("mas e depois porém também")),
    never_end=frozenset(words("sr sra srta dr dra prof profa av n nº pág pp vs etc ltda")),
    may_end=frozenset(words("etc jan fev mar abr jun jul ago set out nov dez")),
    starters=frozenset(words("o a os as ele ela mas e em um uma este esta")),
    correction_labels=(
        "correção",
        "errata",
        "retificação",
        "esclarecimento",
        r"nota\s+da\s+reda[cç][aã]o",
    ),
    update_labels=("atualização", "atualizado", "actualização"),
    notice_phrases=(
        r"\buma\s+versão\s+(?:anterior|inicial|prévia)\s+(?:desta|deste)\s+"
        r"(?:reportagem|notícia|matéria|texto|artigo)",
        r"\b(?:na|numa|em\s+uma)\s+versão\s+(?:anterior|inicial|prévia)",
        r"\b(?:esta|este)\s+(?:reportagem|notícia|matéria|texto|artigo)\s+foi\s+"
        r"(?:corrigid[oa]|atualizad[oa]|alterad[oa]|modificad[oa])",
    ),
    common_words=frozenset(
        words(
            "o a os as de do da dos das e em no na um uma que é para com não por mais foi "
            "ao se seu sua como mas ele ela disse segundo também são"
        )
    ),
)
