"""English: the language the figure reader's own vocabulary is written in, so it needs no
glosses; its quotation, speaker, sentence and notice words are here like every other's."""

from monitor.analysis.languages.table import Language, words

ENGLISH = Language(
    code="en",
    name="English",
    quotes=(("\u201c", "\u201d"), ("\u201e", "\u201d"), ("\u00ab", "\u00bb"), ("\u2018", "\u2019")),
    speech_verbs=words(
        "said says say told tells added adds asked asks continued continues explained noted "
        "wrote writes stated declared insisted argued argues acknowledged admitted warned warns "
        "recalled replied responded remarked observed tweeted posted testified claimed announced "
        "cautioned conceded complained countered suggested urged stressed predicted promised "
        "joked quipped shouted yelled whispered concluded maintained agreed alleged confirmed "
        "emphasi[sz]ed vowed lamented recounted pleaded boasted mused answered reiterated"
    ),
    # Verbs that put the words that follow in someone's mouth, beyond those of attribution.
    introducing=words(
        "described describes apologized apologised apologizes apologises denounced condemned "
        "praised criticized criticised blamed decried hailed characterized characterised "
        "termed accused thanked welcomed rejected dismissed branded labeled labelled pledged "
        "demanded questioned touted defended mocked ridiculed slammed blasted"
    ),
    # Participles and nouns of saying: "saying they "may not be helpful"", "a statement
    # telling workers to stay "alert"", "pledging to "act as appropriate"".
    speech_words=words(
        "saying telling told pledging warning urging urged adding noting vowing insisting "
        "promising arguing calling describing asking stating declaring claiming instructed "
        "instructing ordered ordering announcing statement statements letter email memo tweet "
        "tweeted interview speech remarks testimony wrote writing"
    ),
    naming_verbs=words("call calls called"),
    sources=("[Aa]ccording to",),
    pronouns={"he": "he", "she": "she", "they": "they"},
    determiners=words("the a an his her their its one"),
    possessive=True,
    not_titles=words(
        "the a an for of to with at in on from by but and or nor yet so while whereas although "
        "though because when after before who which that as if since until"
    ),
    saying=r"saying|adding|noting|writing|telling\s+\w+|warning",
    adverb_ending="ly",
    titles=frozenset(
        words(
            "mr mrs ms miss dr prof professor sir dame lord lady rev reverend chief mayor "
            "president vice prime minister secretary senator sen rep representative gov "
            "governor councilman councilwoman councillor councilor council commissioner judge "
            "justice officer detective sgt sergeant lt lieutenant capt captain gen general col "
            "colonel maj major adm admiral coach superintendent sheriff deputy director chairman "
            "chairwoman chair ceo attorney district assistant speaker leader king queen prince "
            "princess pope bishop father rabbi imam dean principal inspector constable commander "
            "ambassador chancellor treasurer spokesman spokeswoman spokesperson former acting "
            "interim state city county federal police fire health foreign finance defense "
            "defence interior home of u.s. us uk u.k. the then labor labour democratic "
            "republican conservative mp"
        )
    ),
    particles=words("de da del van von der le la bin al ibn of"),
    plurals=words(
        "officials police authorities prosecutors investigators witnesses residents analysts "
        "experts critics lawmakers researchers scientists doctors sources organi[sz]ers "
        "protesters activists economists diplomats aides advisers neighbou?rs parents students "
        "officers"
    ),
    not_names=words(
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday It This That According There "
        "Here When While After Before If As Asked His Her Their Its Our My Your He She They We "
        "I You"
    ),
    openers=words("But And Yet Still Meanwhile"),
    phrase_cut=words("in on at during after before when who which while as to that last this"),
    leading_noise=frozenset(
        words("in but and on at so then still yet however meanwhile later earlier also")
    ),
    never_end=frozenset(
        words(
            "mr mrs ms dr prof sen rep gov gen col lt sgt capt maj adm rev hon mt ft st no nos "
            "vs v cmdr supt insp det cpl pvt pres messrs mme mlle rt"
        )
    ),
    may_end=frozenset(
        words("inc co corp ltd jr sr etc bros jan feb mar apr jun jul aug sep sept oct nov dec")
    ),
    starters=frozenset(
        words(
            "the a an he she it they we i but and in on at this that these those his her its "
            "their our there when while after before as if some many most officials police"
        )
    ),
    correction_labels=(r"corrections?", r"clarifications?", r"editor'?s'?\s+notes?", "amendment"),
    update_labels=(r"update[sd]?", "note"),
    notice_phrases=(
        r"\b(?:an?|the)\s+(?:earlier|previous|prior|original)\s+version\s+of\s+this\s+"
        r"(?:article|story|piece|post|report|headline)",
        r"\bthis\s+(?:article|story|piece|post|report|headline)\s+(?:has\s+been|was|had\s+been"
        r"|is\s+being)\s+(?:updated|corrected|amended|changed|revised|edited|refiled)",
        r"\bwe\s+(?:apologi[sz]e|regret)\s+(?:for\s+)?(?:the|this|an?)\s+error",
    ),
    common_words=frozenset(
        words(
            "the of and to in is was that for on with as by at from it he she his her they "
            "their have has had were are be this which an or but not said would will who"
        )
    ),
)
