"""Near-duplicate questions grouped, for `invoke questions --import`.

`group()` puts the export's questions that ask the same thing together, judged by their
meaning (customer_evidence.core.semantic's vectors) and the content words they share (`Likeness`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

GROUP_THRESHOLD = 0.72           # mean of cosine and shared-word score to join a group
COSINE_FLOOR = 0.45              # below this cosine two questions are never compared further


class Likeness:
    """How alike two questions are, 0 to 1: the mean of their cosine and their shared
    words (weighted by rarity among `word_sets`: the mean of the Dice score and the
    share of the shorter one's words, which is 1 when its words are all in the other).

    Both halves count because the vectors alone put "How long does a heat pump
    last?" next to "How long does a heat pump take to install?".
    """

    def __init__(self, word_sets: Sequence[frozenset[str]]) -> None:
        frequency = Counter(w for ws in word_sets for w in ws)
        total = len(word_sets)
        self._idf = {w: math.log((total + 1) / (df + 0.5)) for w, df in frequency.items()}
        self._unknown = math.log((total + 1) / 0.5)

    def mass(self, words: frozenset[str]) -> float:
        return sum(self._idf.get(w, self._unknown) for w in words)

    def score(self, a: frozenset[str], b: frozenset[str], cosine: float,
              mass_a: float | None = None, mass_b: float | None = None) -> float:
        shared = a & b
        if not shared:
            return cosine / 2
        weight = self.mass(shared)
        mass_a = self.mass(a) if mass_a is None else mass_a
        mass_b = self.mass(b) if mass_b is None else mass_b
        dice = 2 * weight / (mass_a + mass_b)
        overlap = weight / min(mass_a, mass_b)
        return (cosine + (dice + overlap) / 2) / 2


def group(texts: Sequence[str], weights: Sequence[int], vectors: np.ndarray,
          word_sets: Sequence[frozenset[str]], likeness: Likeness,
          threshold: float = GROUP_THRESHOLD) -> list[list[int]]:
    """Near-duplicate questions together: indexes into `texts`, each group most asked first.

    Leader clustering: questions are taken most asked first, and each joins the
    group whose first question is most like it (Likeness) if that reaches
    `threshold`; otherwise it starts a group.
    """
    n = len(texts)
    if not n:
        return []
    mass = [likeness.mass(ws) for ws in word_sets]
    order = sorted(range(n), key=lambda i: (-weights[i], len(texts[i]), i))
    leaders = np.zeros((n, vectors.shape[1]), dtype=np.float32)
    leader_of: list[int] = []   # leader slot -> question index
    groups: list[list[int]] = []
    floor = max(COSINE_FLOOR, 2 * threshold - 1)  # below it, even sharing all words is too little
    chunk = 256
    for start in range(0, n, chunk):
        batch = order[start:start + chunk]
        known = len(leader_of)
        sims = vectors[batch] @ leaders[:known].T if known else np.zeros((len(batch), 0))
        for r, i in enumerate(batch):
            slots = np.flatnonzero(sims[r] >= floor)
            candidates = list(zip(sims[r][slots].tolist(), slots.tolist(), strict=True))
            if len(leader_of) > known:
                extra = leaders[known:len(leader_of)] @ vectors[i]
                candidates += [(float(extra[k]), known + k)
                               for k in np.flatnonzero(extra >= floor).tolist()]
            best, best_score = None, threshold
            for cosine, slot in sorted(candidates, reverse=True):
                if (cosine + 1) / 2 < best_score:
                    break  # no later (less close) leader can score more
                j = leader_of[slot]
                value = likeness.score(word_sets[i], word_sets[j], cosine, mass[i], mass[j])
                if value >= best_score:
                    best, best_score = slot, value
            if best is None:
                leaders[len(leader_of)] = vectors[i]
                leader_of.append(i)
                groups.append([i])
            else:
                groups[best].append(i)
    return groups
