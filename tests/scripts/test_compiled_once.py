"""Each template text is compiled once however many prospects it renders for, an edited
text renders as edited, and the cached templates are as sandboxed as fresh ones."""

from __future__ import annotations

import pytest
from jinja2.exceptions import SecurityError

from landing.calls import pitches
from landing.calls.pitches import build_pitch
from landing.core import clock
from landing.data.db import get_session
from landing.scripts import drafts, render, templates
from landing.scripts.library import Template, sample_context
from landing.team import company


@pytest.fixture
def compilations(monkeypatch):
    """Every text the sandbox compiles, from an empty cache."""
    render._compiled.cache_clear()
    seen: list[str] = []
    compile_text = render._env.from_string

    def counting(source, *args, **kwargs):
        seen.append(source)
        return compile_text(source, *args, **kwargs)

    monkeypatch.setattr(render._env, "from_string", counting)
    yield seen
    render._compiled.cache_clear()


def _template(voicemail: str) -> Template:
    return Template(
        key="t1",
        name="Test",
        goal="visit",
        attempt=1,
        voicemail=voicemail,
        email_subject="For {{ first_name }}",
        email_body="Hi {{ first_name }},\n\nSee {{ url }}.\n\n{{ rep_name }}",
        builtin=False,
        language="en",
    )


def test_many_prospects_with_one_template_compile_it_once(compilations):
    template = _template("Hi {{ first_name }}, it's {{ rep_name }}. See {{ spoken_url }}.")
    names = [f"Person{i}" for i in range(200)]
    pitches = [
        build_pitch(template, sample_context(first_name=name), goal="visit", attempt=1)
        for name in names
    ]
    assert [p.script.split(",")[0] for p in pitches] == [f"Hi {name}" for name in names]
    assert pitches[7].email_subject == "For Person7"
    assert len(compilations) == 3  # script, subject and body: once each, not 600 times
    assert render._compiled.cache_info().hits == 3 * 200 - 3


def test_an_edited_template_renders_its_new_text(compilations):
    context = sample_context()
    assert render.render_text("Hi {{ first_name }}.", context) == "Hi Rob."
    assert render.render_text("Hello there {{ first_name }}!", context) == "Hello there Rob!"
    assert render.render_text("Hi {{ first_name }}.", context) == "Hi Rob."
    assert len(compilations) == 2


def test_a_template_edited_in_the_studio_gives_the_next_pitch_its_new_text(
    app, make_rep, make_prospect
):
    rep = make_rep()
    prospect = make_prospect(rep)
    fields = {
        "name": "Mine", "goal": "visit", "attempt": "",
        "voicemail": "Hi {{ first_name }}, this is {{ rep_name }}: {{ spoken_url }}.",
        "email_subject": "Your page", "email_body": "Hi {{ first_name }}, {{ url }}",
    }  # fmt: skip
    with app.app_context():
        session = get_session()
        settings = company.current(session, app.config)
        row = templates.save_template(session, rep, team=False, **fields)
        drafts.activate(session, rep, str(row.id))
        key = templates.key_of(row)

        def script() -> str:
            pitch = pitches.pitch_for(
                session, prospect, rep, settings, today=clock.today(), template_key=key
            )
            return pitch.script

        assert script().startswith("Hi Rob, this is")
        edited = {**fields, "voicemail": "Rob? {{ rep_name }} here: {{ spoken_url }}."}
        templates.save_template(session, rep, team=False, template_id=row.id, **edited)
        assert script().startswith("Hi Rob, this is")  # a draft until activated
        drafts.activate(session, rep, key)
        assert script().startswith("Rob? ")


def test_the_cache_is_bounded(compilations):
    for i in range(render.COMPILED_KEPT + 10):
        render.render_text(f"Call {i} {{{{ first_name }}}}", sample_context())
    assert render._compiled.cache_info().currsize == render.COMPILED_KEPT


@pytest.mark.parametrize(
    "source",
    [
        "{{ first_name.__class__ }}",
        "{{ first_name.format.__globals__ }}",
        "{{ first_name.__class__.__mro__ }}",
    ],
)
def test_a_cached_template_is_still_sandboxed(compilations, source):
    for _ in range(2):  # compiled, then from the cache: refused both times
        with pytest.raises(SecurityError):
            render.render_text(source, sample_context())
    assert len(compilations) == 1
