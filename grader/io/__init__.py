"""Files in and out, at the edges of the pure core: `loaders` reads rubrics and submissions with size caps
(`yamlfile`: YAML with the line of every path; `messages`: readable validation errors), `files` builds safe
output names and writes atomically inside OUT, `csvfile` is the only CSV writer (formula-safe cells)."""
