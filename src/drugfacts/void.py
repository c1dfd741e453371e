"""dist/void.ttl: the dataset described for catalogues and stores, in VoID and DCAT.

Title and description say what the dataset is; its version and licence are the ontology's
(owl:versionInfo, dcterms:license): the data and its vocabulary are released together. Its date
(dcterms:modified) is the newest date in the sources' own metadata (dcterms:modified, the
dcterms:date a copy was retrieved on, dcterms:issued, dcterms:created), never the clock, so the
same input gives the same file; with no dated source there is no date. The counts (triples,
entities a class, triples a property) come from sparql/void-statistics.rq; each export format is
a dcat:Distribution whose download URL is relative to void.ttl, as the files lie beside it.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, SKOS, VOID, XSD

from .load import new_graph
from .sparql import internal_query
from .vocab import BASE, DF, OA, PROV

DATASET = URIRef(BASE + "dataset")
TITLE = "drugfacts: what documents say about drugs"
DESCRIPTION = ("Claims that source documents make about drugs (indications, side effects, risks, "
               "contraindications, interactions, products, doses), each backed by a verbatim quote "
               "of its source, and the facts materialised from the accepted claims.")
_DATES = (DCTERMS.modified, DCTERMS.date, DCTERMS.issued, DCTERMS.created)
_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


def describe_dataset(graph: Graph, ontology: Graph, distributions: Iterable[tuple[str, str, str]],
                     sparql_endpoint: str | None = None) -> bytes:
    """void.ttl for the graph. `distributions` are (name, file, media type) of the exports."""
    void = new_graph()
    void.bind("void", VOID)
    void.bind("dcat", DCAT)
    for triple in graph.query(internal_query("void-statistics"), initBindings={"dataset": DATASET}):
        void.add(triple)
    for cls in (VOID.Dataset, DCAT.Dataset):
        void.add((DATASET, RDF.type, cls))
    void.add((DATASET, DCTERMS.title, Literal(TITLE, lang="en")))
    void.add((DATASET, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    vocabulary = ontology.value(None, RDF.type, OWL.Ontology)
    for prop in (DCTERMS.license, OWL.versionInfo):
        for value in ontology.objects(vocabulary, prop):
            void.add((DATASET, prop, value))
    modified = newest_date(graph)
    if modified is not None:
        void.add((DATASET, DCTERMS.modified, modified))
    void.add((DATASET, VOID.uriSpace, Literal(BASE)))
    for namespace in (vocabulary, SKOS, PROV, OA, DCTERMS):
        void.add((DATASET, VOID.vocabulary, URIRef(str(namespace))))
    if sparql_endpoint:
        void.add((DATASET, VOID.sparqlEndpoint, URIRef(sparql_endpoint)))
    for source in graph.subjects(RDF.type, DF.SourceDocument):
        void.add((DATASET, DCTERMS.source, source))
        for prop in (RDF.type, DCTERMS.title, DCTERMS.source, *_DATES):
            for value in graph.objects(source, prop):
                void.add((source, prop, value))
    for name, file, media_type in distributions:
        distribution = URIRef(f"{DATASET}#{name}")
        void.add((DATASET, DCAT.distribution, distribution))
        void.add((distribution, RDF.type, DCAT.Distribution))
        void.add((distribution, DCTERMS.title, Literal(file)))
        void.add((distribution, DCAT.downloadURL, URIRef(file)))
        void.add((distribution, DCAT.mediaType, URIRef(_MEDIA_TYPES + media_type)))
    # rdflib's writer: the download URLs are relative to void.ttl, which Oxigraph's refuses.
    return _canonical(void).serialize(format="turtle", encoding="utf-8")


def newest_date(graph: Graph) -> Literal | None:
    """The newest xsd:date or xsd:dateTime in the source documents' metadata, as an xsd:date."""
    dates = [str(value)[:10] for source in graph.subjects(RDF.type, DF.SourceDocument)
             for prop in _DATES for value in graph.objects(source, prop)
             if isinstance(value, Literal) and value.datatype in (XSD.date, XSD.dateTime)]
    return Literal(max(dates), datatype=XSD.date) if dates else None


def _canonical(graph: Graph) -> Graph:
    """The graph with its blank nodes (the VoID partitions) named from their content, so that
    they, and the order Turtle writes them in, are the same on every run."""
    canonical = new_graph()
    for prefix, namespace in graph.namespaces():
        canonical.bind(prefix, namespace)
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    return canonical
