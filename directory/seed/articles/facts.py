"""The facts of the five articles, as data; `directory.seed.articles` loads them."""

# The articles, by the number of their file in shared/seeds/.
SZ_2017 = "feinmechaniker-praesentieren-sich-in-dresden"  # 000
STRATEGIE_2016 = (  # 001
    "intensive-mitwirkung-des-erzgebirges-in-saechsischer-strategiewerkstatt-industrie-der-zukunft"
)
KAG_2025 = "digitale-chancen-gruene-energie-starke-vernetzung"  # 002
AUTOLAND_2019 = "automobilbranche-in-sachsen-verstaerkt-ueber-internationale-kooperationen-nachdenken"  # 003
IHK_2021 = "im-fokus-impulse-fuer-die-kulturhauptstadt"  # 004

SOURCES = [
    dict(
        slug=SZ_2017,
        title="Feinmechaniker präsentieren sich in Dresden",
        publisher="SZ",
        author="mb",
        published="2017-03",
        excerpt="Der Verband Impro ist Gast einer Zulieferkonferenz. Dort geht es auch um Digitalisierung.",
        note="Datum (März 2017) aus der Datumszeile der Vorlage. Medium und Autorenkürzel aus „(SZ/mb)“ "
        "am Artikelende; ausgeschrieben wird „SZ“ nicht.",
    ),
    dict(
        slug=STRATEGIE_2016,
        title="Intensive Mitwirkung des Erzgebirges in sächsischer Strategiewerkstatt „Industrie der Zukunft“",
        published="2016",
        excerpt="Wie wird die sächsische Industrie 2030 aussehen? Welchen Herausforderungen im internationalen "
        "Wettbewerb oder in technologischer Hinsicht werden sich die Unternehmen in den kommenden Jahren "
        "stellen müssen?",
        note="Medium und Datum sind nicht angegeben. Jahr aus dem Kontext erschlossen: „Seit Januar 2016“ "
        "arbeitet die Geschäftsstelle, der Workshop war „bereits im März“ – der Artikel stammt also von 2016.",
    ),
    dict(
        slug=KAG_2025,
        title="Digitale Chancen, grüne Energie, starke Vernetzung",
        published="2025",
        excerpt="Rund 50 Unternehmer aus Präzisionstechnologie und Glas sowie Wirtschaftsministerin Colette "
        "Boos-John trafen sich am 4. Juni beim zweiten Netzwerktreffen der KAG Oberzentrum Südthüringen "
        "bei Wiegand-Glas in Schleusingen.",
        note="Titel aus der Bildunterschrift übernommen; der Text hat keine Überschrift. Medium und Datum sind "
        "nicht angegeben. Jahr aus dem Kontext erschlossen: Colette Boos-John ist seit Dezember 2024 "
        "Thüringer Wirtschaftsministerin, der berichtete 4. Juni liegt also frühestens 2025.",
    ),
    dict(
        slug=AUTOLAND_2019,
        title="Automobilbranche in Sachsen: Verstärkt über internationale Kooperationen nachdenken",
        publisher="Autoland",
        author="Redaktion Autoland",
        published="23.09.2019",
        excerpt="Bereits 2016 nutzten sächsische Zulieferer eine von der IHK Chemnitz und dem Netzwerk AMZ "
        "organisierte Reise, um sich über Geschäftschancen in Mexiko zu informieren.",
        note="Medium aus der Zeile „23.09.2019 | Redaktion Autoland“ erschlossen.",
    ),
    dict(
        slug=IHK_2021,
        title="Im Fokus: Impulse für die Kulturhauptstadt",
        publisher="Wirtschaft Südwestsachsen | IHK Chemnitz",
        author="K. Hoffmann",
        published="2021-01",
        excerpt="Ein wenig von der Innovationsfreude und Agilität der Kultur- und Kreativwirtschaft lernen, "
        "das will auch die Industrie.",
        note="Erscheinungsdatum „01/02.2021“: Doppelausgabe Januar/Februar 2021, gespeichert als Januar 2021. "
        "Thema „Technologien für die Industrie“, Seite 10; Fotos: Ines Escherich.",
    ),
]

TOPICS = [
    ("Digitalisierung", "Digitalisation"),
    ("Industrie 4.0", "Industry 4.0"),
    ("Kooperation", "Cooperation"),
    ("Ausbildung", "Vocational training"),
    ("Künstliche Intelligenz", "Artificial intelligence"),
    ("Nachhaltigkeit", "Sustainability"),
    ("Energieeffizienz", "Energy efficiency"),
    ("Regionale Vernetzung", "Regional networking"),
    ("Internationalisierung", "Internationalisation"),
    ("Automobilindustrie", "Automotive industry"),
    ("Mobilität", "Mobility"),
    ("Smart City", "Smart city"),
    ("Urbane Mobilität", "Urban mobility"),
    ("Klimaschutz", "Climate protection"),
    ("Kultur- und Kreativwirtschaft", "Cultural and creative industries"),
    ("Industriestrategie", "Industrial strategy"),
]

# Regions as (name, kind, name of the parent), as the postcode data spells them.
SACHSEN = ("Sachsen", "state", None)
THUERINGEN = ("Thüringen", "state", None)
SAECHSISCHE_SCHWEIZ = ("Landkreis Sächsische Schweiz-Osterzgebirge", "district", "Sachsen")
ERZGEBIRGSKREIS = ("Erzgebirgskreis", "district", "Sachsen")
DRESDEN = ("Dresden", "city", "Sachsen")
CHEMNITZ = ("Chemnitz", "city", "Sachsen")
ALTENBERG = ("Altenberg", "municipality", "Landkreis Sächsische Schweiz-Osterzgebirge")
KLINGENBERG = ("Klingenberg", "municipality", "Landkreis Sächsische Schweiz-Osterzgebirge")
ZWICKAU = ("Zwickau", "municipality", "Landkreis Zwickau")
SUHL = ("Suhl", "city", "Thüringen")
SCHLEUSINGEN = ("Schleusingen", "municipality", "Landkreis Hildburghausen")

