"""The sectors (Branchen) of the seed network: coarse industries a firm or network belongs to.

Slugs are written out rather than derived, because other seed data and public URLs
(`?branche=glasindustrie`) refer to them; they must not change when a name is reworded.
"""

from typing import NamedTuple


class SectorTerm(NamedTuple):
    slug: str
    name: str
    name_en: str
    description: str


SECTORS: list[SectorTerm] = [
    SectorTerm(
        "automobilzulieferindustrie",
        "Automobilzulieferindustrie",
        "Automotive supply industry",
        "Hersteller von Teilen, Baugruppen und Systemen für Fahrzeughersteller und deren Zulieferer.",
    ),
    SectorTerm(
        "bahntechnik",
        "Bahntechnik",
        "Railway technology",
        "Schienenfahrzeuge, ihre Komponenten und die Ausrüstung von Bahnstrecken.",
    ),
    SectorTerm(
        "dienstleistungen-beratung",
        "Dienstleistungen und Beratung",
        "Services and consulting",
        "Unternehmensnahe Dienstleister: Ingenieurbüros, Beratung, Personal, Logistik, Recht, Finanzen.",
    ),
    SectorTerm(
        "elektrotechnik-elektronik",
        "Elektrotechnik und Elektronik",
        "Electrical engineering and electronics",
        "Elektrische Anlagen und Geräte, Elektronikentwicklung und -fertigung.",
    ),
    SectorTerm(
        "energie-umwelttechnik",
        "Energie- und Umwelttechnik",
        "Energy and environmental technology",
        "Erneuerbare Energien, Energieeffizienz, Wasserstoff, Wasser- und Abfalltechnik.",
    ),
    SectorTerm(
        "feinmechanik-praezisionstechnik",
        "Feinmechanik und Präzisionstechnik",
        "Precision mechanics and precision engineering",
        "Feinmechanische Teile und Geräte mit engen Toleranzen, von der Uhr bis zum Messgerät.",
    ),
    SectorTerm(
        "glasindustrie",
        "Glasindustrie",
        "Glass industry",
        "Herstellung und Bearbeitung von Glas: Behälterglas, technisches Glas, Präzisions- und Quarzglas.",
    ),
    SectorTerm(
        "holz-moebelindustrie",
        "Holz- und Möbelindustrie",
        "Wood and furniture industry",
        "Holzverarbeitung, Möbel- und Innenausbau.",
    ),
    SectorTerm(
        "informationstechnik",
        "Informationstechnik",
        "Information technology",
        "Software, IT-Dienstleistungen und digitale Produkte.",
    ),
    SectorTerm(
        "kultur-kreativwirtschaft",
        "Kultur- und Kreativwirtschaft",
        "Cultural and creative industries",
        "Design, Architektur, Werbung, Film, Musik, Verlage, Kunsthandwerk und Games.",
    ),
    SectorTerm(
        "kunststoffverarbeitung",
        "Kunststoffverarbeitung",
        "Plastics processing",
        "Spritzguss, Extrusion und weitere Verfahren, aus denen Kunststoffteile entstehen.",
    ),
    SectorTerm(
        "luft-raumfahrt",
        "Luft- und Raumfahrt",
        "Aerospace",
        "Zulieferer und Entwickler für Luftfahrzeuge, Raumfahrt und ihre Instandhaltung.",
    ),
    SectorTerm(
        "maschinen-anlagenbau",
        "Maschinen- und Anlagenbau",
        "Mechanical and plant engineering",
        "Maschinen, Sondermaschinen und Anlagen für die Industrie.",
    ),
    SectorTerm(
        "medizintechnik",
        "Medizintechnik",
        "Medical technology",
        "Medizinprodukte, Geräte und Komponenten für Diagnose und Therapie.",
    ),
    SectorTerm(
        "metallverarbeitung",
        "Metallverarbeitung",
        "Metalworking",
        "Zerspanung, Blechbearbeitung, Umformen, Schweißen und Oberflächen von Metallteilen.",
    ),
    SectorTerm(
        "mikroelektronik-halbleiter",
        "Mikroelektronik und Halbleiter",
        "Microelectronics and semiconductors",
        "Chipentwicklung, Halbleiterfertigung und ihre Zulieferer, im Raum Dresden als „Silicon Saxony“.",
    ),
    SectorTerm(
        "oeffentliche-verwaltung-wirtschaftsfoerderung",
        "Öffentliche Verwaltung und Wirtschaftsförderung",
        "Public administration and economic development",
        "Ministerien, Landkreise, Kommunen und Wirtschaftsförderungen.",
    ),
    SectorTerm(
        "optik-photonik",
        "Optik und Photonik",
        "Optics and photonics",
        "Optische Komponenten und Systeme, Lasertechnik und Optoelektronik, besonders um Jena.",
    ),
    SectorTerm(
        "textilindustrie",
        "Textilindustrie",
        "Textile industry",
        "Technische Textilien, Textil- und Bekleidungsherstellung.",
    ),
]
