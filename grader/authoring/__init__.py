"""Writing and proving rubrics: `selftest` lints a rubric and runs its tests, `scaffold` starts a new one,
`importer` turns answer documents into submissions, `compare` checks two pieces of math, `suggest` groups
what a class wrote that no concept recognised. Nothing here is imported by `grade()`."""
