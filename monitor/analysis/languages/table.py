"""The shape of one language's entry; the entries themselves live one module per language."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property


def words(text: str) -> tuple[str, ...]:
    """A whitespace-separated list, for writing tables compactly."""
    return tuple(text.split())


@dataclass(frozen=True, eq=False)  # compared by identity: one entry per language
class Language:
    """Everything language-specific the flags need, as data.

    Figure words are glossed into the English words the figure reader knows ("Millionen" ->
    "million", "pour cent" -> "percent", "rund" -> "about"), so one set of reading rules
    serves every language; a phrase of several tokens may gloss to one word or to as many
    words as it has tokens. Speech verbs are regular-expression alternatives (they may hold
    spaces: "a déclaré", "ha detto"). Notice labels match in any case; notice phrases are
    written in lower case and matched against lower-cased text.
    """

    code: str
    name: str
    # Numbers: "1.500" is 1500 where the decimal mark is a comma; "3 400" groups with spaces.
    decimal: str = "."
    space_groups: bool = False
    numbers: tuple[str, ...] = ()  # two to nineteen in order; "dois/duas" for variants
    tens: tuple[str, ...] = ()  # twenty to ninety, in order
    scales: Mapping[str, str] = field(default_factory=dict)
    percent: tuple[str, ...] = ()
    currencies: Mapping[str, str] = field(default_factory=dict)  # word -> ISO code
    qualifiers: Mapping[str, str] = field(default_factory=dict)  # phrase -> English phrase
    connectors: Mapping[str, str] = field(default_factory=dict)  # "zwischen" -> "between"
    units: Mapping[str, str] = field(default_factory=dict)  # "Jahre" -> "years"
    # Quotations and speakers.
    quotes: tuple[tuple[str, str], ...] = (("\u201c", "\u201d"),)
    dash_speech: bool = False  # papers open speech with a dash: "—No vamos —dijo Gómez."
    speech_verbs: tuple[str, ...] = ()
    introducing: tuple[str, ...] = ()  # "praised", "denounced": verbs that put words in a mouth
    speech_words: tuple[str, ...] = ()  # "saying", "statement": participles and nouns of saying
    naming_verbs: tuple[str, ...] = ()  # "called": a clause that names a quote as someone's
    sources: tuple[str, ...] = ()  # "laut", "selon": the source phrase before a name
    pronouns: Mapping[str, str] = field(default_factory=dict)  # "elle" -> "she"
    inverted: str = ""  # a pattern catching the pronoun of "a-t-il dit" in group "sp"
    pro_drop: bool = False  # a bare verb after a quote ("», dijo.") means the last speaker
    determiners: tuple[str, ...] = ()  # before a role: "the spokesman", "la portavoz"
    possessive: bool = False  # "Aslef's general secretary": a name's 's works as a determiner
    not_titles: tuple[str, ...] = ()  # lower-case words before a name that are no title
    adverb_ending: str = ""  # "-ly", "-ment": an adverb between speaker and verb
    saying: str = ""  # participles that hand a quote to the subject: "saying", "adding"
    titles: frozenset[str] = frozenset()
    particles: tuple[str, ...] = ()  # "von", "de", "da": lower-case words inside a name
    plurals: tuple[str, ...] = ()  # groups that speak: "officials", "police"
    not_names: tuple[str, ...] = ()  # capitalised words that start no name ("Monday")
    openers: tuple[str, ...] = ()  # sentence openers that precede a subject ("But")
    phrase_cut: tuple[str, ...] = ()  # words that end a role phrase ("in", "who")
    leading_noise: frozenset[str] = frozenset()
    # Sentences: abbreviations that never end one, and those that do only before an opener.
    never_end: frozenset[str] = frozenset()
    may_end: frozenset[str] = frozenset()
    starters: frozenset[str] = frozenset()
    # Notices: labels that open a correction or update note, and phrases that make one.
    correction_labels: tuple[str, ...] = ()
    update_labels: tuple[str, ...] = ()
    notice_phrases: tuple[str, ...] = ()
    # Detection: the commonest function words, which news prose uses in every sentence.
    common_words: frozenset[str] = frozenset()

    @cached_property
    def glosses(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        """Token sequences (lower case) and the English words the figure reader reads them as."""
        english = words(
            "two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen"
        )
        english_tens = words("twenty thirty forty fifty sixty seventy eighty ninety")
        table: dict[str, str] = {
            **{
                variant: word
                for spelled, word in zip(self.numbers, english, strict=False)
                for variant in spelled.split("/")
            },
            **dict(zip(self.tens, english_tens, strict=False)),
            **self.scales,
            **dict.fromkeys(self.percent, "percent"),
            **{word: code.lower() for word, code in self.currencies.items()},
            **self.qualifiers,
            **self.connectors,
            **self.units,
        }
        return {tuple(_tokens(k)): tuple(v.split()) for k, v in table.items()}

    @cached_property
    def longest_gloss(self) -> int:
        """The most tokens any glossed phrase spans."""
        return max((len(k) for k in self.glosses), default=0)


def _tokens(phrase: str) -> list[str]:
    """A phrase as the figure tokenizer splits it: words, and symbols one by one."""
    out: list[str] = []
    for part in phrase.lower().split():
        word = ""
        for char in part:
            if char.isalnum() or (char == "'" and word):
                word += char
            else:
                if word:
                    out.append(word)
                    word = ""
                out.append(char)
        if word:
            out.append(word)
    return out
