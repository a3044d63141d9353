"""The follow-up email as HTML (landing/calls/pitches.py email_html): what "Copy email" puts
on the clipboard for a mail program that pastes HTML."""

from __future__ import annotations

from landing.calls.pitches import email_html, with_video

PAGE = "https://acme.com/Rob-Mason"
VIDEO = {"thumbnail_url": "https://acme.com/_/video/" + "a" * 64 + "-" + "b" * 16 + ".gif"}


def test_the_thumbnail_links_to_the_page_under_the_greeting_in_the_prospects_language():
    html = email_html(f"Hallo Rob,\n\nIhre Seite: {PAGE}\nDana", PAGE, VIDEO, "de-AT")
    assert html.startswith("<p>Hallo Rob,</p>\n")
    assert f'<p>Ihre Seite: <a href="{PAGE}">{PAGE}</a><br>\nDana</p>' in html
    assert "<p>Ich habe ein kurzes Video für Sie aufgenommen:</p>" in html
    assert f'<a href="{PAGE}"><img src="{VIDEO["thumbnail_url"]}"' in html
    # Read first, before the rest: right under the greeting.
    assert html.index("Video für Sie") < html.index("Ihre Seite")


def test_without_a_video_it_is_the_text_alone():
    assert email_html("Hi Rob,\n\nSee you.", PAGE, {}, "en") == "<p>Hi Rob,</p>\n<p>See you.</p>"


def test_nothing_a_template_or_a_name_says_becomes_markup():
    html = email_html(
        'Hi <img src=x onerror=alert(1)> & "you",\n\nhttps://acme.com/a"onmouseover="x',
        PAGE,
        {},
        "en",
    )
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;you&#34;" in html
    link = '<a href="https://acme.com/a">https://acme.com/a</a>&#34;onmouseover=&#34;x'
    assert link in html  # a quote ends a link: no attribute can follow


def test_the_texts_video_line_is_under_the_greeting_or_first_without_one():
    text = with_video("Hi Rob,\n\nYour page: x\n\nDana", PAGE, VIDEO, "en")
    assert text == f"Hi Rob,\n\nI recorded a short video for you: {PAGE}\n\nYour page: x\n\nDana\n"
    assert VIDEO["thumbnail_url"] not in text  # the picture's address is noise as text
    text = with_video("Your page is ready: x\n\nDana", PAGE, VIDEO, "en")
    assert text.startswith(f"I recorded a short video for you: {PAGE}\n\nYour page")
