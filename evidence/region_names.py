"""English names of regions that pycountry knows only by their local name.

Why: ISO 3166-2 (and pycountry) name a subdivision in its own language ("Liberecký
kraj", "Dolnośląskie") and translate few of them into English, while cluster managers
and partner lists write "Liberec Region" or "Lower Silesia". These are the English
names, and the short forms in use, of the top-level regions of the countries the
clusters using this tool mostly work with. Another country's region is written as its
code, its local name or the English name pycountry translates (`evidence.regions`).
Generic words ("Region", "Voivodeship") may be left out when writing any of them.
"""

from __future__ import annotations

ENGLISH: dict[str, tuple[str, ...]] = {
    # Czechia: kraje
    "CZ-10": ("Prague", "Praha", "Capital City of Prague", "Hlavní město Praha"),
    "CZ-20": ("Central Bohemian Region", "Central Bohemia"),
    "CZ-31": ("South Bohemian Region", "South Bohemia"),
    "CZ-32": ("Plzeň Region", "Pilsen Region"),
    "CZ-41": ("Karlovy Vary Region",),
    "CZ-42": ("Ústí nad Labem Region",),
    "CZ-51": ("Liberec Region",),
    "CZ-52": ("Hradec Králové Region",),
    "CZ-53": ("Pardubice Region",),
    "CZ-63": ("Vysočina Region", "Vysočina"),
    "CZ-64": ("South Moravian Region", "South Moravia"),
    "CZ-71": ("Olomouc Region",),
    "CZ-72": ("Zlín Region",),
    "CZ-80": ("Moravian-Silesian Region", "Moravia-Silesia"),
    # Slovakia: kraje
    "SK-BL": ("Bratislava Region",),
    "SK-TA": ("Trnava Region",),
    "SK-TC": ("Trenčín Region",),
    "SK-NI": ("Nitra Region",),
    "SK-ZI": ("Žilina Region",),
    "SK-BC": ("Banská Bystrica Region",),
    "SK-PV": ("Prešov Region",),
    "SK-KI": ("Košice Region",),
    # Austria: Länder
    "AT-1": ("Burgenland",),
    "AT-2": ("Carinthia",),
    "AT-3": ("Lower Austria",),
    "AT-4": ("Upper Austria",),
    "AT-5": ("Salzburg",),
    "AT-6": ("Styria",),
    "AT-7": ("Tyrol",),
    "AT-8": ("Vorarlberg",),
    "AT-9": ("Vienna",),
    # Germany: Länder
    "DE-BW": ("Baden-Württemberg",),
    "DE-BY": ("Bavaria",),
    "DE-BE": ("Berlin",),
    "DE-BB": ("Brandenburg",),
    "DE-HB": ("Bremen",),
    "DE-HH": ("Hamburg",),
    "DE-HE": ("Hesse",),
    "DE-MV": ("Mecklenburg-Western Pomerania", "Mecklenburg-Vorpommern"),
    "DE-NI": ("Lower Saxony",),
    "DE-NW": ("North Rhine-Westphalia",),
    "DE-RP": ("Rhineland-Palatinate",),
    "DE-SL": ("Saarland",),
    "DE-SN": ("Saxony",),
    "DE-ST": ("Saxony-Anhalt",),
    "DE-SH": ("Schleswig-Holstein",),
    "DE-TH": ("Thuringia",),
    # Poland: voivodeships
    "PL-02": ("Lower Silesian Voivodeship", "Lower Silesia"),
    "PL-04": ("Kuyavian-Pomeranian Voivodeship",),
    "PL-06": ("Lublin Voivodeship",),
    "PL-08": ("Lubusz Voivodeship",),
    "PL-10": ("Łódź Voivodeship",),
    "PL-12": ("Lesser Poland Voivodeship", "Lesser Poland"),
    "PL-14": ("Masovian Voivodeship", "Masovia"),
    "PL-16": ("Opole Voivodeship",),
    "PL-18": ("Subcarpathian Voivodeship",),
    "PL-20": ("Podlaskie Voivodeship", "Podlachia"),
    "PL-22": ("Pomeranian Voivodeship", "Pomerania"),
    "PL-24": ("Silesian Voivodeship", "Silesia"),
    "PL-26": ("Holy Cross Voivodeship",),
    "PL-28": ("Warmian-Masurian Voivodeship",),
    "PL-30": ("Greater Poland Voivodeship", "Greater Poland"),
    "PL-32": ("West Pomeranian Voivodeship",),
}
