"""The cluster's members, 2012-2025: who joined when, who left and why.

One member per line (long lines accepted here): the table reads like the member list a
cluster keeps, and a new member is a new line.
"""

# ruff: noqa: E501

from __future__ import annotations

from datetime import date

from .story import REGION

# name, type, country, region, joined, left, committed
_M = tuple[str, str, str, str, date, date | None, bool]
LIB = REGION
MEMBERS: list[_M] = [
    # founding members, May 2012
    ("Technická univerzita Ještěd, Fakulta textilní", "university", "CZ", LIB, date(2012, 5, 15), None, True),
    ("Výzkumný ústav netkaných textilií, a.s.", "research", "CZ", LIB, date(2012, 5, 15), None, True),
    ("Nanovlákna Jizera s.r.o.", "sme", "CZ", LIB, date(2012, 5, 15), None, True),
    ("FiltraTech Liberec s.r.o.", "sme", "CZ", LIB, date(2012, 5, 15), None, True),
    ("SpinLab CZ s.r.o.", "sme", "CZ", LIB, date(2012, 5, 15), None, True),
    ("Severočeská textilní skupina a.s.", "large_company", "CZ", LIB, date(2012, 5, 15), None, True),
    ("Ústav polymerních materiálů Liberec, v.v.i.", "research", "CZ", LIB, date(2012, 5, 15), None, True),
    ("Inovační centrum Libereckého kraje, p.o.", "public", "CZ", LIB, date(2012, 5, 15), None, True),
    ("Ještěd Membranes s.r.o.", "sme", "CZ", LIB, date(2012, 6, 1), None, True),
    ("Textilní inovace Turnov a.s.", "sme", "CZ", LIB, date(2012, 9, 1), None, True),
    # 2013-2015
    ("Polymer Nisa s.r.o.", "sme", "CZ", LIB, date(2013, 2, 1), None, True),
    ("Bohemia Nanocoat s.r.o.", "sme", "CZ", LIB, date(2013, 3, 15), None, True),
    ("Lužická textilní a.s.", "large_company", "CZ", LIB, date(2013, 4, 1), None, True),
    ("Medifibre s.r.o.", "sme", "CZ", LIB, date(2013, 6, 1), None, True),
    ("AirPure Systems s.r.o.", "sme", "CZ", "Central Bohemian Region", date(2013, 9, 1), None, True),
    ("Frýdlant Nonwovens s.r.o.", "sme", "CZ", LIB, date(2013, 11, 1), None, True),
    ("Kovo Semily s.r.o.", "sme", "CZ", LIB, date(2014, 1, 15), date(2016, 6, 30), True),
    ("Iser Composites s.r.o.", "sme", "CZ", LIB, date(2014, 3, 1), None, True),
    ("Tanvald Technical Textiles s.r.o.", "sme", "CZ", LIB, date(2014, 5, 1), None, True),
    ("Pražská nanotechnologická s.r.o.", "sme", "CZ", "Prague", date(2014, 6, 1), None, True),
    ("Chrastava Coatings s.r.o.", "sme", "CZ", LIB, date(2014, 9, 1), date(2019, 11, 30), True),
    ("Česká asociace netkaných textilií, z.s.", "association", "CZ", "Prague", date(2014, 10, 1), None, True),
    ("Vlákno Plus s.r.o.", "sme", "CZ", LIB, date(2015, 1, 15), None, True),
    ("AquaMembrána s.r.o.", "sme", "CZ", "South Moravian Region", date(2015, 2, 1), date(2023, 4, 30), True),
    ("Jizerská strojírna a.s.", "large_company", "CZ", LIB, date(2015, 3, 1), None, True),
    ("Reichenberg Engineering s.r.o.", "sme", "CZ", LIB, date(2015, 4, 1), date(2017, 8, 31), True),
    ("Hydrofil Brno s.r.o.", "sme", "CZ", "South Moravian Region", date(2015, 5, 1), None, True),
    ("Nová Paka Filtration s.r.o.", "sme", "CZ", "Hradec Králové Region", date(2015, 6, 1), None, True),
    ("Lausitzer Vliesstoffe GmbH", "large_company", "DE", "Saxony", date(2015, 9, 1), None, True),
    ("Harrachov Glass Fibres s.r.o.", "sme", "CZ", LIB, date(2015, 10, 1), None, True),
    # 2016-2021: growth, the odd company leaving
    ("BioSpin Therapeutics s.r.o.", "startup", "CZ", LIB, date(2016, 3, 1), date(2022, 9, 30), True),
    ("Okresní hospodářská komora Liberec", "association", "CZ", LIB, date(2016, 2, 1), None, False),
    ("Česká Lípa Plastics a.s.", "sme", "CZ", LIB, date(2016, 5, 1), None, True),
    ("Filtrowanie Jelenia Góra Sp. z o.o.", "sme", "PL", "Lower Silesia", date(2016, 10, 1), None, True),
    ("Nanosense Labs s.r.o.", "startup", "CZ", LIB, date(2017, 2, 1), None, True),
    ("AutoInterior Components CZ a.s.", "large_company", "CZ", LIB, date(2017, 4, 1), None, True),
    ("Centrum nanomateriálů a filtrace, z.ú.", "research", "CZ", LIB, date(2017, 6, 1), None, True),
    ("Dresdner Beschichtungstechnik GmbH", "sme", "DE", "Saxony", date(2017, 9, 1), date(2021, 9, 30), True),
    ("Univerzita Labe, Fakulta materiálů", "university", "CZ", "Ústí nad Labem Region", date(2018, 1, 15), None, True),
    ("KlimaTech Europe CZ a.s.", "large_company", "CZ", "Central Bohemian Region", date(2018, 3, 1), None, True),
    ("Jablonecké sklo a povrchy s.r.o.", "sme", "CZ", LIB, date(2018, 6, 1), None, True),
    ("FiberLoop s.r.o.", "startup", "CZ", LIB, date(2019, 2, 1), None, True),
    ("Vienna Membrane Solutions GmbH", "sme", "AT", "Vienna", date(2019, 4, 1), date(2020, 10, 31), True),
    ("Fachverband Vliesstoffe Sachsen e.V.", "association", "DE", "Saxony", date(2019, 5, 1), None, False),
    ("Turnov Precision Optics s.r.o.", "sme", "CZ", LIB, date(2019, 5, 1), date(2025, 6, 30), True),
    ("Hochschule Oberlausitz für Technik", "university", "DE", "Saxony", date(2019, 9, 1), None, True),
    ("MedTex Hradec s.r.o.", "sme", "CZ", "Hradec Králové Region", date(2020, 6, 1), date(2024, 3, 31), True),
    ("Studio Kvádr design s.r.o.", "sme", "CZ", LIB, date(2021, 1, 15), date(2022, 12, 31), False),
    ("GreenWeb Materials s.r.o.", "startup", "CZ", LIB, date(2021, 3, 1), None, True),
    ("Jizerská rozvojová agentura, z.ú.", "public", "CZ", LIB, date(2021, 6, 1), None, True),
    # 2022-2023: flat
    ("Semily Smart Textiles s.r.o.", "startup", "CZ", LIB, date(2022, 5, 1), None, True),
    ("Oberlausitzer Filtervlies GmbH", "sme", "DE", "Saxony", date(2022, 11, 1), None, True),
    ("NanoWeb Slovakia s.r.o.", "sme", "SK", "Žilina Region", date(2023, 3, 1), None, True),
    ("Krkonoše Outdoor Gear s.r.o.", "sme", "CZ", "Hradec Králové Region", date(2023, 6, 1), None, True),
    # 2024-2025: the new strategy's member drive
    ("Bavaria Fibres GmbH", "sme", "DE", "Bavaria", date(2024, 2, 1), None, True),
    ("Ještěd Digital Twin s.r.o.", "startup", "CZ", LIB, date(2024, 4, 1), None, True),
    ("Liberec Water Technologies s.r.o.", "sme", "CZ", LIB, date(2024, 5, 1), None, True),
    ("Instytut Włókien Dolnośląski", "research", "PL", "Lower Silesia", date(2024, 6, 1), None, True),
    ("Euroregion Nisa Innovation Hub, z.s.", "association", "CZ", LIB, date(2024, 9, 1), None, True),
    ("Steinbach Filtertechnik GmbH", "sme", "DE", "Saxony", date(2025, 1, 15), None, True),
    ("Nanoclean Liberec s.r.o.", "startup", "CZ", LIB, date(2025, 3, 1), None, True),
    ("Preciz Mold s.r.o.", "sme", "CZ", LIB, date(2025, 4, 1), None, True),
    ("Mobility Textiles Mladá Boleslav a.s.", "large_company", "CZ", "Central Bohemian Region", date(2025, 5, 1), None, True),
    ("Jizera Valley Biotech s.r.o.", "sme", "CZ", LIB, date(2025, 6, 1), None, True),
    ("Tirol Nanomaterials GmbH", "sme", "AT", "Tyrol", date(2025, 9, 1), None, True),
]  # fmt: skip

LEAVE_NOTES = {
    "Kovo Semily s.r.o.": "Left: moved its business to automotive stamping.",
    "Chrastava Coatings s.r.o.": "Left: insolvency proceedings.",
    "AquaMembrána s.r.o.": "Left: acquired by a foreign group.",
    "Reichenberg Engineering s.r.o.": "Left: merged into Jizerská strojírna a.s.",
    "BioSpin Therapeutics s.r.o.": "Left: moved to Prague after its seed round.",
    "Dresdner Beschichtungstechnik GmbH": "Left: closed its Czech branch.",
    "Vienna Membrane Solutions GmbH": "Left: cost cutting during the pandemic.",
    "Turnov Precision Optics s.r.o.": "Left: no longer works with textiles.",
    "MedTex Hradec s.r.o.": "Left: joined a medical-devices cluster instead.",
    "Studio Kvádr design s.r.o.": "Trial membership not extended.",
}
