"""The quarterly report as staff read and sign it: its text (content.py), shared by the HTML page
and the PDF (pdf.py, the only module that imports the PDF library)."""
