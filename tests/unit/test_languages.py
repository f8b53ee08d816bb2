"""Flags in other languages: each language's table read by the same figure, quote, sentence
and notice rules, and an article's language found from its page or its text."""

import pytest

from monitor.analysis.figures import find_figures
from monitor.analysis.languages import LANGUAGES, detect_language, language_code, language_of
from monitor.analysis.notices import notice_paragraph
from monitor.analysis.quotes import find_quotes, split_sentences
from monitor.extraction import extract_article

_FIGURE = ("printed", "value", "unit", "qualifier")


@pytest.mark.parametrize(
    ("code", "text", *_FIGURE),
    [
        ("de", "Es fahren rund 31.000 Fahrzeuge.", "rund 31.000", 31000, "count", "about"),
        ("de", "Das kostet 119 Millionen Euro.", "119 Millionen Euro", 119e6, "EUR", None),
        ("de", "Ein Plus von 40 Mio. € im Jahr.", "40 Mio. €", 40e6, "EUR", None),
        ("de", "Die Quote lag bei 3,2 % im Mai.", "3,2 %", 3.2, "percent", None),
        ("de", "Das sind knapp 60 Prozent.", "knapp 60 Prozent", 60, "percent", "nearly"),
        ("fr", "Environ 120 habitants sont venus.", "Environ 120", 120, "count", "about"),
        ("fr", "Il y a près de 3\u00a0400 élèves.", "près de 3\u00a0400", 3400, "count", "nearly"),
        ("fr", "Un plan de 12 millions d'euros.", "12 millions d'euros", 12e6, "EUR", None),
        ("fr", "Un coût de 1,1 M€ par école.", "1,1 M€", 1.1e6, "EUR", None),
        ("fr", "Une hausse de 2,5\u202f% cette année.", "2,5\u202f%", 2.5, "percent", None),
        ("fr", "Elle atteint 35 pour cent.", "35 pour cent", 35, "percent", None),
        (
            "es",
            "Un plan de 3,5 millones de dólares.",
            "3,5 millones de dólares",
            3.5e6,
            "USD",
            None,
        ),
        ("es", "Una deuda de 2 mil millones.", "2 mil millones", 2e9, "count", None),
        ("es", "Llegaron 31 mil personas.", "31 mil", 31000, "count", None),
        ("es", "Subió un 18,4 por ciento.", "18,4 por ciento", 18.4, "percent", None),
        ("es", "Había casi 40 vecinos.", "casi 40", 40, "count", "nearly"),
        ("it", "Supera i 180 mila abitanti.", "180 mila", 180000, "count", None),
        ("it", "Raccolte oltre 7mila firme.", "oltre 7mila", 7000, "count", "more than"),
        ("it", "Il 70 per cento dell'opera.", "70 per cento", 70, "percent", None),
        ("pt", "Um pacote de R$ 2,3 bilhões.", "R$ 2,3 bilhões", 2.3e9, "BRL", None),
        ("pt", "Mais de 1,2 milhão de pessoas.", "Mais de 1,2 milhão", 1.2e6, "count", "more than"),
        ("pt", "Foram três novos corredores.", "três", 3, "count", None),
    ],
)
def test_figures_are_read_in_the_articles_language(
    code: str, text: str, printed: str, value: float, unit: str, *, qualifier: str | None
) -> None:
    figure = find_figures(text, LANGUAGES[code])[0]
    assert (figure.text, figure.unit, figure.qualifier) == (printed, unit, qualifier)
    assert figure.value == pytest.approx(value)


@pytest.mark.parametrize(("code", "value"), [("en", 1.5), ("de", 1500), ("es", 1500), ("pt", 1500)])
def test_an_ambiguous_thousands_mark_is_read_by_the_language(code: str, value: float) -> None:
    assert find_figures("Es waren 1.500 Menschen.", LANGUAGES[code])[0].value == value


@pytest.mark.parametrize(
    ("code", "a", "b"),
    [
        ("de", "Das kostet 119 Millionen Euro.", "Das kostet 119 Mio. Euro."),
        ("de", "Es sind 31.000 Autos.", "Es sind 31 000 Autos."),
        ("fr", "Il y a onze écoles.", "Il y a 11 écoles."),
        ("fr", "Dix-sept classes.", "17 classes."),
        ("pt", "Cerca de 1,2 milhão de pessoas.", "Cerca de 1.200.000 pessoas."),
    ],
)
def test_the_same_value_respelled_states_the_same_thing(code: str, a: str, b: str) -> None:
    lang = LANGUAGES[code]
    assert [f.key for f in find_figures(a, lang)] == [f.key for f in find_figures(b, lang)]


