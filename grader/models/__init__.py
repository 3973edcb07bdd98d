"""The data contracts, as frozen pydantic models: `rubric` (what an instructor writes, with `checks`, one model per check kind, and `common`), `submission` (what a
student hands in), `report` (what grader returns), and `formats` (the names of the output formats). JSON
Schemas are generated from them. Imports nothing heavy of its own: importing this package loads no model."""
