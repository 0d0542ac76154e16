"""A letter with every field of the model set, to change one field at a time."""

from __future__ import annotations

import datetime

from letterpress.model import (
    Correction,
    Enclosure,
    Labels,
    Letter,
    Letterhead,
    LetterheadText,
    Paragraph,
    Signatory,
    SignatoryGroup,
    Signature,
    Signer,
    Span,
)

BASE = Letter(
    letterhead=Letterhead(name="Open Government Platform", address=("Baku", "Azerbaijan"),
                          telephone="(994 12) 4925726", email="info@example.org",
                          website="www.example.org", website_url="https://example.org/",
                          logo="logo.png", logo_data=b"\x89PNG one",
                          labels=Labels(sender="Sender:", recipient="Addressee:",
                                        telephone="Phone:", email="Mail:"),
                          en=LetterheadText(name="Open Government Platform of Azerbaijan",
                                            address=("Baku AZ 1001",),
                                            labels=Labels(sender="By:", recipient="For:",
                                                          telephone="T.:", email="M.:")),
                          az=LetterheadText(name="Açıq Hökumət Platforması",
                                            address=("Bakı", "Azərbaycan"),
                                            labels=Labels(sender="Göndərən:", recipient="Alan:",
                                                          telephone="Telefon:", email="Poçt:")),
                          ru=LetterheadText(name="Платформа открытого правительства",
                                            address=("Баку", "Азербайджан"),
                                            labels=Labels(sender="Отправитель:",
                                                          recipient="Получатель:",
                                                          telephone="Телефон:",
                                                          email="Почта:"))),
    reference="7/26", date=datetime.date(2026, 11, 20), sender="The Secretariat",
    recipient=("Members of the Platform", "Baku"),
    body=(Paragraph(spans=(Span(text="We write "), Span(text="now", bold=True),
                           Span(text=" about", italic=True),
                           Span(text=" it", href="https://example.org/a"))),
          Paragraph(spans=(Span(text="A second paragraph."),))),
    closing=("With respect,", "The Secretariat"),
    signature=Signature(place="Baku", date=datetime.date(2026, 11, 21), signers=(
        Signer(name="Aynur Mammadova", title="Chair of the Council",
               organisation="Open Data Centre", id="aynur-mammadova"),
        Signer(name="Jalal Amanov", title="Treasurer", organisation="Union"))),
    signatories=(
        SignatoryGroup(heading="Signed:", start=1, columns=1, members=(
            Signatory(name="Leyla Guliyeva", organisation="Open Data", role="chair"),
            Signatory(name="Rafik İsmayılov", organisation="Civil Society", role="member",
                      id="rafik-ismayilov"))),
        SignatoryGroup(heading="Supported by:", start=3, columns=2, members=(
            Signatory(name="Aynur Mammadova", organisation="Centre", role="director"),
            Signatory(name="Jalal Amanov", organisation="Union", role="head")))),
    subject="The annual assembly", salutation="Dear members,", place="Baku",
    reference_label="Our ref.",
    enclosures=(Enclosure(title="The agenda"), Enclosure(title="The budget, 4 pages")),
    cc=("The Council", "The auditors"),
    # a window's postal address, set but without its window (which would move the
    # letterhead and its rule): the walks over every field change the window too
    address=("Members of the Platform", "1 Inshaatchilar Avenue", "Baku AZ 1073"),
    return_address="The Secretariat, Baku AZ 1001",
    language="en", date_format="DD.MM.YYYY", paper="a4", title="An invitation", revision=2,
    correction=Correction(text="Corrected; replaces the letter of {date}", place="top",
                          replaces=datetime.date(2026, 11, 19)),
    origin="letter.yaml")
