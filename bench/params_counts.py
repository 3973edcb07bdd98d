"""Parameter counts: grader's calculator beside the real framework, on the same random layers, in one run.

- grader: `count_model` on each spec, and the diagnosis of a wrong count (every misconception computed);
- baseline: building the PyTorch module and summing `p.numel()` over its parameters (needs torch).

Usage: python bench/params_counts.py [--layers N]. The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.params import ModelSpec, count_model  # noqa: E402
from grader.params.diagnose import candidates  # noqa: E402
from grader.params.model import read_layers  # noqa: E402
from tests.params.test_frameworks import SEED, _pytorch_layer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=300, help="random PyTorch layers (default 300)")
    count = parser.parse_args().layers
    entries = [_pytorch_layer(random.Random(SEED + i)) for i in range(count)]
    specs = [ModelSpec(framework="pytorch", layers=[entry]) for entry in entries]

    start = time.perf_counter()
    ours = [count_model(spec).total for spec in specs]
    grader_seconds = time.perf_counter() - start

    start = time.perf_counter()
    for spec in specs:
        framework, layers, shape = read_layers(spec)
        candidates(framework, layers, shape, [0])
    diagnosis_seconds = time.perf_counter() - start

    figures = {"layers": count, "grader_s": round(grader_seconds, 4), "diagnosis_s": round(diagnosis_seconds, 4)}
    print(f"grader count_model:       {count} layers in {grader_seconds * 1000:.1f} ms")
    print(f"grader diagnosis:         {count} layers in {diagnosis_seconds * 1000:.1f} ms (every misconception)")
    try:
        import_start = time.perf_counter()
        from torch import nn

        import_seconds = time.perf_counter() - import_start
    except ImportError:
        print("baseline: torch is not installed (pip install torch==2.13.0 on a CPU machine)")
    else:
        start = time.perf_counter()
        theirs = []
        for entry in entries:
            ((name, args),) = entry.items()
            theirs.append(sum(p.numel() for p in getattr(nn, name)(**args).parameters()))
        torch_seconds = time.perf_counter() - start
        agree = sum(a == b for a, b in zip(ours, theirs, strict=True))
        took = f"{torch_seconds * 1000:.1f} ms (+ import torch {import_seconds:.2f} s)"
        print(f"baseline torch modules:   {count} layers in {took}")
        print(f"counts equal to torch:    {agree}/{count}")
        figures |= {"torch_s": round(torch_seconds, 4), "torch_import_s": round(import_seconds, 3), "agree": agree}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
