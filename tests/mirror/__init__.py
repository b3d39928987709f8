"""Mirror sites for the harvest tests: a fault-injecting HTTP server on 127.0.0.1 and one module per real site,
each serving pages in that site's structure (listing pages with paging, landing pages, OAI-PMH, OData) and small
real files (PDF made with reportlab, DOCX with python-docx) in several languages."""
