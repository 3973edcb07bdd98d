"""Files in and out, at the edges of the pure core: `loaders` reads rubrics (YAML with line numbers) and
submissions with size caps and readable validation messages, `files` builds safe output names and writes
atomically inside OUT, `csvfile` is the only CSV writer (formula-safe cells)."""
