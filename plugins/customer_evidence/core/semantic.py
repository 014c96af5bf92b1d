"""Sentence meaning as vectors, offline: WordLlama's weights, shipped inside its wheel.

WordLlama (pinned in requirements.txt) carries the `l2_supercat` model in the
package itself: a 32,000-token BPE tokenizer and a 256-dimension embedding per
token. A text's vector is the mean of its tokens' embeddings, normalised, so the
dot product of two vectors is their cosine similarity; this is what
`WordLlama.embed` followed by `WordLlama.similarity` computes
(tests/test_semantic.py checks that the vectors agree).

The files are read straight from the installed package rather than through
`WordLlama.load`: importing the `wordllama` package pulls in pydantic, requests and
huggingface_hub and sets up the root logger, about 0.4 s a build, for no more than
these two files. Nothing is ever downloaded: a missing file is an error that says
how to reinstall.

The model is loaded once per process (`model()`): it is read-only data, the same
for every build of an autoreloading `invoke livereload`.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Sequence
from itertools import chain
from pathlib import Path

import numpy as np

PACKAGE = "wordllama"
WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
TENSOR = "embedding.weight"
DIMENSIONS = 256
BATCH_TOKENS = 16384  # token rows gathered at once: 16 MB of float32
MEMO_TEXTS = 50_000  # vectors remembered per process (1 KB each), then all forgotten
# A lone surrogate (reStructuredText's `unicode` directive can make one) the tokenizer
# refuses; it reads as U+FFFD, as a browser shows it.
_SURROGATE = re.compile("[\ud800-\udfff]")


class ModelMissing(RuntimeError):
    """The similarity model's files are not installed."""


class Model:
    """Turns texts into unit vectors whose dot products are cosine similarities."""

    def __init__(self, embedding: np.ndarray, tokenizer) -> None:
        # float32 once (32 MB): gathering float16 rows converts each one again.
        # One zero row at the end pads short texts.
        self._padding = embedding.shape[0]
        self._embedding = np.zeros((embedding.shape[0] + 1, embedding.shape[1]), np.float32)
        self._embedding[:-1] = embedding
        self._tokenizer = tokenizer
        self._memo: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector (float32) per text; an empty text gets the zero vector.

        Vectors are remembered by text for the process: an autoreloading build
        (regenerate, livereload) embeds again only the texts an edit changed.
        """
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        missing = [i for i, text in enumerate(texts) if text not in self._memo]
        if missing:
            fresh = self._embed([texts[i] for i in missing])
            if len(self._memo) + len(missing) > MEMO_TEXTS:
                self._memo.clear()
            for row, i in enumerate(missing):
                self._memo[texts[i]] = fresh[row]
        for i, text in enumerate(texts):
            vectors[i] = self._memo[text]
        return vectors

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = [t if t.isascii() else _SURROGATE.sub("\ufffd", t) for t in texts]
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return vectors
        encodings = self._tokenizer.encode_batch_fast(texts, add_special_tokens=False)
        ids = [e.ids for e in encodings]
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lengths.sum()))
        np.clip(flat, 0, self._padding, out=flat)
        starts = np.cumsum(lengths) - lengths
        # Texts of like length are summed together, padded with the zero row, at most
        # BATCH_TOKENS token rows at a time.
        order = np.argsort(lengths, kind="stable")
        order = order[lengths[order] > 0]
        start = 0
        while start < len(order):
            stop = start + 1
            while stop < len(order) and (stop - start + 1) * lengths[order[stop]] <= BATCH_TOKENS:
                stop += 1
            batch = order[start:stop]
            width = int(lengths[batch[-1]])
            columns = np.arange(width)
            inside = columns < lengths[batch][:, None]
            positions = np.minimum(starts[batch][:, None] + columns, len(flat) - 1)
            padded = np.where(inside, flat[positions], self._padding)
            sums = self._embedding[padded].sum(axis=1)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            vectors[batch] = sums / np.maximum(norms, 1e-12)
            start = stop
        return vectors


def package_folder() -> Path:
    """Where the installed wordllama package lives (without importing it)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.origin:
        raise ModelMissing(
            f"the question-similarity model ({PACKAGE}) is not installed; run "
            "`python3 bootstrap.py build` or `pip install -r requirements.txt`")
    return Path(spec.origin).parent


@functools.lru_cache(maxsize=1)
def model() -> Model:
    """The model, read from the installed package once per process."""
    from safetensors import safe_open
    from tokenizers import Tokenizer

    folder = package_folder()
    weights, tokenizer = folder / WEIGHTS, folder / TOKENIZER
    for path in (weights, tokenizer):
        if not path.is_file():
            raise ModelMissing(f"{path} is missing; reinstall with "
                               f"`pip install --force-reinstall --no-deps {PACKAGE}`")
    with safe_open(str(weights), framework="np") as f:
        embedding = f.get_tensor(TENSOR)
    return Model(embedding, Tokenizer.from_file(str(tokenizer)))
