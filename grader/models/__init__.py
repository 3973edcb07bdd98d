"""The data contracts, as frozen pydantic models: `rubric` (what an instructor writes; `checks`, one model per
check kind; `common`, what they share), `submission` (what a student hands in), `report` (what grader
returns), and `formats` (the names of the output formats). JSON Schemas are generated from them. Imports
nothing heavy of its own: importing this package loads no model."""
