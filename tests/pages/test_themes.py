"""A team's look on prospects' pages: two layouts, the logo, the brand colour (through a
stylesheet, as the CSP allows no inline style) and the customers the page names."""

from __future__ import annotations

import re

import pytest

from landing.data.db import get_session
from landing.data.models import Company
from landing.pages import brand

OFFER = "A 20-minute walkthrough on your own data."
VIDEO = "https://youtu.be/aqz-KE-bpKQ"


@pytest.fixture
def admin(auth, make_rep, make_prospect):
    rep = make_rep(admin=True, booking_url="https://cal.example/dana", phone="+1 555 010 0199")
    make_prospect(rep)
    auth.login()
    return auth


def settings(auth, **fields):
    """Post the company form with only these fields; the others keep their stored values."""
    return auth.post("/app/company", fields, "/app/company")


def page(client) -> str:
    response = client.get("/Rob-Mason")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def order(html: str, *markers: str) -> list[int]:
    return [html.index(marker) for marker in markers]


def test_classic_puts_the_greeting_and_the_next_step_first_then_the_video_and_the_rest(
    admin, prospect_client
):
    settings(admin, page_layout="classic", video_url=VIDEO, offer_text=OFFER)
    html = page(prospect_client)
    assert 'class="layout-classic"' in html and 'class="hero"' not in html
    greeting, button, lead, video, offer, contact = order(
        html, 'class="greeting"', 'class="button primary big"', 'class="lead"', 'class="video"',
        'class="offer"', 'class="contact"',
    )  # fmt: skip
    assert greeting < button < lead < video < offer < contact
    assert "Book a meeting with Dana" in html
    assert html.count('data-track="booking"') == 1  # not again among the contact buttons
    assert html.count(">Dana Reyes<") == 2  # beside the face, and by the contact buttons


def test_classic_without_a_booking_link_offers_the_call_first(admin, prospect_client):
    settings(admin, page_layout="classic")
    profile = {"name": "Dana Reyes", "email": "dana@acme.com", "phone": "+1 555 010 0199"}
    saved = admin.post("/app/profile", profile | {"booking_url": "", "words_per_minute": "150"})
    assert saved.status_code == 302
    html = page(prospect_client)
    greeting, button = order(html, 'class="greeting"', 'class="button primary big"')
    assert greeting < button
    assert 'class="button primary big" href="tel:+15550100199"' in html
    assert "Call Dana: +1 555-010-0199" in html
    assert html.count('href="tel:') == 1


def test_spotlight_opens_with_the_video_and_one_big_button(admin, prospect_client):
    settings(
        admin, page_layout="spotlight", video_url=VIDEO, offer_text=OFFER, customers="Umbrella"
    )
    html = page(prospect_client)
    assert 'class="layout-spotlight"' in html
    hero, video, button, offer, strip, lead = order(
        html, 'class="hero"', 'class="video"', 'class="button primary big"', 'class="offer"',
        'class="customers strip"', 'class="lead"',
    )  # fmt: skip
    assert hero < video < button < offer < strip < lead
    assert re.search(r'class="button primary big" href="/_/go/[^"]+/booking"', html)
    assert "Book a meeting with Dana" in html
    assert html.count('data-track="booking"') == 1  # not again among the contact buttons


def test_spotlight_without_a_video_leads_with_the_offer(admin, prospect_client):
    settings(admin, page_layout="spotlight", video_url="", offer_text=OFFER)
    html = page(prospect_client)
    assert 'class="video"' not in html
    hero, offer, button = order(html, 'class="hero"', 'class="offer"', 'class="button primary big"')
    assert hero < offer < button


def test_the_logo_shows_at_the_top_with_the_company_named_in_its_alt(admin, prospect_client):
    settings(admin, name="Acme Logistics", logo_url="https://cdn.example/acme.svg")
    html = page(prospect_client)
    header = html[html.index("<header") : html.index("</header>")]
    assert (
        '<img class="logo" src="https://cdn.example/acme.svg" alt="Acme Logistics logo"' in header
    )