@pytest.mark.parametrize(
    ("code", "paragraphs", "expected"),
    [
        (
            "de",
            ["„Das ist längst überfällig“, sagte Ratsmitglied Peter Braun."],
            [("Das ist längst überfällig", "Peter Braun")],
        ),
        (
            "de",
            ["»Wir sind bereit«, erklärte die Ministerin Anna Roth."],
            [("Wir sind bereit", "Anna Roth")],
        ),
        (
            "fr",
            [
                "«\u00a0Nos écoles sont trop vieilles\u00a0», a déclaré Jean Martin.",
                "«\u00a0C'est le prix à payer\u00a0», a-t-il ajouté.",
            ],
            [
                ("Nos écoles sont trop vieilles", "Jean Martin"),
                ("C'est le prix à payer", "Jean Martin"),
            ],
        ),
        (
            "es",
            ["«No pueden pagar», dijo Carmen Ruiz. «Esto tiene que cambiar», afirmó."],
            [("No pueden pagar", "Carmen Ruiz"), ("Esto tiene que cambiar", "Carmen Ruiz")],
        ),
        (
            "es",
            ["«Es un plan vacío», afirmó el portavoz del Partido Popular, Javier Morales."],
            [("Es un plan vacío", "Javier Morales")],
        ),
        (
            "es",
            ["—No vamos a cambiar nada —dijo el alcalde Pedro Gómez—. Es lo que hay."],
            [("No vamos a cambiar nada", "Pedro Gómez")],
        ),
        (
            "it",
            ["«Aspettiamo da anni», ha spiegato il dottor Luca Ferrari, primario."],
            [("Aspettiamo da anni", "Luca Ferrari")],
        ),
        (
            "pt",
            ["Segundo a vereadora Mariana Costa, “não há garantia”."],
            [("não há garantia", "Mariana Costa")],
        ),
    ],
)
def test_quotes_and_speakers_in_each_language(
    code: str, paragraphs: list[str], expected: list[tuple[str, str]]
) -> None:
    quotes = find_quotes(paragraphs, language=LANGUAGES[code])
    assert [(q.text.rstrip(".,"), q.speaker) for q in quotes] == expected


@pytest.mark.parametrize(
    ("code", "paragraph", "count"),
    [
        ("de", "Das gilt z. B. für Busse. Die Stadt zahlt.", 2),
        ("fr", "M. Martin est venu. Mme Dubois aussi.", 2),
        ("es", "La Sra. Ruiz habló con el Sr. Gil. Luego se fue.", 2),
        ("it", "Il Dott. Ferrari ha parlato. Poi è uscito.", 2),
    ],
)
def test_sentences_do_not_end_at_the_languages_abbreviations(
    code: str, paragraph: str, count: int
) -> None:
    assert len(split_sentences(paragraph, LANGUAGES[code])) == count


@pytest.mark.parametrize(
    "paragraph",
    [
        "Korrektur: In einer früheren Version dieses Artikels hieß es, das Land zahle mehr.",
        "Rectificatif : une version précédente de cet article indiquait une autre part.",
        "Fe de errores: Una versión anterior de esta noticia indicaba otra cifra.",
        "Correzione: In una versione precedente di questo articolo si indicava altro.",
        "Correção: Uma versão anterior desta reportagem informava outro valor.",
    ],
)
def test_correction_notices_in_each_language(paragraph: str) -> None:
    assert notice_paragraph(paragraph, paragraph)[0]


@pytest.mark.parametrize(
    ("tag", "code"), [("de-CH", "de"), ("pt_BR", "pt"), ("FR", "fr"), ("", ""), ("x", "")]
)
def test_a_language_tag_gives_its_primary_code(tag: str, code: str) -> None:
    assert language_code(tag) == code


def test_an_unknown_language_is_read_by_the_english_rules() -> None:
    assert language_of("nl").code == "en"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Der Stadtrat hat am Dienstag den Umbau beschlossen, die Kosten sind aber hoch.", "de"),
        ("Le conseil a adopté lundi le plan de rénovation des écoles, selon la mairie.", "fr"),
        ("El pleno aprobó este jueves un plan de vivienda para los jóvenes de la ciudad.", "es"),
        ("Il consiglio ha approvato il progetto del nuovo ospedale, secondo la Regione.", "it"),
        (
            "A prefeitura anunciou um pacote para o transporte, segundo a secretaria da cidade.",
            "pt",
        ),
        (
            "The council approved the budget on Wednesday, and the mayor is expected to sign it.",
            "en",
        ),
        ("Ok.", ""),
    ],
)
def test_the_language_is_detected_from_function_words(text: str, code: str) -> None:
    assert detect_language([text, text]) == code


def _page(head: str, html_lang: str = "") -> str:
    lang = f' lang="{html_lang}"' if html_lang else ""
    body = "".join(
        f"<p>Der Stadtrat hat am Dienstag den Umbau der Straße beschlossen, Satz {i}.</p>"
        for i in range(8)
    )
    return (
        f"<!DOCTYPE html><html{lang}><head><title>Umbau beschlossen</title>{head}</head>"
        f"<body><article><h1>Stadtrat beschließt Umbau</h1>{body}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("page", "code"),
    [
        (_page("", "de-DE"), "de"),
        (
            _page(
                '<script type="application/ld+json">'
                '{"@type": "NewsArticle", "inLanguage": "fr"}</script>'
            ),
            "fr",
        ),
        (_page('<meta property="og:locale" content="it_IT">'), "it"),
        (_page(""), "de"),
    ],
)
def test_the_page_declares_its_language_or_the_text_shows_it(page: str, code: str) -> None:
    assert extract_article(page).language == code