# Organisations, by a short key the facts below refer to.
ORGANISATIONS = {
    "impro": dict(
        name="Impro",
        kind="network",
        description="Interessenverband der Feinmechaniker aus dem Osterzgebirge.",
        region=SAECHSISCHE_SCHWEIZ,
        sectors=["feinmechanik-praezisionstechnik"],
        competences=["feinmechanik"],
        note="Region erschlossen: Der Artikel nennt die „Feinmechaniker aus dem Osterzgebirge“; das "
        "Osterzgebirge liegt im Landkreis Sächsische Schweiz-Osterzgebirge. Branche und Kompetenz aus "
        "derselben Stelle.",
        cites=[
            (
                SZ_2017,
                "Die Feinmechaniker aus dem Osterzgebirge haben sich als Zulieferer einen guten Ruf "
                "erarbeitet. Mit der Gründung eines Interessenverbandes Impro haben sie gezeigt, dass "
                "Kooperation Vorteile bringen kann.",
            )
        ],
    ),
    "wfs": dict(
        name="Wirtschaftsförderung Sachsen GmbH",
        short_name="WFS",
        kind="public_body",
        region=SACHSEN,
        note="Rechtsform und Kurzname WFS aus dem Autoland-Artikel (2019). Region aus dem Namen erschlossen.",
        cites=[
            (SZ_2017, "sagt Peter Nothnagel, Geschäftsführer der Wirtschaftsförderung Sachsen"),
            (AUTOLAND_2019, "im Auftrag der Wirtschaftsförderung Sachsen GmbH (WFS) organisiert"),
        ],
    ),
    "geising": dict(
        name="Feinwerktechnik Geising",
        city="Geising",
        region=ALTENBERG,
        sectors=["feinmechanik-praezisionstechnik"],
        competences=["getriebe", "baugruppen"],
        note="Ort aus dem Firmennamen erschlossen; Geising ist heute ein Ortsteil der Stadt Altenberg, daher "
        "die Region. Kompetenzen aus dem Vortragsthema „Getriebe und Baugruppen nach Kundenwunsch“, "
        "Branche aus „Feinwerktechnik“ im Namen erschlossen.",
        cites=[
            (
                SZ_2017,
                "Später wird der Geschäftsführer der Feinwerktechnik Geising, Jürgen Graf, zum Thema "
                "„Getriebe und Baugruppen nach Kundenwunsch“ sprechen.",
            )
        ],
    ),
    "telegaertner": dict(
        name="Telegärtner Gerätebau",
        city="Höckendorf",
        region=KLINGENBERG,
        competences=["kabelkonfektion"],
        note="Höckendorf ist heute ein Ortsteil der Gemeinde Klingenberg, daher die Region. Kompetenz aus "
        "dem Vortragsthema erschlossen (effiziente Produktion kleiner Stückzahlen in der Kabelkonfektion).",
        cites=[
            (
                SZ_2017,
                "Jakub Kleinschmidt, Geschäftsführer der Firma Telegärtner Gerätebau aus Höckendorf, "
                "referiert zur effizienten Produktion kleiner Stückzahlen in der Kabelkonfektion.",
            )
        ],
    ),
    "smwa": dict(
        name="Sächsisches Wirtschaftsministerium",
        kind="public_body",
        region=SACHSEN,
        note="Name, wie die Artikel das Ministerium nennen („das sächsische Wirtschaftsministerium“); die "
        "amtliche Bezeichnung steht in keinem der Artikel.",
        cites=[
            (SZ_2017, "sagt Sachsens Wirtschaftsminister Martin Dulig (SPD)"),
            (
                STRATEGIE_2016,
                "Dafür hat das sächsische Wirtschaftsministerium die VDI/VDE Innovation +Technik "
                "GmbH (VDI/VDE-IT) mit der inhaltlichen und organisatorischen Ausgestaltung der "
                "Strategiewerkstatt beauftragt.",
            ),
            (AUTOLAND_2019, "Die Finanzierung erfolgt aus Mitteln des sächsischen Wirtschaftsministeriums"),
        ],
    ),
    "vdivde": dict(
        name="VDI/VDE Innovation + Technik GmbH",
        short_name="VDI/VDE-IT",
        note="Im Artikel „VDI/VDE Innovation +Technik GmbH“ geschrieben.",
        cites=[
            (
                STRATEGIE_2016,
                "die VDI/VDE Innovation +Technik GmbH (VDI/VDE-IT) mit der inhaltlichen und "
                "organisatorischen Ausgestaltung der Strategiewerkstatt beauftragt",
            )
        ],
    ),
    "erzgebirgskreis": dict(
        name="Erzgebirgskreis",
        kind="public_body",
        region=ERZGEBIRGSKREIS,
        cites=[(STRATEGIE_2016, "Oliver Reinhardt als Vertreter des Erzgebirgskreises")],
    ),
    "wfe": dict(
        name="Wirtschaftsförderung Erzgebirge GmbH",
        kind="public_body",
        region=ERZGEBIRGSKREIS,
        note="Region aus dem Namen erschlossen (Erzgebirge, Erzgebirgskreis).",
        cites=[(STRATEGIE_2016, "Jan Kammerl von der Wirtschaftsförderung Erzgebirge GmbH")],
    ),
    "kag": dict(
        name="KAG Oberzentrum Südthüringen",
        short_name="KAG",
        kind="network",
        description="Will „nicht nur kommunale Interessen bündeln, sondern gezielt Brücken bauen – zwischen "
        "Unternehmen, Kommunen und Politik“. Als Zeichen der Verbindlichkeit steht der Aufbau eines "
        "Zweckverbandes der KAG an (Stand 2025).",
        region=THUERINGEN,
        note="Region aus „Südthüringen“ im Namen erschlossen. Wofür „KAG“ steht, sagt der Artikel nicht.",
        cites=[
            (
                KAG_2025,
                "„In der KAG wollen wir nicht nur kommunale Interessen bündeln, sondern gezielt "
                "Brücken bauen – zwischen Unternehmen, Kommunen und Politik“, so André Knapp, Vorsitzender "
                "der KAG. Dazu steht als klares Zeichen der Verbindlichkeit der Aufbau eines Zweckverbandes "
                "der KAG.",
            )
        ],
    ),
    "wiegand": dict(
        name="Wiegand-Glas",
        city="Schleusingen",
        region=SCHLEUSINGEN,
        sectors=["glasindustrie"],
        competences=["glasherstellung"],
        note="Branche und Kompetenz aus dem Firmennamen und „Unternehmer aus Präzisionstechnologie und Glas“ "
        "erschlossen.",
        cites=[
            (KAG_2025, "beim zweiten Netzwerktreffen der KAG Oberzentrum Südthüringen bei Wiegand-Glas in Schleusingen")
        ],
    ),
    "ullrich": dict(
        name="Ullrich Präzisionstechnologie",
        sectors=["feinmechanik-praezisionstechnik"],
        competences=["praezisionstechnik"],
        note="Branche und Kompetenz aus dem Firmennamen erschlossen. Einen Ort nennt der Artikel nicht.",
        cites=[(KAG_2025, "Johann Paulus Paul (Ullrich Präzisionstechnologie)")],
    ),
    "hst": dict(
        name="HST Systemtechnik Suhl",
        city="Suhl",
        region=SUHL,
        note="Ort aus dem Firmennamen erschlossen.",
        cites=[(KAG_2025, "Mike Hoffmann (HST Systemtechnik Suhl)")],
    ),
    "tmwlr": dict(
        name="Thüringer Wirtschaftsministerium",
        kind="public_body",
        region=THUERINGEN,
        note="Der Artikel nennt nur die „Wirtschaftsministerin Colette Boos-John“; dass es das Thüringer "
        "Ministerium ist, ist aus dem Kontext (Südthüringen) erschlossen. Die amtliche Bezeichnung steht "
        "nicht im Artikel.",
        cites=[(KAG_2025, "Wirtschaftsministerin Colette Boos-John")],
    ),
    "amz": dict(
        name="Automobilzuliefernetzwerk AMZ",
        short_name="AMZ",
        kind="network",
        aliases="Netzwerk AMZ",
        region=SACHSEN,
        sectors=["automobilzulieferindustrie"],
        note="Region aus dem Kontext erschlossen (die Automobilbranche in Sachsen, sächsische Zulieferer).",
        cites=[
            (
                AUTOLAND_2019,
                "Den Besuch der Delegation hat das Automobilzuliefernetzwerk AMZ im Rahmen des "
                "sogenannten „Branchenbezogenen Absatzförderinstrumentes (BBA)“ im Auftrag der "
                "Wirtschaftsförderung Sachsen GmbH (WFS) organisiert.",
            )
        ],
    ),
    "ihk": dict(
        name="IHK Chemnitz",
        kind="chamber",
        city="Chemnitz",
        region=CHEMNITZ,
        note="Ort aus dem Namen erschlossen.",
        cites=[(AUTOLAND_2019, "eine von der IHK Chemnitz und dem Netzwerk AMZ organisierte Reise")],
    ),
    "htw": dict(
        name="Hochschule für Technik und Wirtschaft Dresden",
        kind="research",
        city="Dresden",
        region=DRESDEN,
        note="Ort aus dem Namen erschlossen.",
        cites=[
            (
                AUTOLAND_2019,
                "ein „Get together“ mit sächsischen Unternehmen an der Hochschule für Technik und Wirtschaft Dresden",
            )
        ],
    ),
    "industrieverein": dict(
        name="Industrieverein Sachsen 1828 e.V.",
        kind="network",
        aliases="Industrieverein 1828 e.V.",
        description="Setzt auf die Vernetzung seiner Mitgliedsunternehmen mit der Kultur- und "
        "Kreativwirtschaft; die Mitgliedertreffen dienen immer wieder Unternehmen dieser Branche als "
        "Plattform.",
        region=SACHSEN,
        note="Region aus dem Namen erschlossen.",
        cites=[
            (
                IHK_2021,
                "Der Industrieverein Sachsen 1828 e.V. hat deshalb schon vor gut acht Jahren den "
                "Kontakt mit Unternehmen der Kultur- und Kreativwirtschaft und mit den Branchenverbänden "
                "Kreatives Chemnitz und Kreatives Sachsen aufgenommen.",
            )
        ],
    ),
    "kreatives-chemnitz": dict(
        name="Kreatives Chemnitz",
        kind="network",
        description="Branchenverband der Kultur- und Kreativwirtschaft.",
        city="Chemnitz",
        region=CHEMNITZ,
        sectors=["kultur-kreativwirtschaft"],
        note="Ort aus dem Namen erschlossen.",
        cites=[
            (
                IHK_2021,
                "mit Unternehmen der Kultur- und Kreativwirtschaft und mit den Branchenverbänden "
                "Kreatives Chemnitz und Kreatives Sachsen",
            )
        ],
    ),
    "kreatives-sachsen": dict(
        name="Kreatives Sachsen",
        kind="network",
        aliases="Landesverband Kreatives Sachsen",
        description="Landesverband der Kultur- und Kreativwirtschaft.",
        region=SACHSEN,
        sectors=["kultur-kreativwirtschaft"],
        note="Region aus dem Namen und „Landesverband“ erschlossen.",
        cites=[
            (
                IHK_2021,
                "Der Landesverband Kreatives Sachsen plant im März und April in Chemnitz eine "
                "mehrwöchige Werkschau von Produkten aus den Reihen seiner Mitgliedsunternehmen",
            )
        ],
    ),
    "maker-faire-prague": dict(
        name="Maker Faire Prague",
        kind="other",
        note="Von den Verbänden als gewünschter Partner der Maker Faire Sachsen im Kulturhauptstadtjahr 2025 "
        "genannt; eine bestehende Zusammenarbeit belegt der Artikel nicht.",
        cites=[
            (
                IHK_2021,
                "im Jahr der Europäischen Kulturhauptstadt Chemnitz dann am besten gemeinsam mit der "
                "Maker Faire Prague",
            )
        ],
    ),
}

