PREFIX df: <https://w3id.org/drugfacts/vocab#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX drug: <https://w3id.org/drugfacts/drug/>
PREFIX condition: <https://w3id.org/drugfacts/condition/>
PREFIX dose: <https://w3id.org/drugfacts/dose/>
PREFIX product: <https://w3id.org/drugfacts/product/>
PREFIX route: <https://w3id.org/drugfacts/route/>
PREFIX source: <https://w3id.org/drugfacts/source/>
PREFIX claim: <https://w3id.org/drugfacts/claim/>

INSERT DATA { claim:cf8fc749add18d30 df:extractionScore 1.5 }
