"""The privacy notice and the imprint as pages the operator edits in the admin.

Both start as templates with every operator-specific fact in [square brackets] and the flag
"Noch Vorlage" set, so the pages say they are not complete until someone has filled them in
and had them checked.
"""

from django.db import migrations, models

PRIVACY = """Diese Datenschutzerklärung ist eine VORLAGE. Der Betreiber muss alle Angaben in [eckigen Klammern] ergänzen und den Text rechtlich prüfen lassen, bevor die Website öffentlich betrieben wird.

## Verantwortlicher
[Name der Stelle oder Person]
[Anschrift]
[E-Mail-Adresse]
[Telefon]

Datenschutzbeauftragte/r (falls benannt): [Name, E-Mail-Adresse]

## Was der Netzwerkatlas ist
Der Netzwerkatlas verzeichnet die Industrienetzwerke Sachsens und Thüringens, ihre Mitgliedsfirmen, Veranstaltungen und Kooperationen. Jede Angabe beruht auf einer genannten Quelle, meist einem Presseartikel.

## Personen im Verzeichnis
Zu Personen, die in Quellen genannt werden (etwa Vorsitzende eines Netzwerks oder Referentinnen einer Veranstaltung), speichern wir Name, Titel, Funktion, Teilnahmen an Veranstaltungen und die Quellen dazu. Öffentlich gezeigt werden nur Personen, die in ihrer öffentlichen Funktion auftreten oder eingewilligt haben; alle anderen erscheinen auf keiner Seite, in keiner Suche, keinem Export und keinem Kalender.
Zweck: Darstellung, wer in den Netzwerken wofür steht. Rechtsgrundlage: Art. 6 Abs. 1 lit. f DSGVO (berechtigtes Interesse an der Darstellung öffentlich berichteter Funktionen) beziehungsweise Art. 6 Abs. 1 lit. a DSGVO (Einwilligung). [Rechtsgrundlage prüfen und anpassen.]
Herkunft der Daten: die auf jeder Seite genannten Quellen (Art. 14 DSGVO).
Speicherdauer: bis die Angabe nicht mehr zutrifft und nicht mehr als historische Angabe gebraucht wird, oder bis zu Ihrem Widerspruch. [Frist ergänzen.]

## Besuch der Website
Beim Aufruf einer Seite verarbeitet der Server technisch notwendige Angaben (IP-Adresse, Zeitpunkt, aufgerufene Adresse, Browserkennung) in Protokolldateien, um den Betrieb zu sichern und Missbrauch abzuwehren (Art. 6 Abs. 1 lit. f DSGVO). Die Protokolle werden nach [Anzahl] Tagen gelöscht. Um die Suche und die Exporte vor Überlastung zu schützen, zählt der Server Anfragen je Adresse für kurze Zeit.
Die öffentlichen Seiten setzen keine Cookies, binden keine Inhalte fremder Server ein und verwenden keine Analyse- oder Werbedienste. Cookies setzt nur die Anmeldung der Redaktion.

## Hosting
[Name und Anschrift des Hosters; Vertrag zur Auftragsverarbeitung nach Art. 28 DSGVO.]

## Ihre Rechte
Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung der Verarbeitung (Art. 18), Datenübertragbarkeit (Art. 20) und Widerspruch (Art. 21 DSGVO). Eine Nachricht an [E-Mail-Adresse] genügt; wir antworten innerhalb eines Monats.
Sie können sich bei einer Datenschutz-Aufsichtsbehörde beschweren, etwa bei der Sächsischen Datenschutz- und Transparenzbeauftragten oder beim Thüringer Landesbeauftragten für den Datenschutz und die Informationsfreiheit. [Zuständige Behörde mit Anschrift ergänzen.]

Stand: [Datum]"""

IMPRINT = """Dieses Impressum ist eine VORLAGE. Der Betreiber muss alle Angaben in [eckigen Klammern] ergänzen und den Text rechtlich prüfen lassen, bevor die Website öffentlich betrieben wird.

## Angaben gemäß § 5 DDG
[Name der Stelle oder Person]
[Rechtsform und Vertretungsberechtigte]
[Straße und Hausnummer]
[Postleitzahl und Ort]

## Kontakt
Telefon: [Telefon]
E-Mail: [E-Mail-Adresse]

## Register und Umsatzsteuer
[Registergericht und Registernummer, falls vorhanden]
[Umsatzsteuer-Identifikationsnummer, falls vorhanden]

## Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV
[Name und Anschrift]

## Hinweis zu den Inhalten
Die Angaben im Netzwerkatlas beruhen auf den jeweils genannten Quellen. Wer eine Angabe für falsch hält, schreibt bitte an [E-Mail-Adresse]."""


def create_pages(apps, schema_editor):
    SitePage = apps.get_model("directory", "SitePage")
    for key, title, body in (
        ("datenschutz", "Datenschutzerklärung", PRIVACY),
        ("impressum", "Impressum", IMPRINT),
    ):
        SitePage.objects.get_or_create(key=key, defaults={"title": title, "body": body, "is_template": True})


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0010_graph_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='SitePage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(choices=[('datenschutz', 'Datenschutzerklärung'), ('impressum', 'Impressum')], max_length=20, unique=True, verbose_name='Seite')),
                ('title', models.CharField(max_length=200, verbose_name='Überschrift')),
                ('body', models.TextField(help_text='Leerzeile: neuer Absatz. Eine Zeile mit „## “ am Anfang: Zwischenüberschrift. Web- und E-Mail-Adressen werden zu Links. HTML wird nicht ausgewertet.', verbose_name='Text')),
                ('is_template', models.BooleanField(default=True, help_text='Solange angehakt, zeigt die Seite einen Hinweis, dass der Text eine Vorlage ist. Erst abhaken, wenn alle Angaben in [eckigen Klammern] ergänzt und rechtlich geprüft sind.', verbose_name='Noch Vorlage')),
                ('updated', models.DateTimeField(auto_now=True, verbose_name='Geändert')),
            ],
            options={
                'verbose_name': 'Seite',
                'verbose_name_plural': 'Seiten (Datenschutz, Impressum)',
                'ordering': ['key'],
            },
        ),
        # Backwards the table goes with the reversed CreateModel, rows and all.
        migrations.RunPython(create_pages, migrations.RunPython.noop),
    ]
