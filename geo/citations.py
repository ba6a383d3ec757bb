"""How each archived dataset asks to be cited and on what terms, as its copy states them, and how to cite the
atlas itself.

The Codebook page, the JSON export's `sources` and the PDF pack's last page read this one table. A source's
dataset is the folder of data/ its file is archived in (see each folder's PROVENANCE.md).
"""
from __future__ import annotations

from dataclasses import dataclass

from geo import __version__
from geo.atlas import Atlas
from geo.records import Source


@dataclass(frozen=True)
class Citation:
    dataset: str
    reference: str  # the citation its makers ask for, as the archived copy gives it
    terms: str      # the terms of use the archived copy states, and where it states them


CITATIONS = {
    "atop": Citation(
        "ATOP 5.1",
        "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. 2002. \"Alliance "
        "Treaty Obligations and Provisions, 1815-1944.\" International Interactions 28: 237-260. Data: ATOP "
        "version 5.1 (atopdata.org).",
        "Distributed free for research with that citation; the repositories the copies come from carry no "
        "licence of their own (data/atop/PROVENANCE.md)."),
    "igo": Citation(
        "COW IGO v3",
        "Pevehouse, J. C., Nordstrom, T., McManus, R. W. & Jamison, A. S. (2020). Tracking organizations in the "
        "world: The Correlates of War IGO Version 3.0 data sets. Journal of Peace Research, 57(3), 492–503. "
        "doi:10.1177/0022343319881175. Version: COW IGO 3.0. The original data: Wallace, Michael, and J. David "
        "Singer. 1970. \"International Governmental Organization in the Global System, 1815-1964.\" International "
        "Organization 24: 239-87.",
        "© the Correlates of War Project; the only terms stated for the data are the request to give the version "
        "number and cite the documentation. The GPL of the igoR package the copy comes from covers the package, "
        "not the data (data/igo/PROVENANCE.md)."),
    "mme": Citation(
        "MME v7",
        "D'Orazio, Vito; Galambos, Kevin, 2021, \"Multinational Military Exercises, 1980-2010\", "
        "https://doi.org/10.7910/DVN/KHFODX, Harvard Dataverse, V1.",
        "Not stated in the copy: check the Dataverse record's terms before passing the data on "
        "(data/mme/PROVENANCE.md)."),
}


def citation_of(source: Source) -> Citation | None:
    """The dataset a source's file belongs to; None for a news text."""
    return CITATIONS.get(source.file.split("/")[0])


def atlas_citation(atlas: Atlas) -> str:
    """A suggested citation for the atlas: its version, and the datasets to cite beside it."""
    return (f"Alliance Atlas, version {__version__}: the alliances and security ties of {atlas.name}'s states, "
            f"{atlas.years.first}–{atlas.years.last}, each with the source passages behind it. Cite with it the "
            f"sources whose evidence you use: the archived news texts by outlet, author and date, and "
            + ", ".join(citation.dataset for citation in CITATIONS.values()) + " as their makers ask.")
