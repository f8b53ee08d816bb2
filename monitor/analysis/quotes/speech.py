"""The patterns that find who spoke, compiled once per language from its table entry.

The shapes are the same in every language (a speech verb after the quote and a name after it,
a name and a verb before the quote, a source phrase such as "according to" or "selon"); the
words come from `monitor.analysis.languages`.
"""

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from monitor.analysis.languages import LANGUAGES, Language

UP: Final = "A-ZÀ-ÖØ-Þ"
_LOW: Final = "a-zß-öø-ÿ"
# A capitalised word; a dot only closes an initial or a short abbreviation ("J.", "Dr.",
# "U.S."), so a name never runs on over a sentence end ("January. Chief Graves").
_CAP: Final = rf"(?:[{UP}]\.){{2,}}|[{UP}][a-z]{{0,3}}\.(?!\w)|[{UP}][\w'-]*"
# Honorifics of every language: stripping "Mme" from an English name or "Dr." from a German
# one is equally right, and speaker matching needs no language.
TITLES: Final = frozenset().union(*(lang.titles for lang in LANGUAGES.values()))


def _any(words: tuple[str, ...] | frozenset[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _capitalisable(words: tuple[str, ...]) -> str:
    """ "the" as "[Tt]he"; a word ending in an apostrophe ("l'") needs no space after it."""
    parts = []
    for word in words:
        head = f"[{word[0].upper()}{word[0]}]" if word[0].isalpha() else re.escape(word[0])
        tail = re.escape(word[1:])
        parts.append(head + tail + ("" if word.endswith("'") else r"\s+"))
    return "(?:" + "|".join(sorted(parts, key=len, reverse=True)) + ")"


@dataclass(frozen=True)
class Speech:
    """One language's attribution patterns (see `speakers` for how they are used)."""

    name: str
    verb: re.Pattern[str]
    question_tail: re.Pattern[str]
    after_verb_first: re.Pattern[str]
    after_speaker_first: re.Pattern[str]
    before: re.Pattern[str]
    according: re.Pattern[str]
    subject: re.Pattern[str]
    name_before: re.Pattern[str]
    name_after: re.Pattern[str]
    phrase_cut: re.Pattern[str]
    subject_before_colon: re.Pattern[str]
    clause_speaker: re.Pattern[str]
    any_verb: re.Pattern[str]
    verb_just_before: re.Pattern[str]
    titled_name: re.Pattern[str]
    determined_name: re.Pattern[str]
    inverted: re.Pattern[str] | None
    bare_verb: re.Pattern[str] | None
    pronouns: dict[str, str]
    determiners: frozenset[str]
    leading_noise: frozenset[str]


@cache
def speech(lang: Language) -> Speech:
    """The compiled attribution patterns of a language."""
    verbs = _any(lang.speech_verbs)
    not_name = rf"(?!(?:{_any(lang.not_names)})\b)" if lang.not_names else ""
    name = (
        rf"(?=[{UP}]){not_name}(?:{_CAP})"
        rf"(?:\s+(?:(?:{_any(lang.particles)})\s+)?(?:{_CAP})){{0,6}}"
    )
    pronouns = _any(tuple({*lang.pronouns, *(p.capitalize() for p in lang.pronouns)}))
    pronoun = rf"\b(?:{pronouns})\b"
    plurals = rf"\b(?:{_any(lang.plurals)})\b" if lang.plurals else r"(?!)"
    dets = _capitalisable(lang.determiners)
    possessive = rf"|[{UP}][\w.&-]*'s\s+" if lang.possessive else ""
    phrase = rf"\b(?:{dets}{possessive})[\w'-]+(?:\s+[\w'-]+){{0,5}}?"
    # A title is lower case before a name ("coach Bill Self"); articles and prepositions
    # are not titles: "the spokesman for Rishi Sunak" is not Sunak.
    title_words = rf"(?:(?!(?:{_any(lang.not_titles)})\b)[{_LOW}]+\s+){{0,3}}?"
    speaker = rf"(?P<sp>{title_words}{name}|{pronoun}|{plurals}|{phrase})"
    appositive = r"(?P<app>\s*,\s*[^,\"]{1,80}?,)?"
    adverb = rf"(?:\s+\w+{lang.adverb_ending})?" if lang.adverb_ending else ""
    lower_dets = "|".join(
        re.escape(d) + ("" if d.endswith("'") else r"\s+") for d in lang.determiners
    )
    role = rf"(?:{lower_dets})[^,.;:\"]{{1,60}}"
    sources = _any(lang.sources)
    clause_verbs = "|".join((verbs, *lang.introducing, *lang.speech_words, *lang.naming_verbs))
    # "said Trump's lawyer, Ty Cobb": a role named by its holder's owner, before the holder
    owner = rf"{name}'s(?:\s+[{_LOW}][\w-]*){{1,4}}(?=,)|" if lang.possessive else ""
    # "He gave his starkest warning yet: ...", "He criticized them, saying ...": a quote after
    # a colon or a participle of saying is the subject's.
    saying = rf"(?::|,?\s+(?:{lang.saying})\s*[,:]?)" if lang.saying else ":"
    subject_before_colon = (
        rf"\s*(?P<sp>{pronoun}|{dets}[{_LOW}]+(?=\s))[^\":]{{0,200}}?{saying}\s*$"
    )
    return Speech(
        name=name,
        verb=re.compile(rf"\b(?:{verbs})\b"),
        question_tail=re.compile(
            rf"\s+(?:[A-Z][\w.'-]*\s+){{1,4}}(?:{verbs})\b|\s+(?:{pronouns}|I|we)\s+(?:{verbs})\b"
        ),
        after_verb_first=re.compile(
            rf"^[\s,;:-]*(?:{verbs})\s+(?P<sp>{owner}{title_words}{name}|{role})"
            rf"(?P<app>,\s*{name}(?=\s*[,.;:]|\s*$))?"
        ),
        after_speaker_first=re.compile(rf"^[\s,;:-]*{speaker}{appositive}{adverb}\s+(?:{verbs})\b"),
        before=re.compile(rf"{speaker}{appositive}{adverb}\s+(?:{verbs})\b[^\"]{{0,60}}?[:,]?\s*$"),
        according=re.compile(rf"\b(?:{sources})\s+(?P<sp>{name}|{role})"),
        subject=re.compile(
            rf"\s*(?:(?:{_any(lang.openers)}),?\s+)?(?P<sp>{name})(?:\s*,\s*[^\"]{{1,100}}?,)?"
            rf"\s+(?:\w+ly\s+)?[{_LOW}]+"
        ),
        # "... general secretary, Kevin Rourke, said": a name set off by commas before its verb.
        name_before=re.compile(rf"(?P<sp>{name})(?:{appositive}|\s*,){adverb}\s+$"),
        name_after=re.compile(rf"\s+(?P<sp>{name})"),
        phrase_cut=re.compile(rf"\s+(?:{_any(lang.phrase_cut)})\b.*$"),
        subject_before_colon=re.compile(subject_before_colon),
        # "..., and Jones called it "a disgrace"": the subject of the quote's own clause, right
        # before its verb, speaks it, whoever spoke an earlier clause of the sentence.
        any_verb=re.compile(
            rf"\b(?:{'|'.join((verbs, *lang.introducing, *lang.speech_words))})\b"
            rf"|\b(?:{sources})\b"
        ),
        clause_speaker=re.compile(
            rf"^.*(?<![\w'-])(?P<sp>{name}|{pronoun}){adverb}\s+(?:{clause_verbs})"
            r"\b[^\".;:]{0,50}$",
            re.S,
        ),
        verb_just_before=re.compile(rf"\b(?:{verbs})\b[\s,:]*$"),
        titled_name=re.compile(rf"{title_words}(?P<name>{name})"),
        determined_name=re.compile(rf"(?:{lower_dets}){title_words}(?P<name>{name})"),
        inverted=(
            re.compile(r"^[\s,;:-]*" + lang.inverted.replace("{verbs}", verbs))
            if lang.inverted
            else None
        ),
        bare_verb=re.compile(rf"^[\s,;:-]*(?:{verbs})\s*(?:[.;]|$)") if lang.pro_drop else None,
        pronouns={**lang.pronouns, **{p.capitalize(): v for p, v in lang.pronouns.items()}},
        determiners=frozenset(d.capitalize() for d in lang.determiners),
        leading_noise=lang.leading_noise,
    )
