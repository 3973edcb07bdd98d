"""The model spec: a framework, what enters the first layer, and the layers with their constructor arguments.

```yaml
framework: keras          # keras, pytorch or textbook
input_dim: 16             # features entering the first layer; not needed after an Embedding
layers:
  - Embedding: {input_dim: 1000, output_dim: 16}
  - LSTM: {units: 32}
  - Dense: {units: 256}
```

or the model as the question shows it, read with `ast` and never run: `keras_code: "model.add(LSTM(32))..."`,
`pytorch_code: "nn.LSTM(16, 32, batch_first=True)"`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Framework = Literal["keras", "pytorch", "textbook"]
LayerEntry = dict[str, dict[str, Any] | None] | str


class ModelSpec(BaseModel):
    """A model whose parameters are counted layer by layer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    framework: Framework = Field(
        "keras", description="Whose layers and counting conventions: `keras`, `pytorch`, or `textbook` (VanillaRNN)."
    )
    input_dim: int | None = Field(
        None, gt=0, description="Features entering the first layer (per time step); not needed after an Embedding."
    )
    input_shape: list[int | None] | None = Field(
        None,
        description="The full input shape without the batch axis, e.g. `[200]` token ids or `[28, 28, 1]` "
        "(null for any size). Overrides `input_dim`.",
    )
    layers: list[LayerEntry] = Field(
        default_factory=list,
        description="The layers in order, each `Name: {constructor arguments}` with the framework's own argument "
        "names; wrappers nest theirs: `Bidirectional: {layer: {LSTM: {units: 32}}}`.",
    )
    keras_code: str | None = Field(None, description="The Keras model as written in the question, read, never run.")
    pytorch_code: str | None = Field(
        None, description="The PyTorch modules as written in the question, read, never run."
    )

    @model_validator(mode="before")
    @classmethod
    def _framework_of_code(cls, data: Any) -> Any:
        """`pytorch_code` is PyTorch and `keras_code` Keras without saying so: the framework is filled in, so a
        spec written without it reads back the same from its own dump (which carries the framework)."""
        code_only = isinstance(data, dict) and data.get("pytorch_code") is not None and data.get("keras_code") is None
        if code_only and "framework" not in data:
            return {**data, "framework": "pytorch"}
        return data

    @model_validator(mode="after")
    def _one_source(self) -> ModelSpec:
        sources = [bool(self.layers), self.keras_code is not None, self.pytorch_code is not None]
        if sum(sources) != 1:
            raise ValueError("give exactly one of `layers`, `keras_code` or `pytorch_code`")
        if self.keras_code is not None and "framework" in self.model_fields_set and self.framework != "keras":
            raise ValueError("keras_code is Keras: leave out `framework` or write `framework: keras`")
        if self.pytorch_code is not None and "framework" in self.model_fields_set and self.framework != "pytorch":
            raise ValueError("pytorch_code is PyTorch: leave out `framework` or write `framework: pytorch`")
        return self
