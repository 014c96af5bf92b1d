"""One character for each group of look-alike characters, to compare text as it reads. Pure.

The groups are Unicode's (UTS #39 confusables.txt), as the pinned confusable-homoglyphs
package ships them in its confusables.json: a graph in which every character listed is
joined to the prototype it looks like (Cyrillic `о` and Greek `ο` to Latin `o`). Each
group is a star around its prototype, so the prototype is the node with more than one
neighbour; a group of two is folded to its ASCII member, else to the lower one (which
member stands for the group does not matter, only that both sides of a comparison
fold alike). Where a group holds an ASCII letter or digit, it stands for the group.

FOLD maps each non-ASCII character, as it stands after NFKD decomposition, to the text
it is compared as: its group's character, case-folded. A capital folds by the letter
it looks like (Cyrillic `Н` to `h`, not to `ʜ`, what its small form looks like), a
small letter by its own look (Cyrillic `в` stays apart from `b`). ASCII characters are
never rewritten: `l`, `I` and `1`, or `rn` and `m`, stay apart. The table is built
once per process from the installed data (about 60 ms); nothing is downloaded.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from importlib import resources

# The package marks right-to-left characters with LEFT-TO-RIGHT MARKs; they are no part
# of the character.
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f"))


@functools.cache
def fold_table() -> dict[int, str]:
    """{code point: folded text} for every non-ASCII character that folds to something else."""
    graph = _graph()
    table: dict[int, str] = {}
    for char in [node for node in graph if len(node) == 1 and not node.isascii()]:
        for variant in {char, char.upper(), char.title()}:
            if len(variant) == 1 and not variant.isascii():
                folded = _fold_char(variant, graph)
                if folded != variant:
                    table[ord(variant)] = folded
    return table


def _graph() -> dict[str, set[str]]:
    """Each listed character or sequence and the ones it is confusable with, both ways."""
    source = resources.files("confusable_homoglyphs").joinpath("confusables.json")
    data = json.loads(source.read_text(encoding="utf-8"))
    graph: dict[str, set[str]] = defaultdict(set)
    for key, entries in data.items():
        char = key.translate(_DIRECTION_MARKS)
        for entry in entries:
            other = entry["c"].translate(_DIRECTION_MARKS)
            if other and other != char:
                graph[char].add(other)
                graph[other].add(char)
    return graph


def _representative(node: str, graph: dict[str, set[str]]) -> str:
    """The member that stands for the group of `node`."""
    neighbours = graph.get(node)
    if not neighbours:
        return node
    if len(neighbours) > 1:
        centre = node
    else:
        (other,) = neighbours
        if len(graph[other]) > 1:
            centre = other
        else:  # a group of two
            pair = sorted((node, other), key=lambda s: (not s.isascii(), len(s) == 1, s))
            centre = pair[0]
    members = {centre, *graph[centre]}
    plain = sorted(m for m in members if len(m) == 1 and m.isascii() and m.isalnum())
    if len(centre) == 1 and centre.isascii():
        return centre
    return plain[0] if plain else centre


def _fold_char(char: str, graph: dict[str, set[str]]) -> str:
    """What `char` is compared as: the letter it looks like, case-folded."""
    def look(text: str) -> str:
        return "".join(_representative(c, graph) if not c.isascii() else c for c in text)

    by_small = look(char.casefold()).casefold()
    if by_small.isascii():
        return by_small
    by_capital = look(char).casefold()
    result = by_capital if by_capital.isascii() else by_small
    for _ in range(3):  # the result must fold no further, whatever order folds run in
        again = look(result).casefold()
        if again == result:
            break
        result = again
    return result
