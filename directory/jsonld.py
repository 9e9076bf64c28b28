"""schema.org descriptions of directory records as JSON-LD, for search engines and other readers.

Only public facts about organisations go in; people never do.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from directory.models import Organisation, Region

# As django.utils.html.json_script escapes: inside <script> the HTML parser only looks for
# "</script" and "<!--", so escaping <, > and & as JSON \u escapes keeps the data inert and the
# JSON unchanged. U+2028/2029 are escaped too for readers that treat the JSON as JavaScript.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_json(data: dict) -> SafeString:
    """The data as JSON safe to put between <script type="application/ld+json"> and </script>.

    django's json_script filter would do the escaping, but it writes type="application/json".
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


def state_of(region: Region | None) -> Region | None:
    """The Bundesland a region lies in; reads the parents select_related has loaded."""
    while region is not None and region.kind != Region.Kind.STATE:
        region = region.parent
    return region


def postal_address(organisation: Organisation) -> dict | None:
    address = {}
    if organisation.street and organisation.contact_is_public:
        address["streetAddress"] = organisation.street
    if organisation.postcode:
        address["postalCode"] = organisation.postcode
    locality = organisation.city or (organisation.region.name if organisation.region else "")
    if locality:
        address["addressLocality"] = locality
    state = state_of(organisation.region)
    if state is not None:
        address["addressRegion"] = state.name
    if not address:
        return None
    # The atlas covers Saxony and Thuringia: a known address is a German one.
    return {"@type": "PostalAddress", **address, "addressCountry": "DE"}


def organisation_jsonld(organisation: Organisation, *, url: str, networks: list[tuple[str, str]]) -> dict:
    """A schema.org Organization: `url` is the profile's absolute address, `networks` the
    (name, absolute url) of the networks it is a member of."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url,
        "name": organisation.name,
        "url": url,
    }
    alternate = [organisation.short_name] if organisation.short_name else []
    alternate += [alias for alias in organisation.alias_list if alias not in alternate]
    if alternate:
        data["alternateName"] = alternate if len(alternate) > 1 else alternate[0]
    if organisation.description:
        data["description"] = organisation.description
    if organisation.founded:
        data["foundingDate"] = str(organisation.founded)
    address = postal_address(organisation)
    if address:
        data["address"] = address
    if networks:
        data["memberOf"] = [
            {"@type": "Organization", "name": name, "url": network_url} for name, network_url in networks
        ]
    if organisation.contact_is_public and organisation.phone:
        data["telephone"] = organisation.phone
    if organisation.contact_is_public and organisation.email:
        data["email"] = organisation.email
    if organisation.website:
        data["sameAs"] = organisation.website
    return data
