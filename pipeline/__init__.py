"""reportclean's library: annual-report PDFs and text dumps to clean chapter text.

Stages, in data order: probe/extract -> blocks -> furniture (imposition,
heads, page numbers, marks, figures) -> order -> headings -> dedup ->
chapters -> output.  Only ``probe`` and ``extract`` import PyMuPDF; nothing
here imports Luigi (see ``tasks/``).
"""

__version__ = "0.1.0"
