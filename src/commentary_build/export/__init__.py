"""Documents made from the same sources as the site: PDF (commentary, briefs, chapters) and Word."""
