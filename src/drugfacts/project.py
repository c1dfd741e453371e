"""Where things live in a drugfacts project folder.

The CLI works on a project folder the way a static-site generator does: this repository is the
first project, and another team can start its own with the same layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DRAFT_SUFFIX = ".draft.ttl"
PROPOSED_MAPPINGS_SUFFIX = ".proposed.sssom.tsv"


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def ontology_file(self) -> Path:
        return self.root / "ontology" / "drugfacts.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def context_file(self) -> Path:
        """The JSON-LD context of the exports: short keys for the vocabulary's terms."""
        return self.root / "ontology" / "context.jsonld"

    @property
    def sources_file(self) -> Path:
        return self.root / "data" / "sources.ttl"

    @property
    def sources_dir(self) -> Path:
        return self.root / "data" / "sources"

    @property
    def entities_dir(self) -> Path:
        return self.root / "data" / "entities"

    @property
    def claims_dir(self) -> Path:
        return self.root / "data" / "claims"

    @property
    def mappings_dir(self) -> Path:
        return self.root / "data" / "mappings"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    @property
    def graph_file(self) -> Path:
        return self.dist_dir / "drugfacts.ttl"

    def entity_files(self) -> list[Path]:
        return sorted(self.entities_dir.glob("*.ttl"))

    def claim_files(self) -> list[Path]:
        """Curated claim files; drafts wait for review and stay out of the build."""
        return sorted(p for p in self.claims_dir.glob("*.ttl") if not p.name.endswith(DRAFT_SUFFIX))

    def mapping_files(self) -> list[Path]:
        """Curated mapping sets; proposals (`drugfacts link --propose`) wait for review and stay
        out of the build."""
        return sorted(p for p in self.mappings_dir.glob("*.sssom.tsv")
                      if not p.name.endswith(PROPOSED_MAPPINGS_SUFFIX))

    def data_files(self) -> list[Path]:
        """Every file the build reads, in the order it reads them."""
        return [
            self.ontology_file,
            self.shapes_file,
            self.sources_file,
            *self.entity_files(),
            *self.claim_files(),
        ]

    def relative(self, path: Path) -> Path:
        """A path as the user knows it: relative to the project root where it lies inside."""
        try:
            return path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return path
