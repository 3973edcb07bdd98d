"""A class graded together: `records` are its rows, `discovery` finds its submissions, `batch` grades a folder
in parallel, `store` keeps the gradebook database,
`review` and `overrides` hold human decisions, `outputs` writes the gradebook CSV and summary, `publish`
the student pages, class report and exports, `exports` the formats LMSs import. Nothing here is imported
by `grade()`."""