# People, each with the positions the articles give them; a person cites what their positions cite.
PEOPLE = [
    dict(
        name="Peter Nothnagel",
        positions=[
            dict(
                organisation="wfs",
                role="Geschäftsführer",
                cites=[(SZ_2017, "sagt Peter Nothnagel, Geschäftsführer der Wirtschaftsförderung Sachsen")],
            )
        ],
    ),
    dict(
        name="Christoph Herbrig",
        positions=[
            dict(
                organisation="impro",
                role="Vorsitzender",
                cites=[
                    (
                        SZ_2017,
                        "Der Vorsitzende des Impro-Verbandes, Christoph Herbrig, wird diesen dort kurz vorstellen.",
                    )
                ],
            )
        ],
    ),
    dict(
        name="Jürgen Graf",
        positions=[
            dict(
                organisation="geising",
                role="Geschäftsführer",
                cites=[(SZ_2017, "der Geschäftsführer der Feinwerktechnik Geising, Jürgen Graf")],
            )
        ],
    ),
    dict(
        name="Jakub Kleinschmidt",
        positions=[
            dict(
                organisation="telegaertner",
                role="Geschäftsführer",
                cites=[(SZ_2017, "Jakub Kleinschmidt, Geschäftsführer der Firma Telegärtner Gerätebau aus Höckendorf")],
            )
        ],
    ),
    dict(
        name="Martin Dulig",
        description="Politiker (SPD)",
        positions=[
            dict(
                organisation="smwa",
                role="Wirtschaftsminister",
                note="Belegt 2016 (Strategiewerkstatt-Artikel, dort auch „Staatsminister Dulig“) und März 2017 "
                "(Zulieferkonferenz); als Belegdatum steht der jüngere Beleg.",
                cites=[
                    (SZ_2017, "sagt Sachsens Wirtschaftsminister Martin Dulig (SPD)"),
                    (STRATEGIE_2016, "so Sachsens Wirtschaftsminister Martin Dulig (SPD)"),
                ],
            )
        ],
    ),
    dict(
        name="Oliver Reinhardt",
        positions=[
            dict(
                organisation="erzgebirgskreis",
                role="Vertreter",
                cites=[(STRATEGIE_2016, "Oliver Reinhardt als Vertreter des Erzgebirgskreises")],
            )
        ],
    ),
    dict(
        name="Jan Kammerl",
        positions=[
            dict(
                organisation="wfe",
                role="",
                note="Der Artikel nennt keine Funktion, nur „von der Wirtschaftsförderung Erzgebirge GmbH“.",
                cites=[(STRATEGIE_2016, "Jan Kammerl von der Wirtschaftsförderung Erzgebirge GmbH")],
            )
        ],
    ),
    dict(
        name="Colette Boos-John",
        positions=[
            dict(
                organisation="tmwlr",
                role="Wirtschaftsministerin",
                note="Der Artikel sagt nur „Wirtschaftsministerin“; das Land (Thüringen) ist aus dem Kontext "
                "erschlossen.",
                cites=[(KAG_2025, "Wirtschaftsministerin Colette Boos-John")],
            )
        ],
    ),
    dict(
        name="Florenz Wiegand",
        positions=[
            dict(
                organisation="wiegand",
                role="",
                note="Der Artikel nennt keine Funktion, nur „Florenz Wiegand von Wiegand-Glas“.",
                cites=[(KAG_2025, "so Florenz Wiegand von Wiegand-Glas")],
            )
        ],
    ),
    dict(
        name="Johann Paulus Paul",
        positions=[
            dict(
                organisation="ullrich",
                role="",
                note="Der Artikel nennt keine Funktion, nur die Firma in Klammern.",
                cites=[(KAG_2025, "Johann Paulus Paul (Ullrich Präzisionstechnologie)")],
            )
        ],
    ),
    dict(
        name="Mike Hoffmann",
        positions=[
            dict(
                organisation="hst",
                role="",
                note="Der Artikel nennt keine Funktion, nur die Firma in Klammern.",
                cites=[(KAG_2025, "Mike Hoffmann (HST Systemtechnik Suhl)")],
            )
        ],
    ),
    dict(
        name="Nikolaus Wiegand",
        positions=[
            dict(
                organisation="wiegand",
                role="",
                note="Verbindung zur Firma erschlossen: Er ist „Gastgeber“ des Treffens „bei Wiegand-Glas“. Eine "
                "Funktion nennt der Artikel nicht.",
                cites=[(KAG_2025, "Gastgeber Nikolaus Wiegand mahnte")],
            )
        ],
    ),
    dict(
        name="André Knapp",
        positions=[
            dict(
                organisation="kag",
                role="Vorsitzender",
                cites=[(KAG_2025, "so André Knapp, Vorsitzender der KAG")],
            )
        ],
    ),
    dict(
        name="Thomas Horn",
        positions=[
            dict(
                organisation="wfs",
                role="Geschäftsführer",
                cites=[(AUTOLAND_2019, "WFS-Geschäftsführer Thomas Horn")],
            )
        ],
    ),
    dict(
        name="Katrin Hoffmann",
        positions=[
            dict(
                organisation="industrieverein",
                role="Geschäftsführerin",
                cites=[(IHK_2021, "Katrin Hoffmann, Geschäftsführerin des Industrievereins")],
            )
        ],
    ),
]

