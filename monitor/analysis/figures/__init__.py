"""Numbers a reader would notice in a sentence, each normalised to a value and a unit.

An edit that turns "$1.2 million" into "$1,200,000" or "11" into "eleven" changes nothing a
reader learns, while "nearly 40 percent" -> "more than 40 percent" changes the claim. So every
figure carries its value, unit, range end and qualifier class, and `Figure.key` compares exactly
those. Ordinals, idioms ("one of the", "no one") and names with numbers in them ("Route 66",
"COVID-19") are not figures: flagging them would bury real corrections in noise.

The reader works on tokens of the folded text (see `monitor.analysis.quotes.fold`), so offsets stay
valid in the printed text.
"""

from monitor.analysis.figures.reader import find_figures
from monitor.analysis.figures.tokens import Figure

__all__ = ["Figure", "find_figures"]
