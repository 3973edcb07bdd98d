"""The layer tables of each framework grader counts for, by the name a model spec gives its framework."""

from __future__ import annotations

from grader.params import keras, pytorch, textbook

FRAMEWORKS = {"keras": keras, "pytorch": pytorch, "textbook": textbook}
