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


FUNCTIONAL = """inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, activation="relu")(inputs)
x = layers.MaxPooling2D()(x)
x = layers.Flatten()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs=inputs, outputs=outputs)"""
CONV_TOTAL = 3 * 3 * 32 + 32 + 13 * 13 * 32 * 10 + 10


@pytest.mark.parametrize(
    ("code", "types", "total"),
    [
        pytest.param(
            "model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(32, 3), layers.MaxPooling2D(),"
            " layers.Flatten(), layers.Dense(10)])",
            ["Conv2D", "MaxPooling2D", "Flatten", "Dense"],
            CONV_TOTAL,
            id="input-first-in-sequential",
        ),
        pytest.param(
            "model = Sequential(layers=[InputLayer(input_shape=(28, 28, 1)), Conv2D(32, 3), MaxPool2D(), Flatten(),"
            " Dense(10)])",
            ["Conv2D", "MaxPooling2D", "Flatten", "Dense"],
            CONV_TOTAL,
            id="input-layer-keyword-list",
        ),
        pytest.param(
            "model = Sequential()\nmodel.add(Input((28, 28, 1)))\nmodel.add(Conv2D(32, 3))\nmodel.add(MaxPooling2D())\n"
            "model.add(Flatten())\nmodel.add(Dense(10))",
            ["Conv2D", "MaxPooling2D", "Flatten", "Dense"],
            CONV_TOTAL,
            id="input-positional-shape-in-add",
        ),
        pytest.param(FUNCTIONAL, ["Conv2D", "MaxPooling2D", "Flatten", "Dense"], CONV_TOTAL, id="functional"),
        pytest.param(
            "inputs = Input(shape=(784,))\ndense = layers.Dense(64, activation='relu')\nx = dense(inputs)\n"
            "x = layers.Dense(64)(x)\noutputs = layers.Dense(10)(x)\nmodel = keras.Model(inputs, outputs, name='mnist')",
            ["Dense", "Dense", "Dense"],
            784 * 64 + 64 + 64 * 64 + 64 + 64 * 10 + 10,
            id="functional-guide-layer-object",
        ),
        pytest.param(
            "def build(units=8):\n    inputs = keras.Input(batch_shape=(None, 10, 16))\n"
            "    x = layers.MultiHeadAttention(num_heads=2, key_dim=4)(inputs, inputs)\n"
            "    x = layers.LayerNormalization()(layers.Attention()([x, x]))\n"
            "    return keras.Model(inputs, layers.GlobalAveragePooling1D()(x))",
            ["MultiHeadAttention", "Attention", "LayerNormalization", "GlobalAveragePooling1D"],
            3 * (16 * 2 * 4 + 8) + 2 * 4 * 16 + 16 + 32,
            id="functional-self-attention-nested-in-a-function",
        ),
        pytest.param(
            "inputs = keras.Input(shape=(8,))\nx = layers.Dense(4)(inputs)\nx = layers.Dense(2)(x)",
            ["Dense", "Dense"],
            8 * 4 + 4 + 4 * 2 + 2,
            id="functional-without-model",
        ),
        pytest.param(
            "inputs = keras.Input(shape=(8,))\nunused = layers.Dense(100)\nx = layers.Dense(4)(inputs)\n"
            "model = keras.Model(inputs, x)",
            ["Dense"],
            8 * 4 + 4,
            id="functional-a-layer-made-and-never-applied-is-not-in-it",
        ),
        pytest.param(
            "d1 = Dense(4, input_dim=8)\nd2 = Dense(2)\nmodel = Sequential([d1, d2])",
            ["Dense", "Dense"],
            8 * 4 + 4 + 4 * 2 + 2,
            id="sequential-of-named-layers",
        ),
    ],
)
def test_keras_models_are_read_from_sequential_and_functional_code(code: str, types: list[str], total: int) -> None:
    counted = count_model(ModelSpec(keras_code=code))

    assert ([layer.type for layer in counted.layers], counted.total) == (types, total)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        pytest.param(
            "inputs = keras.Input(shape=(8,))\na = layers.Dense(4)(inputs)\nb = layers.Dense(4)(inputs)\n"
            "x = layers.Concatenate()([a, b])\nmodel = keras.Model(inputs, x)",
            "line 4: Concatenate takes 2 tensors: only a chain of layers is read",
            id="concatenate",
        ),
        pytest.param(
            "inputs = keras.Input(shape=(8,))\nx = layers.Dense(8)(inputs)\ny = layers.Dense(8)(x)\n"
            "z = layers.Add()([x, y])\nmodel = keras.Model(inputs, z)",
            "line 4: Add takes 2 tensors: only a chain of layers is read",
            id="residual",
        ),
        pytest.param(
            "q = keras.Input(shape=(5, 8))\nv = keras.Input(shape=(7, 8))\n"
            "x = layers.MultiHeadAttention(2, 4)(q, v)\nmodel = keras.Model([q, v], x)",
            "line 3: MultiHeadAttention takes 2 tensors: only a chain of layers is read",
            id="cross-attention",
        ),
        pytest.param(
            "inputs = keras.Input(shape=(8,))\nx = layers.Dense(4)(inputs)\naux = layers.Dense(1)(x)\n"
            "out = layers.Dense(2)(x)\nmodel = keras.Model(inputs, [out, aux])",
            "line 5: the model has 2 outputs: only a chain of layers is read",
            id="two-outputs",
        ),
        pytest.param(
            "inputs = keras.Input(shape=(8,))\nx = layers.Dense(4)(inputs)\naux = layers.Dense(1)(x)\n"
            "out = layers.Dense(2)(x)\nmodel = keras.Model(inputs, out)",
            "line 3: this layer takes a tensor that another layer of the model takes too: only a chain",
            id="a-tensor-feeding-two-layers",
        ),
        pytest.param(
            "inputs = keras.Input(shape=(8,))\nshared = layers.Dense(8)\nx = shared(inputs)\nx = shared(x)",
            "line 4: shared is applied twice (its weights shared): only a chain of layers is read",
            id="shared-layer",
        ),
        pytest.param(
            "inputs = keras.Input(shape=(8,))\nx = keras.ops.relu(inputs)\nmodel = keras.Model(inputs, x)",
            "line 2: keras.ops.relu(...) on a tensor cannot be read: write it as a layer",
            id="an-op-on-a-tensor",
        ),
        pytest.param(
            "x = layers.Dense(4)(features)",
            "line 1: Dense is applied to features, which is not an Input or a layer's",
            id="unknown-tensor",
        ),
        pytest.param(
            "inputs = keras.Input(shape=(8,))\nx = layers.MyLayer(4)(inputs)\nx = layers.Dense(2)(x)",
            "line 2: MyLayer(...) is not a keras layer grader can count",
            id="unknown-layer-told-once",
        ),
        pytest.param(
            "model = keras.Sequential([layers.Dense(4), keras.Input(shape=(8,))])",
            "line 1: Input(...) comes first in Sequential([...])",
            id="input-not-first",
        ),
        pytest.param(
            "inputs = keras.Input(shape=(8,))\nx = layers.Dense(4)(inputs)\nmodel = keras.Sequential([layers.Dense(2)])",
            "the code builds a Sequential model and a functional one",
            id="both-kinds",
        ),
    ],
)
def test_functional_code_that_is_not_a_chain_is_named(code: str, message: str) -> None:
    with pytest.raises(ModelError) as caught:
        count_model(ModelSpec(keras_code=code))

    assert message in str(caught.value)
    assert str(caught.value).count("keras_code") == 1


def test_pytorch_sequential_of_named_modules() -> None:
    code = "fc1 = nn.Linear(8, 4)\nact = nn.ReLU()\nfc2 = nn.Linear(4, 2)\nmodel = nn.Sequential(fc1, act, fc2)"

    counted = count_model(ModelSpec(pytorch_code=code))

    assert [layer.params for layer in counted.layers] == [36, 0, 10]


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
