"""Models written as code in the question are read with `ast`, never run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from grader.errors import ModelError
from grader.params import ModelSpec, count_model


@pytest.mark.parametrize(
    ("code", "total"),
    [
        pytest.param(
            "model = Sequential()\nmodel.add(Embedding(1000, 16, input_length=200))\n"
            "model.add(LSTM(32, dropout=0.1, recurrent_dropout=0.1))\nmodel.add(Dense(256, activation='sigmoid'))\n"
            "model.add(Dense(1, activation='sigmoid'))",
            30977,
            id="seed-model-add",
        ),
        pytest.param(
            "model.add(Embedding(1000, 16))\nmodel.add(Dense(100000 * 10000000000))",
            16000 + 17 * 10**15,
            id="sizes-up-to-the-cap",
        ),
        pytest.param(
            "from tensorflow import keras\nvocab_size = 1000\ndim = 8 * 2\n"
            "model = keras.Sequential([keras.layers.Embedding(vocab_size, dim), "
            "keras.layers.Bidirectional(keras.layers.LSTM(32)), keras.layers.Dense(1)])",
            16000 + 2 * 6272 + 65,
            id="sequential-list-constants-wrapper",
        ),
        pytest.param(
            "inputs = keras.Input(shape=(None, 16))\nmodel = Sequential()\nmodel.add(Input(shape=(None, 16)))\n"
            "model.add(GRU(32, kernel_initializer=keras.initializers.Ones()))",
            3 * (32 * 48 + 64),
            id="input-and-initializer-call",
        ),
    ],
)
def test_keras_code_is_read_into_layers(code: str, total: int) -> None:
    assert count_model(ModelSpec(keras_code=code)).total == total


def test_pytorch_modules_are_read_from_a_class() -> None:
    code = (
        "import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.emb = nn.Embedding(1000, 16)\n        self.lstm = nn.LSTM(16, 32, batch_first=True)\n"
        "        self.fc = nn.Linear(32, 1)\n    def forward(self, x):\n        return self.fc(self.lstm(self.emb(x))[0])"
    )

    counted = count_model(ModelSpec(pytorch_code=code))

    assert [layer.params for layer in counted.layers] == [16000, 4 * (32 * 48 + 64), 33]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        pytest.param("model.add(Dense(units))", "units is not defined in the code; write its value", id="unknown-name"),
        pytest.param("model.add(MyLayer(3))", "MyLayer(...) is not a keras layer grader can count", id="unknown-layer"),
        pytest.param("model.add(Dense(**cfg))", "**kwargs cannot be read", id="kwargs"),
        pytest.param("model.add(Dense(3)", "not Python", id="syntax-error"),
        pytest.param("print('hello')", "no layers found", id="no-layers"),
        pytest.param(
            "model.add(Dense(open('x').read()))", "Dense: units must be a positive whole number", id="call-as-value"
        ),
        pytest.param(
            "a = 99999999999\nv0 = a * a\n"
            + "".join(f"v{i} = v{i - 1} * v{i - 1}\n" for i in range(1, 12))
            + "model.add(Dense(v11))",
            "line 14: v11 cannot be used (line 2: 'a * a' is over 10**15, too large for a size in a model",
            id="squaring",
        ),
        pytest.param(
            "model.add(Dense(1000000000000000 + 1))",
            "line 1: '1000000000000000 + 1' is over 10**15",
            id="sum-over-the-cap",
        ),
        pytest.param(
            "model.add(Dense(10000000000000000))", "'10000000000000000' is over 10**15", id="literal-over-the-cap"
        ),
        pytest.param("model.add(Dense(4 // 0))", "line 1: '4 // 0' divides by zero", id="division-by-zero"),
        pytest.param(
            "n = 4 // 0\nmodel.add(Dense(n))",
            "line 2: n cannot be used (line 1: '4 // 0' divides by zero)",
            id="division-by-zero-in-a-name",
        ),
        pytest.param(
            "model.add(Dense(" + "+".join(["1"] * 900) + "))", "nested too deeply to read", id="long-chain-of-sums"
        ),
        pytest.param(
            "x = " + "+".join(["1"] * 6000) + "\nmodel.add(Dense(x))", "nested too deeply to read", id="longer-chain"
        ),
    ],
)
def test_what_cannot_be_read_is_named(code: str, message: str) -> None:
    with pytest.raises(ModelError) as caught:
        count_model(ModelSpec(keras_code=code, input_dim=4))

    assert message in str(caught.value)


def test_code_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    code = f"open({str(marker)!r}, 'w').write('x')\nmodel.add(Dense(__import__('os').system('touch {marker}')))"

    with pytest.raises(ModelError):
        count_model(ModelSpec(keras_code=code, input_dim=4))

    assert not marker.exists()


def test_squaring_a_constant_forty_times_is_refused_at_once() -> None:
    code = "a = 99999999999\nv0 = a * a\n" + "".join(f"v{i} = v{i - 1} * v{i - 1}\n" for i in range(1, 40))
    probe = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2**31, 2**31)); "
        "from grader.errors import ModelError; from grader.params import ModelSpec, count_model\n"
        "try: count_model(ModelSpec(keras_code=sys.argv[1]))\nexcept ModelError as error: print(error)"
    )

    # In a process of its own, with a memory cap: integer arithmetic that runs away cannot be stopped in this one.
    done = subprocess.run(
        [sys.executable, "-c", probe, code + "model.add(Dense(v39))"],
        capture_output=True,
        text=True,
        check=False,
        timeout=10,
    )

    assert "line 42: v39 cannot be used (line 2: 'a * a' is over 10**15" in done.stdout, done.stderr
