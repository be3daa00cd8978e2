"""The 22 peer clusters the demo compares with: name, country and region (a name the
importer resolves, or the ISO 3166-2 code where pycountry has no English name).

Their records are synthetic (`demo_data.peers` draws them from a strength per peer);
only the names, places and sectors are fixed. The nanofibre and filtration clusters
share the demo cluster's sector, so that `clex benchmark` forms a sector group (at
least five clusters); no country has five peers, so the country group shows why it is
too small.
"""

from .story import PROFILE

TEXTILES = "Technical textiles and advanced materials"
# The demo cluster's own sector: the peers that work on nanofibres and filtration.
NANOFIBRES = PROFILE["sector"]
SAME_SECTOR = {
    "Nanotech Cluster Upper Austria",
    "Silesian Nonwovens Cluster",
    "Lombardy Nanomaterials District",
    "Finnish Fibre Cluster",
    "Hungarian Nanotechnology Cluster",
    "Danish Filtration Network",
    "Dutch Nanofibre Cluster",
}

PEER_NAMES = [
    ("Saxon Textile Innovation Network", "DE", "Saxony"),
    ("Cluster Technical Textiles Bavaria", "DE", "Bavaria"),
    ("Nanotech Cluster Upper Austria", "AT", "Upper Austria"),
    ("Moravian Advanced Materials Cluster", "CZ", "South Moravian Region"),
    ("Silesian Nonwovens Cluster", "PL", "Silesia"),
    ("Łódź Textile Cluster", "PL", "Łódź"),
    ("Slovak Plastics and Fibres Cluster", "SK", "Trenčín Region"),
    ("Flanders Smart Textiles", "BE", "BE-VLG"),
    ("Textile Valley Piedmont", "IT", "Piemonte"),
    ("Lombardy Nanomaterials District", "IT", "Lombardia"),
    ("Catalan Technical Textiles Cluster", "ES", "ES-CT"),
    ("Valencia Textile Innovation Cluster", "ES", "Valencia"),
    ("Portugal Textile Cluster North", "PT", "PT-13"),
    ("Rhône-Alpes Technical Textiles", "FR", "Auvergne-Rhône-Alpes"),
    ("Hauts-de-France Textile Innovation", "FR", "Hauts-de-France"),
    ("Finnish Fibre Cluster", "FI", "Uusimaa"),
    ("Swedish Smart Materials Cluster", "SE", "SE-O"),
    ("Slovenian Advanced Materials Cluster", "SI", "SI-011"),
    ("Hungarian Nanotechnology Cluster", "HU", "HU-BU"),
    ("Romanian Textile Concept Cluster", "RO", "RO-IS"),
    ("Danish Filtration Network", "DK", "Midtjylland"),
    ("Dutch Nanofibre Cluster", "NL", "Gelderland"),
]


def peer_sector(name: str) -> str:
    return NANOFIBRES if name in SAME_SECTOR else TEXTILES