def test_customers_are_named_or_shown_by_logo(admin, prospect_client):
    response = settings(
        admin, customers="Northwind\n\n  Umbrella Corp | https://cdn.example/umbrella.png \n"
    )
    assert response.status_code == 302
    html = page(prospect_client)
    customers = html[html.index('<section class="customers"') :]
    customers = customers[: customers.index("</section>")]
    assert '<h2 id="h-customers">Trusted by</h2>' in customers
    assert "<li>Northwind</li>" in customers
    assert '<img src="https://cdn.example/umbrella.png" alt="Umbrella Corp logo"' in customers


@pytest.mark.parametrize(
    ("customers", "message"),
    [
        ("Northwind | http://cdn.example/n.png", "Line 1: Must be an https:// link."),
        ("Ok\n | https://cdn.example/n.png", "Line 2: a name comes first"),
        ("\n".join(f"Customer {n}" for n in range(13)), "At most 12 customers."),
    ],
)
def test_bad_customer_lists_are_refused(app, admin, customers, message):
    response = settings(admin, customers=customers)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert get_session().get(Company, 1) is None or not get_session().get(Company, 1).customers


def test_no_customers_no_section(admin, prospect_client):
    assert "Trusted by" not in page(prospect_client)


def test_the_brand_colour_comes_by_stylesheet_with_readable_button_text(
    admin, client, prospect_client
):
    assert settings(admin, brand_colour="#FFEE00").status_code == 302  # a light yellow
    html = page(prospect_client)
    href = re.search(r'<link rel="stylesheet" href="(/brand\.css\?v=[0-9a-f]+)">', html).group(1)
    assert "style=" not in html and "<style" not in html
    css = client.get(href)
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert "immutable" in css.headers["Cache-Control"]
    body = css.get_data(as_text=True)
    assert "--accent:#ffee00" in body
    assert "--on-accent:#000000" in body  # black reads on yellow; white would not
    assert "--accent-ink:#1b1f24" in body  # yellow text on the white page would not read
    again = client.get(href, headers={"If-None-Match": css.headers["ETag"]})
    assert again.status_code == 304

    settings(admin, brand_colour="#123456")  # dark: white text, and its own colour as text
    html = page(prospect_client)
    new_href = re.search(r'href="(/brand\.css\?v=[0-9a-f]+)"', html).group(1)
    assert new_href != href  # a new address, so no browser keeps the old colour
    body = client.get(new_href).get_data(as_text=True)
    assert "--on-accent:#ffffff" in body and "--accent-ink:#123456" in body


def test_without_a_brand_colour_the_page_links_no_stylesheet_of_it(admin, prospect_client):
    assert "brand.css" not in page(prospect_client)


@pytest.mark.parametrize("colour", ["red", "#12345", "#12345g", "url(x)", "#123456;}body{"])
def test_an_invalid_colour_is_refused_with_a_form_error(app, admin, colour):
    settings(admin, brand_colour="#123456")
    response = settings(admin, brand_colour=colour)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<small class="error" id="e-brand_colour">A colour like #1f6feb' in html
    with app.app_context():
        assert get_session().get(Company, 1).brand_colour == "#123456"


def test_a_layout_that_does_not_exist_is_refused(app, admin):
    response = settings(admin, page_layout="carousel")
    assert response.status_code == 400
    assert 'id="e-page_layout"' in response.get_data(as_text=True)


def test_an_http_logo_is_refused(admin):
    response = settings(admin, logo_url="http://cdn.example/acme.svg")
    assert response.status_code == 400
    assert 'id="e-logo_url"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("colour", "text"),
    [
        ("#ffffff", "#000000"),
        ("#000000", "#ffffff"),
        ("#0b5fff", "#ffffff"),
        ("#ffee00", "#000000"),
    ],
)
def test_button_text_is_whichever_of_black_and_white_contrasts_more(colour, text):
    assert brand.text_on(colour) == text
    assert brand.contrast(colour, text) >= 4.5


def test_every_colour_gets_button_text_of_aa_contrast_and_links_that_read():
    # Black or white always reaches 4.58:1 with some colour; the page's ink stands in for a
    # brand colour too light to be text on white.
    for value in range(0, 0x1000000, 4099):  # about 4000 colours, all over the cube
        colour = f"#{value:06x}"
        assert brand.contrast(colour, brand.text_on(colour)) >= 4.5, colour
        assert brand.contrast(brand.ink_on_white(colour), "#ffffff") >= 4.5, colour
