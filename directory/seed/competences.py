"""The starter taxonomy of competences: fields, each with the competences a buyer searches for.

A term's slug is `german_slugify(name)` unless it gives one. The loader matches existing rows by
slug, so renaming a term here would create a second one: when a name changes, pin the old slug
with `slug="…"`. Synonyms are other words buyers type for the same thing (the search matches
them); real trade terms only, at most four.
"""

from typing import NamedTuple


class Term(NamedTuple):
    name: str
    name_en: str
    synonyms: tuple[str, ...] = ()
    slug: str = ""


class Field(NamedTuple):
    name: str
    name_en: str
    competences: tuple[Term, ...]
    synonyms: tuple[str, ...] = ()
    slug: str = ""


FIELDS: list[Field] = [
    Field(
        "Zerspanung",
        "Machining",
        (
            Term("Drehen", "Turning", ("Drehteile", "Drehbearbeitung", "CNC-Drehen", "Langdrehen")),
            Term("Fräsen", "Milling", ("Frästeile", "Fräsbearbeitung", "CNC-Fräsen", "5-Achs-Fräsen")),
            Term("Schleifen", "Grinding", ("Rundschleifen", "Flachschleifen", "Schleifbearbeitung", "Lohnschleiferei")),
            Term("Bohren", "Drilling", ("Tiefbohren", "Bohrbearbeitung")),
            Term("Erodieren", "Electrical discharge machining", ("Drahterodieren", "Senkerodieren", "Funkenerosion")),
            Term("CNC-Bearbeitung", "CNC machining", ("CNC-Fertigung", "CNC-Teile", "Komplettbearbeitung")),
            Term("Lohnfertigung", "Contract manufacturing", ("Lohnbearbeitung", "Auftragsfertigung")),
        ),
        synonyms=("Spanende Fertigung", "Zerspanungstechnik"),
    ),
    Field(
        "Feinmechanik und Präzisionstechnik",
        "Precision mechanics and precision engineering",
        (
            Term("Feinmechanik", "Precision mechanics", ("Feinwerktechnik", "feinmechanische Fertigung")),
            Term(
                "Präzisionstechnik",
                "Precision engineering",
                ("Präzisionsfertigung", "Präzisionsteile", "Präzisionsbearbeitung", "Präzisionsmechanik"),
            ),
            Term("Mikrotechnik", "Microtechnology", ("Mikrobearbeitung", "Mikrosystemtechnik", "Mikrozerspanung")),
            Term("Uhrentechnik", "Watchmaking", ("Uhrenherstellung", "Uhrmacherei", "Uhrwerke")),
        ),
    ),
    Field(
        "Antriebe und Getriebe",
        "Drives and gearboxes",
        (
            Term("Getriebe", "Gearboxes", ("Getriebebau", "Getriebefertigung", "Sondergetriebe")),
            Term("Zahnräder", "Gears", ("Zahnradfertigung", "Verzahnung", "Verzahnungstechnik", "Wälzfräsen")),
            Term("Antriebstechnik", "Drive technology", ("Antriebssysteme", "Antriebslösungen")),
            Term("Elektromotoren", "Electric motors", ("E-Motoren", "Elektromaschinenbau", "Motorenbau")),
            Term("Fluidtechnik", "Fluid power", ("Hydraulik", "Pneumatik")),
            Term("Lineartechnik", "Linear motion technology", ("Linearachsen", "Linearführungen", "Linearantriebe")),
        ),
    ),
    Field(
        "Baugruppen und Montage",
        "Assemblies and assembly",
        (
            Term("Baugruppen", "Assemblies", ("Baugruppenmontage", "Baugruppenfertigung", "Komplettbaugruppen")),
            Term("Montage", "Assembly", ("Lohnmontage", "Endmontage", "Montagedienstleistungen")),
            Term("Gerätebau", "Device manufacturing", ("Gerätefertigung", "Gerätemontage")),
            Term("Mechatronik", "Mechatronics", ("mechatronische Baugruppen", "mechatronische Systeme")),
            Term("Prototypenbau", "Prototype construction", ("Musterbau", "Prototypenfertigung")),
        ),
    ),
    Field(
        "Kabel und Verdrahtung",
        "Cables and wiring",
        (
            Term(
                "Kabelkonfektion",
                "Cable assembly",
                ("Kabelkonfektionierung", "Kabelsätze", "Kabelbäume", "Leitungskonfektion"),
            ),
            Term(
                "Schaltschrankbau",
                "Control cabinet construction",
                ("Schaltanlagenbau", "Schaltschrankverdrahtung", "Steuerungsbau"),
            ),
            Term("Steckverbinder", "Connectors", ("Steckverbindungen", "Steckverbindertechnik")),
        ),
        synonyms=("Verdrahtungstechnik",),
    ),
    Field(
        "Elektronik",
        "Electronics",
        (
            Term(
                "Leiterplattenbestückung",
                "PCB assembly",
                ("SMD-Bestückung", "THT-Bestückung", "Flachbaugruppen", "Baugruppenbestückung"),
            ),
            Term(
                "Elektronikfertigung",
                "Electronics manufacturing",
                ("EMS", "Electronic Manufacturing Services", "Elektronikproduktion"),
            ),
            Term(
                "Elektronikentwicklung",
                "Electronics development",
                ("Hardwareentwicklung", "Schaltungsentwicklung", "Leiterplattenlayout"),
            ),
            Term(
                "Leiterplattenherstellung", "PCB manufacturing", ("Leiterplatten", "Platinen", "Leiterplattenfertigung")
            ),
            Term("Leistungselektronik", "Power electronics", ("Stromrichter", "Umrichter", "Wechselrichter")),
            Term("Sensorik", "Sensors", ("Sensortechnik", "Sensoren", "Sensorsysteme")),
            Term("Mikroelektronik", "Microelectronics", ("Halbleitertechnik", "Halbleiterfertigung", "Chipdesign")),
        ),
        synonyms=("Elektronikindustrie",),
    ),
    Field(
        "Glas",
        "Glass",
        (
            Term("Glasherstellung", "Glass production", ("Glasproduktion", "Glashütte", "Glasschmelze")),
            Term("Behälterglas", "Container glass", ("Glasverpackung", "Glasflaschen", "Hohlglas")),
            Term("Präzisionsglas", "Precision glass", ("Präzisionsglasbearbeitung", "Glaspräzisionsteile")),
            Term("Glasbearbeitung", "Glass processing", ("Glasveredelung", "Glasschleifen", "Glasschneiden")),
            Term("Technisches Glas", "Technical glass", ("Spezialglas", "Laborglas", "Borosilikatglas")),
            Term("Flachglas", "Flat glass", ("Floatglas", "Architekturglas", "Isolierglas")),
            Term("Quarzglas", "Quartz glass", ("Kieselglas", "Quarzglasbearbeitung")),
            Term("Glasbläserei", "Glassblowing", ("Glasbläser", "Glasapparatebau", "Lampenglasbläserei")),
        ),
    ),
    Field(
        "Kunststoff",
        "Plastics",
        (
            Term("Spritzguss", "Injection moulding", ("Spritzgießen", "Kunststoffspritzguss", "Spritzgussteile")),
            Term("Extrusion", "Extrusion", ("Extrudieren", "Profilextrusion", "Kunststoffprofile")),
            Term("Thermoformen", "Thermoforming", ("Warmformen", "Vakuumformen", "Vakuumtiefziehen")),
            Term("Kunststoffbearbeitung", "Plastics machining", ("Kunststoffzerspanung", "Kunststoffteile")),
            Term("Faserverbundwerkstoffe", "Fibre-reinforced composites", ("Faserverbund", "CFK", "GFK", "Composites")),
            Term("Blasformen", "Blow moulding", ("Extrusionsblasformen", "Streckblasen")),
        ),
        synonyms=("Kunststoffverarbeitung", "Kunststofftechnik"),
    ),
    Field(
        "Oberflächentechnik",
        "Surface technology",
        (
            Term("Galvanik", "Electroplating", ("Galvanotechnik", "Vernickeln", "Verchromen", "galvanisch Verzinken")),
            Term("Beschichten", "Coating", ("Beschichtung", "Beschichtungstechnik", "Funktionsbeschichtung")),
            Term("Pulverbeschichtung", "Powder coating", ("Pulverbeschichten", "Pulverlackierung")),
            Term("Lackieren", "Painting", ("Lackierung", "Nasslackierung", "Industrielackierung")),
            Term("Härten", "Hardening", ("Härterei", "Wärmebehandlung", "Einsatzhärten", "Vergüten")),
            Term("Eloxieren", "Anodising", ("Anodisieren", "Eloxal", "anodische Oxidation")),
            Term(
                "Dünnschichttechnik",
                "Thin-film technology",
                ("PVD-Beschichtung", "CVD-Beschichtung", "Vakuumbeschichtung"),
            ),
            Term("Strahlen", "Blasting", ("Sandstrahlen", "Kugelstrahlen", "Strahltechnik")),
        ),
        synonyms=("Oberflächenbehandlung", "Oberflächenveredelung"),
    ),
    Field(
        "Blech- und Metallbearbeitung",
        "Sheet metal and metalworking",
        (
            Term("Blechbearbeitung", "Sheet metal working", ("Blechteile", "Blechverarbeitung", "Blechkonstruktionen")),
            Term("Laserschneiden", "Laser cutting", ("Laserzuschnitt", "Laserteile", "Laserschneidteile")),
            Term("Stanzen", "Stamping", ("Stanzteile", "Stanztechnik", "Stanzbiegeteile")),
            Term("Umformen", "Forming", ("Umformtechnik", "Abkanten", "Biegen", "Tiefziehen")),
            Term("Schweißen", "Welding", ("Schweißtechnik", "Schweißbaugruppen", "WIG-Schweißen", "Laserschweißen")),
            Term("Schmieden", "Forging", ("Gesenkschmieden", "Freiformschmieden", "Schmiedeteile")),
            Term("Gießen", "Casting", ("Gießerei", "Gussteile", "Druckguss", "Feinguss")),
            Term("Stahlbau", "Structural steelwork", ("Stahlkonstruktionen", "Metallbau", "Stahl- und Metallbau")),
        ),
        synonyms=("Metallbearbeitung", "Metallverarbeitung"),
    ),
    Field(
        "Automobilzulieferung",
        "Automotive supply",
        (
            Term("Karosserieteile", "Body parts", ("Karosseriebau", "Karosseriekomponenten", "Presswerk")),
            Term("Fahrwerkskomponenten", "Chassis components", ("Fahrwerk", "Fahrwerksteile")),
            Term("Antriebsstrang", "Powertrain", ("Antriebsstrangkomponenten", "Powertrain")),
            Term("Interieur", "Interior", ("Innenausstattung", "Fahrzeuginnenraum", "Sitzsysteme")),
            Term("Fahrzeugelektronik", "Automotive electronics", ("Kfz-Elektronik", "Automobilelektronik", "Bordnetz")),
            Term("Elektromobilität", "Electromobility", ("E-Mobilität", "Batteriesysteme", "Ladetechnik")),
            Term("Leichtbau", "Lightweight construction", ("Leichtbaukomponenten", "Leichtbautechnologien")),
            Term(
                "Sonderfahrzeugbau",
                "Special vehicle construction",
                ("Spezialfahrzeuge", "Fahrzeugaufbauten", "Fahrzeugumbau"),
            ),
        ),
        synonyms=("Automotive", "Automobilzulieferer", "Kfz-Zulieferung"),
    ),
    Field(
        "Messen und Prüfen",
        "Measuring and testing",
        (
            Term(
                "Messtechnik",
                "Metrology",
                ("Fertigungsmesstechnik", "Koordinatenmesstechnik", "3D-Messtechnik", "Lohnmessung"),
            ),
            Term("Werkstoffprüfung", "Materials testing", ("Materialprüfung", "Werkstoffanalyse")),
            Term(
                "Zerstörungsfreie Prüfung",
                "Non-destructive testing",
                ("ZfP", "Ultraschallprüfung", "Röntgenprüfung", "Computertomografie"),
            ),
            Term(
                "Qualitätssicherung",
                "Quality assurance",
                ("Qualitätsprüfung", "Qualitätskontrolle", "Erstmusterprüfung"),
            ),
            Term("Kalibrierung", "Calibration", ("Kalibrierlabor", "Kalibrierdienst", "Prüfmittelüberwachung")),
            Term("Prüfstandsbau", "Test bench construction", ("Prüfstände", "Prüfanlagen", "Prüftechnik")),
            Term(
                "Industrielle Bildverarbeitung",
                "Machine vision",
                ("Bildverarbeitung", "Machine Vision", "optische Inspektion"),
            ),
        ),
    ),
    Field(
        "Software",
        "Software",
        (
            Term(
                "Softwareentwicklung",
                "Software development",
                ("Programmierung", "Individualsoftware", "Anwendungsentwicklung", "App-Entwicklung"),
            ),
            Term("Embedded-Software", "Embedded software", ("Firmware", "Firmwareentwicklung", "Embedded-Systeme")),
            Term("SPS-Programmierung", "PLC programming", ("Steuerungsprogrammierung", "SPS", "Steuerungssoftware")),
            Term("ERP-Systeme", "ERP systems", ("ERP-Einführung", "ERP-Software", "Warenwirtschaft")),
            Term("Webentwicklung", "Web development", ("Webanwendungen", "Webportale", "Online-Shops")),
            Term("IT-Sicherheit", "IT security", ("Informationssicherheit", "Cybersicherheit", "Datensicherheit")),
            Term(
                "Künstliche Intelligenz", "Artificial intelligence", ("KI", "maschinelles Lernen", "Machine Learning")
            ),
            Term("Industrie 4.0", "Industry 4.0", ("vernetzte Produktion", "Smart Factory", "IIoT")),
        ),
        synonyms=("Informationstechnik",),
    ),
    Field(
        "Design und Kreativwirtschaft",
        "Design and creative industries",
        (
            Term("Design", "Design", ("Gestaltung", "Designbüro")),
            Term("Industriedesign", "Industrial design", ("Produktdesign", "Produktgestaltung", "Industrial Design")),
            Term(
                "Kommunikationsdesign", "Communication design", ("Grafikdesign", "Mediengestaltung", "Corporate Design")
            ),
            Term("Werbung", "Advertising", ("Werbeagentur", "Marketing", "Öffentlichkeitsarbeit")),
            Term("Fotografie", "Photography", ("Produktfotografie", "Industriefotografie")),
            Term("Filmproduktion", "Film production", ("Videoproduktion", "Imagefilm", "Bewegtbild")),
            Term("Architektur", "Architecture", ("Architekturbüro", "Innenarchitektur")),
            Term("Kunsthandwerk", "Arts and crafts", ("Kunstgewerbe", "Handwerkskunst", "angewandte Kunst")),
            Term("Spieleentwicklung", "Game development", ("Games", "Computerspiele", "Gamedesign")),
        ),
        synonyms=("Kreativwirtschaft", "Kultur- und Kreativwirtschaft"),
    ),
    Field(
        "Werkzeug- und Formenbau",
        "Tool and mould making",
        (
            Term("Werkzeugbau", "Toolmaking", ("Werkzeugherstellung", "Stanzwerkzeuge", "Umformwerkzeuge")),
            Term("Formenbau", "Mould making", ("Spritzgießwerkzeuge", "Spritzgussformen", "Formenherstellung")),
            Term(
                "Vorrichtungsbau",
                "Jig and fixture construction",
                ("Vorrichtungen", "Spannvorrichtungen", "Prüfvorrichtungen", "Lehrenbau"),
            ),
            Term("Modellbau", "Model and pattern making", ("Modellbauer", "Gießereimodellbau", "Designmodelle")),
        ),
    ),
    Field(
        "Additive Fertigung",
        "Additive manufacturing",
        (
            Term("3D-Druck", "3D printing", ("3D-Drucken", "3D-Druckservice", "generative Fertigung")),
            Term(
                "Metall-3D-Druck",
                "Metal 3D printing",
                ("Laserschmelzen", "selektives Laserschmelzen", "Pulverbettverfahren"),
            ),
            Term("Rapid Prototyping", "Rapid prototyping", ("Schnellmusterbau", "Rapid Tooling")),
        ),
        synonyms=("Additive Manufacturing", "generative Fertigungsverfahren"),
    ),
    Field(
        "Sondermaschinenbau",
        "Special-purpose machinery",
        (
            Term("Sondermaschinen", "Special-purpose machines", ("Sonderanlagen", "Sonderanlagenbau")),
            Term(
                "Automatisierungstechnik",
                "Automation technology",
                ("Automatisierung", "Steuerungstechnik", "Anlagenautomatisierung"),
            ),
            Term("Robotik", "Robotics", ("Industrieroboter", "Roboterintegration", "Robotertechnik")),
            Term("Montageanlagen", "Assembly systems", ("Montageautomaten", "Montagelinien", "Montagetechnik")),
            Term("Anlagenbau", "Plant engineering", ("Industrieanlagenbau", "Anlagenplanung")),
            Term("Fördertechnik", "Conveyor technology", ("Förderanlagen", "Fördersysteme", "Materialfluss")),
            Term("Werkzeugmaschinen", "Machine tools", ("Werkzeugmaschinenbau", "Bearbeitungszentren")),
            Term("Instandhaltung", "Maintenance", ("Wartung", "Instandsetzung", "Retrofit", "Maschinenservice")),
        ),
        synonyms=("Maschinenbau", "Anlagen- und Maschinenbau"),
    ),
    Field(
        "Optik und Photonik",
        "Optics and photonics",
        (
            Term(
                "Optikfertigung",
                "Optics manufacturing",
                ("Linsenfertigung", "optische Komponenten", "Feinoptik", "Präzisionsoptik"),
            ),
            Term("Lasertechnik", "Laser technology", ("Laser", "Lasersysteme", "Laserbearbeitung")),
            Term("Optoelektronik", "Optoelectronics", ("optoelektronische Bauelemente", "Photodetektoren")),
            Term("Optikdesign", "Optical design", ("Optikentwicklung", "optische Systeme", "Optikrechnung")),
            Term("Lichttechnik", "Lighting technology", ("Beleuchtungstechnik", "LED-Technik", "Leuchten")),
        ),
        synonyms=("Photonik", "optische Technologien"),
    ),
    Field(
        "Entwicklung und Konstruktion",
        "Engineering and design",
        (
            Term(
                "Konstruktion",
                "Mechanical design",
                ("CAD-Konstruktion", "Konstruktionsbüro", "Konstruktionsdienstleistungen"),
            ),
            Term(
                "Berechnung und Simulation",
                "Engineering simulation",
                ("FEM-Berechnung", "FEM-Simulation", "Strömungssimulation", "CFD"),
            ),
            Term("Produktentwicklung", "Product development", ("Entwicklungsdienstleistungen", "Neuentwicklung")),
            Term(
                "Forschung und Entwicklung",
                "Research and development",
                ("FuE", "F&E", "Auftragsforschung", "Industrieforschung"),
            ),
            Term(
                "Technische Dokumentation", "Technical documentation", ("Technische Redaktion", "Betriebsanleitungen")
            ),
        ),
        synonyms=("Engineering", "Ingenieurdienstleistungen"),
    ),
]