_BBA = (
    "Den Besuch der Delegation hat das Automobilzuliefernetzwerk AMZ im Rahmen des sogenannten "
    "„Branchenbezogenen Absatzförderinstrumentes (BBA)“ im Auftrag der Wirtschaftsförderung Sachsen GmbH "
    "(WFS) organisiert."
)
_MEXICO_TRIP = (
    "Bereits 2016 nutzten sächsische Zulieferer eine von der IHK Chemnitz und dem Netzwerk AMZ organisierte "
    "Reise, um sich über Geschäftschancen in Mexiko zu informieren."
)
_CREATIVE_CONTACT = (
    "Der Industrieverein Sachsen 1828 e.V. hat deshalb schon vor gut acht Jahren den Kontakt mit Unternehmen "
    "der Kultur- und Kreativwirtschaft und mit den Branchenverbänden Kreatives Chemnitz und Kreatives Sachsen "
    "aufgenommen."
)
_CREATIVE_NOTE = "Beginn erschlossen: „vor gut acht Jahren“ im Artikel von Januar/Februar 2021, also um 2012."
# Links that were one piece of work (a trip, a visit) end with it; the others stay open.
RELATIONSHIPS = [
    dict(
        source="smwa",
        target="vdivde",
        kind="commissioned",
        start="01.2016",
        description="Inhaltliche und organisatorische Ausgestaltung der Strategiewerkstatt „Industrie der Zukunft“",
        note="Beginn erschlossen: Seit Januar 2016 arbeitet die Geschäftsstelle der Strategiewerkstatt in "
        "Dresden; wann der Auftrag erteilt wurde, sagt der Artikel nicht.",
        cites=[
            (
                STRATEGIE_2016,
                "Dafür hat das sächsische Wirtschaftsministerium die VDI/VDE Innovation +Technik "
                "GmbH (VDI/VDE-IT) mit der inhaltlichen und organisatorischen Ausgestaltung der "
                "Strategiewerkstatt beauftragt. Seit Januar 2016 hat entsprechend eine Geschäftsstelle in "
                "Dresden ihre Tätigkeit aufgenommen.",
            )
        ],
    ),
    dict(
        source="wfs",
        target="amz",
        kind="commissioned",
        start="2019",
        end="2019",
        description="Delegationsbesuch aus Mexiko im Rahmen des BBA",
        note="Der Auftrag galt dem Besuch Ende September 2019; das Jahr gibt der Artikel vom 23.09.2019.",
        cites=[(AUTOLAND_2019, _BBA)],
    ),
    dict(
        source="amz",
        target="wfs",
        kind="organised_for",
        start="2019",
        end="2019",
        description="Delegationsbesuch aus Mexiko im Rahmen des BBA",
        note="Der Besuch war Ende September 2019; das Jahr gibt der Artikel vom 23.09.2019.",
        cites=[(AUTOLAND_2019, _BBA)],
    ),
    dict(
        source="ihk",
        target="amz",
        kind="cooperation",
        start="2016",
        end="2016",
        description="Gemeinsame Organisation einer Reise sächsischer Zulieferer nach Mexiko",
        note="Belegt ist die gemeinsame Reise 2016; ob die Zusammenarbeit fortbesteht, sagt der Artikel nicht.",
        cites=[(AUTOLAND_2019, _MEXICO_TRIP)],
    ),
    dict(
        source="smwa",
        target="wfs",
        kind="funding",
        description="Finanzierung des BBA-Projekts („Branchenbezogenes Absatzförderinstrument“), dessen "
        "Koordinierung bei der WFS liegt",
        note="Stand 2019 (Artikel vom 23.09.2019); einen Beginn nennt der Artikel nicht.",
        cites=[
            (
                AUTOLAND_2019,
                "Die Finanzierung erfolgt aus Mitteln des sächsischen Wirtschaftsministeriums – "
                "die Koordinierung liegt bei der WFS.",
            )
        ],
    ),
    dict(
        source="industrieverein",
        target="kreatives-chemnitz",
        kind="cooperation",
        start="2012",
        description="Vernetzung der Industrie mit der Kultur- und Kreativwirtschaft; gemeinsam gestalten "
        "beide seit 2017 die Maker Faire Sachsen",
        note=_CREATIVE_NOTE,
        cites=[(IHK_2021, _CREATIVE_CONTACT)],
    ),
    dict(
        source="industrieverein",
        target="kreatives-sachsen",
        kind="cooperation",
        start="2012",
        description="Vernetzung der Industrie mit der Kultur- und Kreativwirtschaft",
        note=_CREATIVE_NOTE,
        cites=[(IHK_2021, _CREATIVE_CONTACT)],
    ),
]

