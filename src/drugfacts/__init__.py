"""drugfacts: claims that documents make about drugs, as a validated and linked RDF graph."""

__version__ = "0.1.0"
