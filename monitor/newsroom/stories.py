"""The local news site's content: stories as lists of revisions, and the three demo stories.

The demo stories are written for redline and change the way newsrooms change articles after
publication: a figure is updated, a quote is softened or dropped, the headline is reframed, a
correction is appended, a second reporter is credited. Revision 0 is what first went online.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class Revision:
    """One published state of an article; `note` says what the newsroom changed."""

    headline: str
    authors: tuple[str, ...]
    paragraphs: tuple[str, ...]
    modified: datetime
    note: str = "first published"


@dataclass(frozen=True)
class Story:
    """An article and every revision it will go through, oldest first."""

    slug: str
    section: str
    published: datetime
    revisions: tuple[Revision, ...]


@dataclass(frozen=True)
class Edit:
    """What one revision changes relative to the one before it."""

    note: str
    modified: datetime
    headline: str | None = None
    authors: tuple[str, ...] | None = None
    replace: tuple[tuple[str, str], ...] = ()
    drop: tuple[str, ...] = ()
    append: tuple[str, ...] = ()


def apply_edit(revision: Revision, edit: Edit) -> Revision:
    """The revision that `edit` makes of `revision`.

    `replace` pairs apply to the headline and every paragraph; `drop` removes the paragraphs
    containing a phrase. A phrase that matches nothing raises, so a typo in a story fails loudly.
    """
    headline = revision.headline
    paragraphs = list(revision.paragraphs)
    for old, new in edit.replace:
        if old not in headline and not any(old in p for p in paragraphs):
            raise ValueError(f"edit {edit.note!r}: {old!r} is not in the article")
        headline = headline.replace(old, new)
        paragraphs = [p.replace(old, new) for p in paragraphs]
    for phrase in edit.drop:
        kept = [p for p in paragraphs if phrase not in p]
        if len(kept) == len(paragraphs):
            raise ValueError(f"edit {edit.note!r}: no paragraph contains {phrase!r}")
        paragraphs = kept
    return Revision(
        headline=edit.headline or headline,
        authors=edit.authors or revision.authors,
        paragraphs=(*paragraphs, *edit.append),
        modified=edit.modified,
        note=edit.note,
    )


def story(slug: str, section: str, first: Revision, *edits: Edit) -> Story:
    """A story whose revisions are `first` followed by each edit applied in turn."""
    revisions = [first]
    for edit in edits:
        revisions.append(apply_edit(revisions[-1], edit))
    return Story(slug=slug, section=section, published=first.modified, revisions=tuple(revisions))


def _at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


BRIDGE = story(
    "harbour-street-bridge",
    "City Hall",
    Revision(
        headline="Council approves $119 million plan to rebuild Harbour Street Bridge",
        authors=("Dana Whitlock",),
        modified=_at(4, 23, 40),
        paragraphs=(
            "Millbrook City Council voted 7\u20132 on Tuesday night to approve a $119 million "
            "plan to rebuild the Harbour Street Bridge, the 1962 steel span that carries about "
            "31,000 vehicles a day across the Tessel River.",
            "The plan replaces the bridge deck, strengthens four corroded piers and adds a "
            "protected bike lane on the north side. Work is scheduled to begin in September and "
            "to last roughly 26 months, during which the bridge will be reduced to one lane in "
            "each direction.",
            "\u201cWe have patched this bridge for twenty years, and now the patches are holding "
            "up the patches,\u201d said council member Rosa Delgado, who chairs the "
            "infrastructure committee. \u201cTonight we finally stop pretending.\u201d",
            "Council member Glenn Haverford, one of the two votes against, said the council had "
            "been given the cost too late to question it. \u201cThis is a disgrace, and somebody "
            "in public works should lose their job over it,\u201d he said.",
            "An inspection report released in January rated the bridge\u2019s substructure "
            "\u201cpoor,\u201d the second-lowest rating, and found that steel beams under the "
            "eastbound lanes had lost up to 40 percent of their original thickness.",
            "The city expects a state infrastructure grant to cover $71 million. The rest would "
            "come from bonds repaid over 25 years, which the finance department estimates will "
            "cost a typical household about $48 a year.",
            "Public works director Anil Mehta said detour maps would be published in August. "
            "\u201cNobody is going to love the next two years,\u201d he said. \u201cBut the "
            "alternative is a bridge we have to close without warning.\u201d",
        ),
    ),
    Edit(
        "cost figure updated",
        _at(5, 9, 15),
        replace=(("$119 million", "$138 million"), ("about $48 a year", "about $56 a year")),
    ),
    Edit(
        "quote softened",
        _at(5, 11, 2),
        replace=(
            (
                "\u201cThis is a disgrace, and somebody in public works should lose their job "
                "over it,\u201d he said.",
                "\u201cThis is deeply disappointing, and residents deserve a clear explanation "
                "from public works,\u201d he said.",
            ),
        ),
    ),
    Edit(
        "headline reframed",
        _at(5, 14, 30),
        headline="Harbour Street Bridge repair bill climbs to $138 million as council signs off",
    ),
    Edit(
        "correction appended",
        _at(6, 8, 45),
        replace=(("about 31,000 vehicles a day", "about 27,000 vehicles a day"),),
        append=(
            "Correction: An earlier version of this article said the bridge carries about "
            "31,000 vehicles a day. The city\u2019s most recent count is about 27,000.",
        ),
    ),
    Edit(
        "second reporter credited",
        _at(6, 10, 5),
        authors=("Dana Whitlock", "Marcus Oyelaran"),
    ),
)

MEASLES = story(
    "northside-measles-case",
    "Health",
    Revision(
        headline="Measles case confirmed at Northside Elementary; hundreds may have been exposed",
        authors=("Priya Raman",),
        modified=_at(13, 16, 20),
        paragraphs=(
            "A student at Northside Elementary School has tested positive for measles, the "
            "Millbrook County Health Department said Thursday, and as many as 240 students and "
            "staff may have been exposed during the week of March 3.",
            "It is the county\u2019s first confirmed case since 2019. Health officials said the "
            "student had recently returned from travel abroad and had not been vaccinated.",
            "\u201cMeasles is one of the most contagious diseases we know, and we are treating "
            "this with the seriousness it deserves,\u201d said Dr. Helen Achterberg, the "
            "county\u2019s medical officer.",
            "Families of children who are not fully vaccinated were told to keep them home for "
            "21 days after their last possible exposure. The school district said 38 students "
            "fall into that group.",
            "One parent, who asked not to be named, said she heard about the case from a "
            "neighbour before the school contacted her. \u201cThe school sat on this for two "
            "days. That is unforgivable,\u201d she said.",
            "The health department will run a free vaccination clinic at the Northside "
            "Community Centre on Saturday from 9 a.m. to 3 p.m. Anyone born after 1957 without "
            "two documented doses of the measles vaccine is eligible.",
            "Symptoms usually begin seven to 14 days after exposure with fever, cough and red, "
            "watery eyes, followed by a rash that spreads from the face downward.",
        ),
    ),
    Edit(
        "exposure figures updated",
        _at(13, 19, 5),
        replace=(("as many as 240 students", "about 310 students"), ("38 students", "52 students")),
    ),
    Edit(
        "quote removed",
        _at(14, 8, 30),
        drop=("The school sat on this",),
    ),
    Edit(
        "headline reframed",
        _at(14, 9, 10),
        headline="Health officials urge vaccination after measles case at Northside Elementary",
    ),
    Edit(
        "second reporter credited",
        _at(14, 12, 0),
        authors=("Priya Raman", "Tom Kessler"),
        append=(
            "The district said it notified families within 24 hours of receiving confirmation "
            "from the health department.",
        ),
    ),
)

ROUTE_9 = story(
    "route-9-service-cut",
    "Transport",
    Revision(
        headline="Transit authority to cut Route 9 bus service in half from June",
        authors=("Marcus Oyelaran",),
        modified=_at(19, 21, 10),
        paragraphs=(
            "Millbrook Regional Transit will cut weekday service on Route 9 from a bus every 12 "
            "minutes to one every 24 minutes starting June 2, the authority\u2019s board decided "
            "Wednesday, citing a $6.4 million operating shortfall.",
            "Route 9 runs between the Eastgate park-and-ride and St. Brendan\u2019s Hospital and "
            "carried an average of 4,200 riders a day last year, making it the system\u2019s "
            "third-busiest line.",
            "\u201cWe are choosing between bad options, and this is the least bad,\u201d said "
            "board chair Louise Farrant. \u201cRoute 9 riders will feel it, and I won\u2019t "
            "pretend otherwise.\u201d",
            "Rider advocates said the cut would fall hardest on hospital shift workers. "
            "\u201cThis board has decided that nurses and cleaners can wait in the rain,\u201d "
            "said Jamal Whitby of the Millbrook Transit Riders Union. \u201cIt is a shameful "
            "decision.\u201d",
            "The authority also plans to end Sunday service on Routes 14 and 22 and to raise "
            "the single fare from $2.25 to $2.50 on July 1.",
            "The board will hold a public hearing on the fare increase on May 14 at 6 p.m. in "
            "the Central Library auditorium.",
        ),
    ),
    Edit(
        "ridership figure updated",
        _at(20, 7, 50),
        replace=(("4,200 riders a day", "4,800 riders a day"),),
    ),
    Edit(
        "quote softened",
        _at(20, 10, 25),
        replace=(
            (
                "\u201cThis board has decided that nurses and cleaners can wait in the rain,"
                "\u201d said Jamal Whitby of the Millbrook Transit Riders Union. \u201cIt is a "
                "shameful decision.\u201d",
                "\u201cThis will make it much harder for nurses and cleaners to get to their "
                "shifts,\u201d said Jamal Whitby of the Millbrook Transit Riders Union.",
            ),
        ),
    ),
    Edit(
        "correction appended",
        _at(20, 15, 40),
        replace=(("on May 14 at 6 p.m.", "on May 21 at 6 p.m."),),
        append=(
            "Correction: An earlier version of this article gave the wrong date for the public "
            "hearing on the fare increase. It is May 21, not May 14.",
        ),
    ),
    Edit(
        "headline reframed",
        _at(21, 8, 0),
        headline="Route 9 riders face twice the wait as transit board halves service",
    ),
)

DEMO_STORIES: tuple[Story, ...] = (BRIDGE, MEASLES, ROUTE_9)


def breaking_story(
    slug: str,
    *,
    section: str,
    published: datetime,
    edited_after: timedelta = timedelta(minutes=40),
) -> Story:
    """A short story published at `published` whose one edit, `edited_after` later, revises
    a figure: what tests publish on the site while redline follows its feeds."""
    topic = slug.replace("-", " ")
    first = Revision(
        headline=f"Council debates the {topic}",
        authors=("Rosa Mensah",),
        modified=published,
        paragraphs=(
            f"Millbrook council members met on Tuesday night to debate the {topic}, which "
            "officials say would cost the city about $12 million over five years.",
            "About 120 residents attended the hearing at City Hall, and most of those who "
            "spoke urged the council to delay its vote until the spring.",
            "\u201cWe need more time to read the numbers,\u201d said Keiko Dube, who chairs the "
            "finance committee.",
        ),
    )
    edit = Edit(
        "attendance revised",
        published + edited_after,
        replace=(("About 120 residents", "About 140 residents"),),
    )
    return story(slug, section, first, edit)