SERIES = {
    "strategiewerkstatt": dict(
        name="Strategiewerkstatt „Industrie der Zukunft“",
        description="Soll Antworten darauf geben, wie die sächsische Industrie 2030 aussehen wird, und "
        "konkrete Handlungsempfehlungen erarbeiten; darauf aufbauend sollen Struktur und Grundzüge einer "
        "sächsischen Industriestrategie entstehen. Im Auftrag des sächsischen Wirtschaftsministeriums "
        "gestaltet die VDI/VDE-IT sie aus; ihre Geschäftsstelle in Dresden arbeitet seit Januar 2016. Für "
        "mindestens zwei Jahre angelegt und als dynamische Plattform konzipiert, mit Einzelgesprächen, "
        "Workshops und überregionalen Veranstaltungen.",
        cites=[
            (
                STRATEGIE_2016,
                "Die Strategiewerkstatt ist für mindestens zwei Jahre angelegt und als "
                "dynamische Plattform konzipiert. Im Rahmen der Strategiewerkstatt sind Einzelgespräche und "
                "Workshops bis hin zu überregionalen Veranstaltungen mit sächsischen, nationalen und "
                "europäischen Akteuren aus Wirtschaft, Wissenschaft und Verbänden geplant.",
            )
        ],
    ),
    "maker-faire-sachsen": dict(
        name="Maker Faire Sachsen",
        description="Event mit Vertretern gleichermaßen aus der Kultur- und Kreativwirtschaft wie aus der "
        "Industrie, das Kreatives Chemnitz und der Industrieverein Sachsen 1828 seit 2017 gemeinsam mit "
        "weiteren Partnern gestalten. Die Verbände wollen es mindestens bis 2025 weiterführen, im "
        "Kulturhauptstadtjahr Chemnitz 2025 am besten gemeinsam mit der Maker Faire Prague.",
        cites=[
            (
                IHK_2021,
                "das Event, das Kreatives Chemnitz und Industrieverein seit 2017 gemeinsam mit "
                "weiteren Partnern gestalten",
            )
        ],
    ),
}

_MAKER_FAIRE_2021 = (
    "Am ersten Mai-Wochenende soll das Event, das Kreatives Chemnitz und Industrieverein seit 2017 gemeinsam "
    "mit weiteren Partnern gestalten, in der Stadthalle Chemnitz stattfinden"
)
_STAMMTISCHE = (
    "der Industrieverein will gemeinsam mit dem Landesverband und dem Kreativen Chemnitz im „Rahmenprogramm“ "
    "mehrere Innovationsstammtische zu Themen wie Smart City, Urbane Mobilität oder Klimaschutz initiieren"
)
_WORKSHOP_PEOPLE = (
    "Mit dabei waren Oliver Reinhardt als Vertreter des Erzgebirgskreises und Jan Kammerl von der "
    "Wirtschaftsförderung Erzgebirge GmbH"
)
_ANNOUNCED = "Status „geplant“: Der Artikel kündigt die Veranstaltung an und berichtet nicht über sie."

# Events, each with its participations: an organisation and/or a person (by name) in a role.
EVENTS = [
    dict(
        slug="Zulieferkonferenz Dresden 2017",
        title="Zulieferkonferenz",
        kind="conference",
        status="planned",
        start="03.2017",
        city="Dresden",
        region=DRESDEN,
        topics=["Digitalisierung", "Industrie 4.0", "Kooperation", "Ausbildung"],
        description="Konferenz für Zulieferer, organisiert von der Wirtschaftsförderung Sachsen. Sie greift "
        "Fragen aus den Themenbereichen Industrie 4.0, Kooperation und Ausbildung auf; auch die "
        "Digitalisierung ist Thema. Die Zusammenarbeit im Netzwerk Impro wird vorgestellt. Die Teilnehmer "
        "sollen neue Geschäftskontakte knüpfen können.",
        note="Datum erschlossen: Der Artikel von März 2017 kündigt die Konferenz „am Mittwoch“ an, ohne "
        "Datum; gespeichert ist der Erscheinungsmonat. " + _ANNOUNCED,
        cites=[
            (
                SZ_2017,
                "Diese Form der Zusammenarbeit wird am Mittwoch auf einer Zulieferkonferenz in Dresden vorgestellt.",
            )
        ],
        participations=[
            dict(
                organisation="wfs",
                role="organiser",
                cites=[(SZ_2017, "Organisiert wird die Zulieferkonferenz von der Wirtschaftsförderung Sachsen.")],
            ),
            dict(
                organisation="impro",
                role="guest",
                cites=[(SZ_2017, "Der Verband Impro ist Gast einer Zulieferkonferenz.")],
            ),
            dict(
                person="Christoph Herbrig",
                organisation="impro",
                role="speaker",
                note="Stellt den Verband Impro kurz vor; einen Vortragstitel nennt der Artikel nicht.",
                cites=[
                    (
                        SZ_2017,
                        "Der Vorsitzende des Impro-Verbandes, Christoph Herbrig, wird diesen dort kurz vorstellen.",
                    )
                ],
            ),
            dict(
                person="Jürgen Graf",
                organisation="geising",
                role="speaker",
                talk_title="Getriebe und Baugruppen nach Kundenwunsch",
                cites=[
                    (
                        SZ_2017,
                        "Später wird der Geschäftsführer der Feinwerktechnik Geising, Jürgen Graf, zum "
                        "Thema „Getriebe und Baugruppen nach Kundenwunsch“ sprechen.",
                    )
                ],
            ),
            dict(
                person="Jakub Kleinschmidt",
                organisation="telegaertner",
                role="speaker",
                talk_title="Effiziente Produktion kleiner Stückzahlen in der Kabelkonfektion",
                note="Das Thema, wie der Artikel es wiedergibt („referiert zur effizienten Produktion kleiner "
                "Stückzahlen in der Kabelkonfektion“), kein wörtlicher Vortragstitel.",
                cites=[
                    (
                        SZ_2017,
                        "Jakub Kleinschmidt, Geschäftsführer der Firma Telegärtner Gerätebau aus "
                        "Höckendorf, referiert zur effizienten Produktion kleiner Stückzahlen in der "
                        "Kabelkonfektion.",
                    )
                ],
            ),
            dict(
                person="Martin Dulig",
                organisation="smwa",
                role="participant",
                cites=[
                    (
                        SZ_2017,
                        "sagt Sachsens Wirtschaftsminister Martin Dulig (SPD), der an dem Treffen teilnehmen wird.",
                    )
                ],
            ),
        ],
    ),
    dict(
        slug="Die Zukunft der sächsischen Industrieregionen 2016",
        title="Die Zukunft der sächsischen Industrieregionen",
        kind="workshop",
        status="took_place",
        start="03.2016",
        series="strategiewerkstatt",
        topics=["Industriestrategie"],
        description="Workshop zum Auftakt der Strategiewerkstatt „Industrie der Zukunft“. Diskutiert wurden "
        "vor allem die technologischen, wettbewerblichen und sozialen Herausforderungen, mit denen sich die "
        "sächsische Industrie mit Blick auf das Jahr 2030 konfrontiert sieht.",
        note="Jahr erschlossen: Der Artikel sagt „bereits im März“; die Geschäftsstelle der "
        "Strategiewerkstatt arbeitet seit Januar 2016, der Auftakt war also im März 2016. Einen Ort nennt "
        "der Artikel nicht.",
        cites=[
            (
                STRATEGIE_2016,
                "So fand man sich bereits im März zu einem Workshop „Die Zukunft der sächsischen "
                "Industrieregionen“ zusammen, um den Auftakt für die Strategiewerkstatt zu setzen.",
            )
        ],
        participations=[
            dict(
                person="Oliver Reinhardt",
                organisation="erzgebirgskreis",
                role="participant",
                cites=[(STRATEGIE_2016, _WORKSHOP_PEOPLE)],
            ),
            dict(
                person="Jan Kammerl", organisation="wfe", role="participant", cites=[(STRATEGIE_2016, _WORKSHOP_PEOPLE)]
            ),
        ],
    ),
    dict(
        slug="2. Netzwerktreffen KAG Oberzentrum Südthüringen 2025",
        title="2. Netzwerktreffen der KAG Oberzentrum Südthüringen",
        kind="network_meeting",
        status="took_place",
        start="04.06.2025",
        venue="wiegand",
        city="Schleusingen",
        region=SCHLEUSINGEN,
        topics=[
            "Digitalisierung",
            "Nachhaltigkeit",
            "Regionale Vernetzung",
            "Künstliche Intelligenz",
            "Energieeffizienz",
        ],
        description="Rund 50 Unternehmer aus Präzisionstechnologie und Glas trafen sich mit der "
        "Wirtschaftsministerin. Neben Digitalisierung und Nachhaltigkeit stand besonders die regionale "
        "Vernetzung im Fokus. Drei Dialogstationen griffen die Themen der Teilnehmer auf, darunter "
        "„Regionale Kooperationen“; auch Künstliche Intelligenz wurde diskutiert, und am Beispiel von "
        "Wiegand-Glas ging es um Energieeffizienz, Notfallversorgung und Kooperationen mit Kommunen.",
        note="Jahr erschlossen: Der Artikel nennt nur „am 4. Juni“. Colette Boos-John ist seit Dezember 2024 "
        "Thüringer Wirtschaftsministerin, also frühestens 2025.",
        cites=[
            (
                KAG_2025,
                "Rund 50 Unternehmer aus Präzisionstechnologie und Glas sowie Wirtschaftsministerin "
                "Colette Boos-John trafen sich am 4. Juni beim zweiten Netzwerktreffen der KAG Oberzentrum "
                "Südthüringen bei Wiegand-Glas in Schleusingen.",
            )
        ],
        participations=[
            dict(
                organisation="kag",
                role="organiser",
                note="Veranstalter erschlossen: Es ist das Netzwerktreffen der KAG.",
                cites=[(KAG_2025, "An diesen Anspruch möchte die KAG mit Formaten wie dem Netzwerktreffen anknüpfen")],
            ),
            dict(organisation="wiegand", role="host", cites=[(KAG_2025, "bei Wiegand-Glas in Schleusingen")]),
            dict(
                person="Nikolaus Wiegand",
                organisation="wiegand",
                role="host",
                cites=[(KAG_2025, "Gastgeber Nikolaus Wiegand mahnte")],
            ),
            dict(
                person="Colette Boos-John",
                organisation="tmwlr",
                role="guest",
                cites=[
                    (
                        KAG_2025,
                        "Ministerin Boos-John lobte das Format: „Was hier entsteht, ist ein starker "
                        "und richtiger Ansatz.",
                    )
                ],
            ),
            dict(
                person="Florenz Wiegand",
                organisation="wiegand",
                role="participant",
                cites=[
                    (
                        KAG_2025,
                        "„Für mich war der Abend besonders spannend, weil ich viele neue Kontakte "
                        "knüpfen konnte“, so Florenz Wiegand von Wiegand-Glas.",
                    )
                ],
            ),
            dict(
                person="Johann Paulus Paul",
                organisation="ullrich",
                role="participant",
                cites=[
                    (
                        KAG_2025,
                        "Johann Paulus Paul (Ullrich Präzisionstechnologie) ergänzte: „Ich habe "
                        "Menschen mit ähnlichen Herausforderungen kennengelernt – sehr bereichernd.“",
                    )
                ],
            ),
            dict(
                person="Mike Hoffmann",
                organisation="hst",
                role="participant",
                cites=[
                    (
                        KAG_2025,
                        "Mike Hoffmann (HST Systemtechnik Suhl) berichtete: „Ich habe jemanden "
                        "wiedergetroffen, bei dem ich vor 25 Jahren mein Schulpraktikum gemacht habe“.",
                    )
                ],
            ),
        ],
    ),
    dict(
        slug="Reise nach Mexiko 2016",
        title="Reise sächsischer Zulieferer nach Mexiko",
        kind="delegation_trip",
        status="took_place",
        start="2016",
        city="Mexiko",
        topics=["Internationalisierung", "Automobilindustrie"],
        description="Sächsische Zulieferer informierten sich auf einer von der IHK Chemnitz und dem Netzwerk "
        "AMZ organisierten Reise über Geschäftschancen in Mexiko.",
        note="Genauer als auf das Jahr datiert der Artikel die Reise nicht; die teilnehmenden Zulieferer "
        "nennt er nicht.",
        cites=[(AUTOLAND_2019, _MEXICO_TRIP)],
        participations=[
            dict(organisation="ihk", role="organiser", cites=[(AUTOLAND_2019, _MEXICO_TRIP)]),
            dict(organisation="amz", role="organiser", cites=[(AUTOLAND_2019, _MEXICO_TRIP)]),
        ],
    ),
    dict(
        slug="Get together Wirtschaftsdelegation Mexiko 2019",
        title="„Get together“ der Wirtschaftsdelegation aus Mexiko mit sächsischen Unternehmen",
        kind="delegation_visit",
        status="planned",
        start="24.09.2019",
        venue="htw",
        city="Dresden",
        region=DRESDEN,
        topics=["Automobilindustrie", "Mobilität", "Internationalisierung", "Kooperation"],
        description="Programmpunkt des Besuchs einer Wirtschaftsdelegation aus Mexiko Ende September 2019, "
        "den das AMZ im Rahmen des „Branchenbezogenen Absatzförderinstrumentes (BBA)“ im Auftrag der WFS "
        "organisiert hat. Die Branchenvertreter besuchen Unternehmen und Forschungseinrichtungen zwischen "
        "Leipzig, Chemnitz und Dresden und informieren sich über den Fahrzeugbau und seine "
        "Zulieferindustrie, alternative Antriebsformen und zukünftige Mobilitätskonzepte.",
        note="Das Jahr steht nicht beim Datum („am 24. September“), ergibt sich aber aus „Ende September "
        "2019“. " + _ANNOUNCED,
        cites=[
            (
                AUTOLAND_2019,
                "Ein Programmpunkt ist am 24. September ein „Get together“ mit sächsischen "
                "Unternehmen an der Hochschule für Technik und Wirtschaft Dresden.",
            )
        ],
        participations=[
            dict(organisation="amz", role="organiser", cites=[(AUTOLAND_2019, _BBA)]),
            dict(organisation="wfs", role="commissioner", cites=[(AUTOLAND_2019, _BBA)]),
        ],
    ),
    dict(
        slug="Delegationsbesuch Estland Finnland Polen Ungarn 2019",
        title="Besuch einer internationalen Gruppe aus Estland, Finnland, Polen und Ungarn",
        kind="delegation_visit",
        status="planned",
        start="04.11.2019",
        end="08.11.2019",
        city="Zwickau",
        region=ZWICKAU,
        topics=["Automobilindustrie", "Mobilität", "Internationalisierung"],
        description="Eine internationale Gruppe mit Teilnehmern aus Estland, Finnland, Polen und Ungarn ist "
        "im Rahmen des BBA-Projektes im Freistaat zu Gast und besucht u. a. den 23. Internationalen "
        "Automobilkongress in Zwickau. Sächsische Unternehmen, die sich mit diesen Partnern vernetzen "
        "möchten, können sich bei der WFS informieren.",
        note="Jahr erschlossen: Der Artikel vom 23.09.2019 nennt „vom 4. bis 8. November“ ohne Jahr. Als Ort "
        "ist nur Zwickau (Automobilkongress) genannt; die Gruppe ist im ganzen Freistaat zu Gast. " + _ANNOUNCED,
        cites=[
            (
                AUTOLAND_2019,
                "Vom 4. bis 8. November ist eine internationale Gruppe mit Teilnehmern aus "
                "Estland, Finnland, Polen und Ungarn im Freistaat zu Gast und wird u. a. den 23. "
                "Internationalen Automobilkongress in Zwickau besuchen.",
            )
        ],
        participations=[
            dict(
                organisation="wfs",
                role="organiser",
                note="Als Veranstalter erschlossen: Der Besuch gehört zum BBA-Projekt, dessen Koordinierung "
                "laut Artikel bei der WFS liegt; Interessierte sollen sich bei der WFS informieren.",
                cites=[
                    (
                        AUTOLAND_2019,
                        "Sächsische Unternehmen, die sich mit diesen Partnern vernetzen möchten, "
                        "können sich gern bei der WFS informieren.",
                    )
                ],
            ),
        ],
    ),
    dict(
        slug="Maker Faire Sachsen 2021",
        title="Maker Faire Sachsen 2021",
        kind="fair",
        status="planned",
        start="05.2021",
        series="maker-faire-sachsen",
        venue_name="Stadthalle Chemnitz",
        city="Chemnitz",
        region=CHEMNITZ,
        topics=["Kultur- und Kreativwirtschaft"],
        description="Neue Auflage der Maker Faire Sachsen, wie in den Vorjahren mit Vertretern gleichermaßen "
        "aus der Kultur- und Kreativwirtschaft wie aus der Industrie.",
        note="Datum: „am ersten Mai-Wochenende“ 2021, gespeichert als Mai 2021. Status „geplant“: "
        "„Vorausgesetzt, die Corona-Situation lässt es zu“ (Artikel von Januar/Februar 2021).",
        cites=[(IHK_2021, _MAKER_FAIRE_2021)],
        participations=[
            dict(organisation="kreatives-chemnitz", role="organiser", cites=[(IHK_2021, _MAKER_FAIRE_2021)]),
            dict(organisation="industrieverein", role="organiser", cites=[(IHK_2021, _MAKER_FAIRE_2021)]),
        ],
    ),
    dict(
        slug="Maker Faire Sachsen 2017",
        title="Maker Faire Sachsen 2017",
        kind="fair",
        status="took_place",
        start="2017",
        series="maker-faire-sachsen",
        note="Erschlossen aus „das Event, das Kreatives Chemnitz und Industrieverein seit 2017 … gestalten“: "
        "Es gab 2017 eine Maker Faire Sachsen, die beide gestalteten. Datum und Ort nennt der Artikel nicht.",
        cites=[(IHK_2021, _MAKER_FAIRE_2021)],
        participations=[
            dict(
                organisation="kreatives-chemnitz",
                role="organiser",
                note="Erschlossen aus „seit 2017“.",
                cites=[(IHK_2021, _MAKER_FAIRE_2021)],
            ),
            dict(
                organisation="industrieverein",
                role="organiser",
                note="Erschlossen aus „seit 2017“.",
                cites=[(IHK_2021, _MAKER_FAIRE_2021)],
            ),
        ],
    ),
    dict(
        slug="Werkschau Kreatives Sachsen 2021",
        title="Werkschau des Landesverbands Kreatives Sachsen",
        kind="exhibition",
        status="planned",
        start="03.2021",
        end="04.2021",
        city="Chemnitz",
        region=CHEMNITZ,
        topics=["Kultur- und Kreativwirtschaft"],
        description="Mehrwöchige Werkschau von Produkten aus den Reihen der Mitgliedsunternehmen des "
        "Landesverbands Kreatives Sachsen; im Rahmenprogramm Innovationsstammtische.",
        note="Geplant für März und April 2021 (Artikel von Januar/Februar 2021); genaue Daten und den Ort in "
        "Chemnitz nennt der Artikel nicht.",
        cites=[
            (
                IHK_2021,
                "Der Landesverband Kreatives Sachsen plant im März und April in Chemnitz eine "
                "mehrwöchige Werkschau von Produkten aus den Reihen seiner Mitgliedsunternehmen",
            )
        ],
        participations=[
            dict(
                organisation="kreatives-sachsen",
                role="organiser",
                cites=[
                    (
                        IHK_2021,
                        "Der Landesverband Kreatives Sachsen plant im März und April in Chemnitz eine "
                        "mehrwöchige Werkschau",
                    )
                ],
            ),
        ],
    ),
    dict(
        slug="Innovationsstammtische Chemnitz 2021",
        title="Innovationsstammtische im Rahmenprogramm der Werkschau",
        kind="round_table",
        status="planned",
        start="03.2021",
        end="04.2021",
        city="Chemnitz",
        region=CHEMNITZ,
        topics=["Smart City", "Urbane Mobilität", "Klimaschutz"],
        description="Mehrere Innovationsstammtische zu Themen wie Smart City, Urbane Mobilität oder "
        "Klimaschutz, bei denen die unterschiedlichen Branchenakteure aus Industrie und Kultur- und "
        "Kreativwirtschaft miteinander ins Gespräch kommen.",
        note="Mehrere Termine, hier ein Eintrag. Zeitraum und Ort aus der Werkschau (März und April 2021 in "
        "Chemnitz) erschlossen, in deren „Rahmenprogramm“ sie stattfinden sollen.",
        cites=[(IHK_2021, _STAMMTISCHE)],
        participations=[
            dict(organisation="industrieverein", role="organiser", cites=[(IHK_2021, _STAMMTISCHE)]),
            dict(organisation="kreatives-sachsen", role="organiser", cites=[(IHK_2021, _STAMMTISCHE)]),
            dict(organisation="kreatives-chemnitz", role="organiser", cites=[(IHK_2021, _STAMMTISCHE)]),
        ],
    ),
]


# The loader
