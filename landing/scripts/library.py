"""The built-in voicemail and email templates, written for this product, and what they may say.

Each built-in belongs to a goal and an attempt of the series; two voices per goal give the
rotation something to test. Template text is Jinja2, rendered in a sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass

# Every name a template may use. Rendering passes exactly these; anything else is refused
# when a template is saved.
PLACEHOLDERS = {
    "first_name": "the prospect's first name",
    "last_name": "the prospect's last name",
    "full_name": "the prospect's full name",
    "prospect_company": "the prospect's company",
    "title": "the prospect's title",
    "outcome": "the outcome the prospect wants, as a phrase",
    "rep_name": "your full name",
    "rep_first_name": "your first name",
    "rep_phone": "your phone number, as written",
    "rep_email": "your email address",
    "booking_url": "your booking link (may be empty)",
    "company": "your company's name",
    "references": "your referenceable customers, joined with 'and' (may be empty)",
    "reference": "your first referenceable customer (may be empty)",
    "url": "the prospect's page address",
    "spoken_url": "the page address as said aloud",
    "name_spelling": "a spelled-out hard name, e.g. 'Siobhan, S I O B H A N' (may be empty)",
    "callback_day": "the day you will call again, e.g. 'Thursday'",
    "attempt": "which voicemail of the series this is, 1 to 4",
}


@dataclass(frozen=True)
class Template:
    """A voicemail with its follow-up email, for one goal and (optionally) one attempt."""

    key: str  # built-ins: "{goal}-{voice}-{attempt}"; a team or rep template: its id
    name: str
    goal: str
    attempt: int | None  # None: any attempt
    voicemail: str
    email_subject: str
    email_body: str
    builtin: bool = True


def sample_context(**overrides) -> dict:
    """Typical values, for previews and for checking a template before it is saved."""
    context = {
        "first_name": "Rob",
        "last_name": "Mason",
        "full_name": "Rob Mason",
        "prospect_company": "Acme Logistics",
        "title": "Head of Operations",
        "outcome": "fewer late shipments",
        "rep_name": "Dana Reyes",
        "rep_first_name": "Dana",
        "rep_phone": "+1 415-555-0100",
        "rep_email": "dana@example.com",
        "booking_url": "https://cal.example/dana",
        "company": "Northwind",
        "references": "Globex and Initech",
        "reference": "Globex",
        "url": "https://northwind.example/Rob-Mason",
        "spoken_url": "northwind dot example forward slash Rob hyphen Mason",
        "name_spelling": "",
        "callback_day": "Thursday",
        "attempt": 1,
    }
    context.update(overrides)
    return context


# The built-in library, written for this product. Each voicemail follows the playbook's
# formula: the prospect's name first, who is calling and from where, a referenceable customer
# and the outcome they want when there are ones, their page said twice (with the spelling of a
# hard name after the first time), and the next step last. Attempt 1 says who we are, 2 how
# we help (as results), 3 why it is worth their time, 4 is the short last nudge.
# "<page>" below stands for the first time the address is said; _built() fills it in.
PAGE_ONCE = "{{ spoken_url }}.{% if name_spelling %} That's {{ name_spelling }}.{% endif %}"

# The follow-up email: a greeting, a lead that refers to the voicemail, the page on its own
# line, the goal's next step, an optional booking link, and the rep's signature.
EMAIL_FRAME = (
    "Hi {{ first_name }},\n\n<lead>\n\n{{ url }}\n\n<next>\n\n"
    "{% if booking_url %}<book>\n{{ booking_url }}{% endif %}\n\n"
    "{{ rep_name }}\n{{ company }}{% if rep_phone %}\n{{ rep_phone }}{% endif %}\n"
)

# goal: (the email's next step, the line before the booking link)
EMAIL_CLOSE = {
    "visit": (
        "I'll call you again on {{ callback_day }}.",
        "If you'd rather not wait for my call, pick a time here:",
    ),
    "educate": (
        "No need to reply; I'll call you on {{ callback_day }}.",
        "If you'd rather talk sooner, pick a time here:",
    ),
    "callback": (
        "If the timing is right, reply here or call me{% if rep_phone %} at {{ rep_phone }}"
        "{% endif %}.",
        "Or pick a time that suits you:",
    ),
    "prepare": (
        "When we speak on {{ callback_day }}, I'd like to start with what matters most to you.",
        "If {{ callback_day }} doesn't suit you, pick another time here:",
    ),
}

# (goal, voice): one (voicemail, email subject, email lead) per attempt, 1 to 4.
SERIES = {
    ("visit", "direct"): (
        (
            "Hi {{ first_name }}, this is {{ rep_name }} with {{ company }}."
            "{% if references %} Teams at {{ references }} work with us.{% endif %}"
            "{% if outcome %} If you're after {{ outcome }}, your{% else %} Your{% endif %}"
            " own short page is at <page> Again, {{ spoken_url }}."
            " Have a look, and I'll call you again on {{ callback_day }}.",
            "Your page, from my voicemail",
            "As I said in my voicemail, there's a short page just for you"
            "{% if outcome %}, on {{ outcome }}{% endif %}. It takes two minutes:",
        ),
        (
            "{{ first_name }}, it's {{ rep_name }} from {{ company }} again."
            " In short, you bring the goal{% if outcome %}, {{ outcome }},{% endif %}"
            " and you get a plan with numbers you can check"
            "{% if references %}, the way {{ references }} did{% endif %}."
            " Your page shows how that could look for you: <page>"
            " Again, {{ spoken_url }}. I'll call you again on {{ callback_day }}.",
            "After my voicemail, {{ first_name }}",
            "Thanks for listening to my voicemail. You bring the goal, and you get a plan with"
            " numbers you can check{% if reference %}, the way {{ reference }} did{% endif %}."
            " Your page shows how:",
        ),
        (
            "Hi {{ first_name }}, {{ rep_name }} at {{ company }}."
            " One reason this is worth two minutes of your time:"
            " {% if reference %}{{ reference }} got{% else %}teams like yours get{% endif %}"
            " {% if outcome %}{{ outcome }}{% else %}a clear result{% endif %}"
            " without adding work for their people. Your page has the short version: <page>"
            " Once more, {{ spoken_url }}. I'll call you again on {{ callback_day }}.",
            "My voicemail, in writing",
            "Here is my voicemail in writing: {% if reference %}{{ reference }} got"
            "{% else %}teams like yours get{% endif %}"
            " {% if outcome %}{{ outcome }}{% else %}a clear result{% endif %} without adding"
            " work for their people. Your page has the short version:",
        ),
        (
            "{{ first_name }}, {{ rep_name }} from {{ company }}, a quick last note."
            " Your page{% if outcome %} on {{ outcome }}{% endif %} is still up"
            "{% if reference %}, with the {{ reference }} story{% endif %}: <page>"
            " Again, {{ spoken_url }}. I'll call you again on {{ callback_day }}.",
            "One last note after my voicemail",
            "A short follow-up to my voicemail. Your page is still here whenever you have"
            " a minute:",
        ),
    ),
    ("visit", "share"): (
        (
            "Hi {{ first_name }}, {{ rep_name }} here, from {{ company }}"
            "{% if references %}; you may know our work with {{ references }}{% endif %}."
            " I have something to share with you{% if outcome %} about {{ outcome }}{% endif %},"
            " on a page with your name on it: <page> Again, {{ spoken_url }}."
            " I'll call you again on {{ callback_day }}.",
            "Something to share, as in my voicemail",
            "I mentioned in my voicemail that I have something to share with you"
            "{% if outcome %} about {{ outcome }}{% endif %}. It's on your page:",
        ),
        (
            "{{ first_name }}, it's {{ rep_name }} with {{ company }}. Something worth sharing:"
            " {% if reference %}{{ reference }}{% else %}a team much like yours{% endif %}"
            " went from wanting {% if outcome %}{{ outcome }}{% else %}a better quarter{% endif %}"
            " to seeing it in their numbers. Your page shows how that could work for you:"
            " <page> Again, {{ spoken_url }}. I'll call you again on {{ callback_day }}.",
            "What I shared in my voicemail",
            "Following up on my voicemail: {% if reference %}{{ reference }}{% else %}a team"
            " much like yours{% endif %} went from wanting"
            " {% if outcome %}{{ outcome }}{% else %}a better quarter{% endif %} to seeing it in"
            " their numbers. Your page shows how that could work for you:",
        ),
        (
            "Hi {{ first_name }}, {{ rep_name }} from {{ company }} again. Here's why this is"
            " worth a couple of minutes of your day"
            "{% if outcome %}: {{ outcome }}, sooner than you planned"
            "{% else %}: a result you can show your team{% endif %}"
            "{% if references %}, as {{ references }} found{% endif %}."
            " It's all on your page: <page> One more time, {{ spoken_url }}."
            " I'll call you again on {{ callback_day }}.",
            "Worth a couple of minutes (re: my voicemail)",
            "As promised in my voicemail, here is why this is worth a couple of minutes of your"
            " day. It's all on your page:",
        ),
        (
            "{{ first_name }}, {{ rep_name }} at {{ company }}, keeping it short."
            " What's worth sharing{% if outcome %} about {{ outcome }}{% endif %} is still on"
            " your page{% if reference %}, with {{ reference }}'s story{% endif %}: <page>"
            " Again, {{ spoken_url }}. I'll call you again on {{ callback_day }}.",
            "Re: my voicemail",
            "Just a quick note after my voicemail. What I wanted to share is still on your page:",
        ),
    ),
    ("educate", "story"): (
        (
            "Hi {{ first_name }}, this is {{ rep_name }} at {{ company }}."
            " Here's who we are, in one line: companies like yours come to us for"
            " {% if outcome %}{{ outcome }}{% else %}results they can measure{% endif %}"
            "{% if references %}, {{ references }} among them{% endif %}."
            " There's more on your page: <page> Again, {{ spoken_url }}."
            " I'll call you on {{ callback_day }} to hear what matters to you.",
            "Who we are, from my voicemail",
            "Thanks for hearing my voicemail. In one line: companies like yours come to"
            " {{ company }} for {% if outcome %}{{ outcome }}{% else %}results they can measure"
            "{% endif %}. There's more on your page:",
        ),
        (
            "{{ first_name }}, it's {{ rep_name }} from {{ company }}. How you'd get"
            " {% if outcome %}to {{ outcome }}{% else %}there{% endif %}: you pick the one result"
            " that matters most, and watch it move in your numbers"
            "{% if reference %}, the way {{ reference }} did{% endif %}."
            " Your page has the details: <page> Again, {{ spoken_url }}."
            " I'll call you on {{ callback_day }} to talk it through.",
            "How you'd get there (my voicemail)",
            "As I said in my voicemail, you pick the one result that matters most and watch it"
            " move in your numbers{% if reference %}, as {{ reference }} did{% endif %}."
            " The details:",
        ),
        (
            "Hi {{ first_name }}, {{ rep_name }} at {{ company }}. Why is this worth your time?"
            " Because reaching {% if outcome %}{{ outcome }}{% else %}your goal{% endif %}"
            " months sooner is worth far more than two minutes of your day"
            "{% if references %}, as {{ references }} found{% endif %}."
            " The numbers are on your page: <page> Once more, {{ spoken_url }}."
            " I'll call you on {{ callback_day }}.",
            "Why it's worth your time: my voicemail in writing",
            "A written copy of my voicemail: reaching {% if outcome %}{{ outcome }}{% else %}your"
            " goal{% endif %} a few months sooner is worth far more than the minutes it takes."
            " The numbers are here:",
        ),
        (
            "{{ first_name }}, {{ rep_name }} from {{ company }}, a last short note."
            " If you take one thing away: {% if outcome %}{{ outcome }}{% else %}the result you"
            " want{% endif %} is closer than it looks{% if reference %}, just ask"
            " {{ reference }}{% endif %}. It's on your page: <page> Again, {{ spoken_url }}."
            " I'll call you on {{ callback_day }}.",
            "The one thing from my voicemail",
            "The short version of my voicemail: {% if outcome %}{{ outcome }}{% else %}the"
            " result you want{% endif %} is closer than it looks. Your page:",
        ),
    ),
    ("educate", "peer"): (
        (
            "Hi {{ first_name }}, this is {{ rep_name }} with {{ company }}. You may not know us"
            " yet, so in brief: {% if references %}teams at {{ references }}{% else %}teams in"
            " your line of work{% endif %} count on us for {% if outcome %}{{ outcome }}"
            "{% else %}the results that matter to them{% endif %}. Your page tells you more:"
            " <page> Again, {{ spoken_url }}."
            " I'll call you on {{ callback_day }}, once you've had a look.",
            "In brief, after my voicemail",
            "Following my voicemail, in brief: {% if references %}teams at {{ references }}"
            "{% else %}teams in your line of work{% endif %} count on {{ company }} for"
            " {% if outcome %}{{ outcome }}{% else %}the results that matter to them{% endif %}."
            " Your page tells you more:",
        ),
        (
            "{{ first_name }}, {{ rep_name }} from {{ company }}. What teams like yours tell us:"
            " the first change they notice is {% if outcome %}{{ outcome }}{% else %}a result"
            " they can measure{% endif %}{% if reference %}, {{ reference }} included{% endif %}."
            " Your page shows what that could mean for you: <page> Again, {{ spoken_url }}."
            " I'll call you on {{ callback_day }}.",
            "What teams like yours notice first (my voicemail)",
            "As I said in my voicemail, the first change teams like yours notice is"
            " {% if outcome %}{{ outcome }}{% else %}a result they can measure{% endif %}."
            " Your page shows what that could mean for you:",
        ),
        (
            "Hi {{ first_name }}, it's {{ rep_name }} at {{ company }}. Why this is worth your"
            " time: leaders in your seat{% if references %}, at {{ references }} for one,"
            "{% endif %} say their only regret was not starting sooner"
            "{% if outcome %} on {{ outcome }}{% endif %}. Your page has their story: <page>"
            " Once more, {{ spoken_url }}. I'll call you on {{ callback_day }}.",
            "Their only regret, as in my voicemail",
            "I mentioned in my voicemail that leaders in your seat say their only regret was"
            " not starting sooner. Their story is on your page:",
        ),
        (
            "{{ first_name }}, {{ rep_name }} from {{ company }}, briefly. Teams like yours"
            "{% if reference %}, {{ reference }} among them,{% endif %} got to"
            " {% if outcome %}{{ outcome }}{% else %}their result{% endif %} faster than they"
            " expected. See how on your page: <page> Again, {{ spoken_url }}."
            " I'll call you on {{ callback_day }}.",
            "Briefly, after my voicemail",
            "A brief follow-up to my voicemail: teams like yours got to {% if outcome %}"
            "{{ outcome }}{% else %}their result{% endif %} faster than they expected. See how:",
        ),
    ),
    ("callback", "ask"): (
        (
            "Hi {{ first_name }}, this is {{ rep_name }} with {{ company }}"
            "{% if references %}, the team {{ references }} work with{% endif %}."
            " It's worth ten minutes of your time{% if outcome %} if you're after"
            " {{ outcome }}{% endif %}. Your page is <page> Again, {{ spoken_url }}."
            " Call me back {% if rep_phone %}at {{ rep_phone }}{% else %}at this number"
            "{% endif %}.",
            "Ten minutes? (my voicemail)",
            "I just left you a voicemail. If you're after {% if outcome %}{{ outcome }}"
            "{% else %}a clear result this year{% endif %}, it's worth ten minutes of your time."
            " Your page first:",
        ),
        (
            "{{ first_name }}, it's {{ rep_name }} from {{ company }}. Teams like yours"
            "{% if reference %}, {{ reference }} for one,{% endif %} come to us for"
            " {% if outcome %}{{ outcome }}{% else %}a result they can measure{% endif %},"
            " and see it in their numbers. You'll find the short version at <page>"
            " Once more, {{ spoken_url }}. If you want the same, give me a call"
            "{% if rep_phone %} at {{ rep_phone }}{% endif %}.",
            "The short version, as in my voicemail",
            "As in my voicemail: teams like yours come to {{ company }} for {% if outcome %}"
            "{{ outcome }}{% else %}a result they can measure{% endif %} and see it in their own"
            " numbers. The short version:",
        ),
        (
            "Hi {{ first_name }}, {{ rep_name }} at {{ company }}. Why call me back?"
            " You could see {% if outcome %}{{ outcome }}{% else %}results"
            "{% endif %} this quarter instead of next year"
            "{% if references %}, as {{ references }} did{% endif %}."
            " Your page has the details: <page> Again, {{ spoken_url }}."
            " Call me {% if rep_phone %}at {{ rep_phone }}{% else %}back at this number"
            "{% endif %}, and you'll get ten focused minutes.",
            "Why a call back is worth it (my voicemail)",
            "Following my voicemail: you could see {% if outcome %}{{ outcome }}{% else %}results"
            "{% endif %} this quarter instead of next year. The details are on your page:",
        ),
        (
            "{{ first_name }}, {{ rep_name }} from {{ company }}, one last try. Your page is"
            " still up{% if outcome %}, all about {{ outcome }}{% endif %}"
            "{% if reference %}, with {{ reference }}'s results{% endif %}: <page>"
            " Again, {{ spoken_url }}. If the timing is right for you, call me"
            "{% if rep_phone %} at {{ rep_phone }}{% endif %}.",
            "One last try after my voicemail",
            "One last note after my voicemail. Your page is still up:",
        ),
    ),
    ("callback", "curious"): (
        (
            "Hi {{ first_name }}, {{ rep_name }} here, with {{ company }}. You may not know us"
            " yet{% if references %}, but {{ references }} do{% endif %}. There's one thing on"
            " your page{% if outcome %} about {{ outcome }}{% endif %} I'd love your take on:"
            " <page> Again, {{ spoken_url }}. Then call me"
            "{% if rep_phone %} at {{ rep_phone }}{% else %} back at this number{% endif %}"
            " with your thoughts.",
            "Your take? (my voicemail)",
            "As I said in my voicemail, there's one thing on your page"
            "{% if outcome %} about {{ outcome }}{% endif %} I'd love your take on:",
        ),
        (
            "{{ first_name }}, it's {{ rep_name }} at {{ company }}. I have something to share"
            " with you: a quick way to see where {% if outcome %}{{ outcome }}{% else %}your"
            " next result{% endif %} could come from"
            "{% if reference %}, the same view {{ reference }} started with{% endif %}."
            " It's on your page, <page> Once more, {{ spoken_url }}."
            " Call me{% if rep_phone %} at {{ rep_phone }}{% endif %} when you've seen it.",
            "Something to share, after my voicemail",
            "Following my voicemail: I have something to share with you, a quick way to see"
            " where {% if outcome %}{{ outcome }}{% else %}your next result{% endif %} could"
            " come from. It's on your page:",
        ),
        (
            "Hi {{ first_name }}, {{ rep_name }} from {{ company }}. One number on your page made"
            " {% if reference %}{{ reference }}{% else %}other leaders{% endif %} pick up the"
            " phone{% if outcome %}, and it's about {{ outcome }}{% endif %}."
            " See if it does the same for you: <page> Again, {{ spoken_url }}."
            " If it does, call me{% if rep_phone %} at {{ rep_phone }}{% else %} back at this"
            " number{% endif %}.",
            "The number from my voicemail",
            "The number I mentioned in my voicemail is on your page{% if reference %}; it's the"
            " one that made {{ reference }} pick up the phone{% endif %}:",
        ),
        (
            "{{ first_name }}, {{ rep_name }} at {{ company }}, a short one. Still curious what's"
            " waiting for you on your page{% if outcome %} about {{ outcome }}{% endif %}"
            "{% if reference %}, or what it did for {{ reference }}{% endif %}? <page>"
            " Again, {{ spoken_url }}. Call me{% if rep_phone %} at {{ rep_phone }}{% endif %}.",
            "Still curious? (my voicemail)",
            "A short follow-up to my voicemail. Your page is still waiting for you:",
        ),
    ),
    ("prepare", "agenda"): (
        (
            "Hi {{ first_name }}, this is {{ rep_name }} with {{ company }}"
            "{% if references %}, trusted by {{ references }}{% endif %}."
            " Your page gives you the two-minute version of {{ company }}: <page>"
            " Again, {{ spoken_url }}. When we speak on {{ callback_day }}, I'd like to hear"
            " {% if outcome %}what {{ outcome }} would be worth to you{% else %}what matters"
            " most to you this year{% endif %}.",
            "Before we speak on {{ callback_day }} (my voicemail)",
            "As I said in my voicemail, your page gives you the two-minute version of"
            " {{ company }} before we speak:",
        ),
        (
            "{{ first_name }}, it's {{ rep_name }} from {{ company }}. Before our call on"
            " {{ callback_day }}, your page shows you the results teams like yours"
            " get{% if reference %}, {{ reference }} included{% endif %}: <page>"
            " Again, {{ spoken_url }}. When we speak, I'd like to map"
            " {% if outcome %}{{ outcome }}{% else %}those results{% endif %} onto your"
            " numbers, so bring one you care about.",
            "For our call on {{ callback_day }} (my voicemail)",
            "Following my voicemail: so our call is useful to you, your page shows the results"
            " teams like yours get. Bring one number you care about:",
        ),
        (
            "{{ first_name }}, {{ rep_name }} at {{ company }}, ahead of our call on"
            " {{ callback_day }}. Why it's worth your time: you may be closer to"
            " {% if outcome %}{{ outcome }}{% else %}your goal{% endif %} than you think"
            "{% if references %}, as {{ references }} were{% endif %}."
            " Your page has the numbers: <page> Again, {{ spoken_url }}."
            " When we speak, I'd like to start with your questions.",
            "Why our call is worth your time (my voicemail)",
            "As in my voicemail: you may be closer to {% if outcome %}{{ outcome }}{% else %}your"
            " goal{% endif %} than you think. The numbers are here:",
        ),
        (
            "{{ first_name }}, {{ rep_name }} from {{ company }}, quickly. When we speak on"
            " {{ callback_day }}, I'd like ten minutes on {% if outcome %}{{ outcome }}"
            "{% else %}your goals{% endif %}{% if reference %} and what worked for"
            " {{ reference }}{% endif %}. Your page sets it up for you: <page>"
            " Again, {{ spoken_url }}. Talk to you then.",
            "Quick note after my voicemail",
            "A quick note after my voicemail. Your page sets up our call:",
        ),
    ),
    ("prepare", "question"): (
        (
            "Hi {{ first_name }}, {{ rep_name }} here, from {{ company }}"
            "{% if references %}, the team behind results at {{ references }}{% endif %}."
            " Your page tells you a little about {{ company }}: <page> Again, {{ spoken_url }}."
            " When we speak on {{ callback_day }}, I'd like to ask you one thing:"
            " {% if outcome %}what would {{ outcome }} be worth to you{% else %}what result"
            " would make your year{% endif %}?",
            "One question before {{ callback_day }} (my voicemail)",
            "As I said in my voicemail, one question for you before we speak:"
            " {% if outcome %}what would {{ outcome }} be worth to you{% else %}what result"
            " would make your year{% endif %}? Your page has a little about {{ company }}:",
        ),
        (
            "{{ first_name }}, it's {{ rep_name }} with {{ company }}. Teams like yours"
            "{% if reference %}, {{ reference }} included,{% endif %} get"
            " {% if outcome %}{{ outcome }}{% else %}results they can measure{% endif %} once"
            " they know where to look. Your page shows where: <page> Again, {{ spoken_url }}."
            " When we speak on {{ callback_day }}, I'd like to know where you would look first.",
            "Where would you look first? (my voicemail)",
            "Following my voicemail: teams like yours get {% if outcome %}{{ outcome }}"
            "{% else %}results they can measure{% endif %} once they know where to look."
            " Your page shows where:",
        ),
        (
            "Hi {{ first_name }}, {{ rep_name }} at {{ company }}. Here's a question worth your"
            " time: what is it costing you to wait on {% if outcome %}{{ outcome }}{% else %}your"
            " top goal{% endif %}?{% if references %} {{ references }} asked themselves the"
            " same.{% endif %} Your page helps you size it: <page> Again, {{ spoken_url }}."
            " When we speak on {{ callback_day }}, I'd like to hear your number.",
            "The question from my voicemail",
            "The question from my voicemail: what is it costing you to wait on"
            " {% if outcome %}{{ outcome }}{% else %}your top goal{% endif %}?"
            " Your page helps you size it:",
        ),
        (
            "{{ first_name }}, {{ rep_name }} from {{ company }}, briefly. Your page"
            "{% if outcome %} on {{ outcome }}{% endif %}{% if reference %}, with"
            " {{ reference }}'s results,{% endif %} is ready: <page> Again, {{ spoken_url }}."
            " When we speak on {{ callback_day }}, your answer can be one word: yes, no,"
            " or not yet.",
            "Yes, no, or not yet? (my voicemail)",
            "A brief follow-up to my voicemail. Your page is ready:",
        ),
    ),
}


def _built() -> tuple[Template, ...]:
    templates = []
    for (goal, voice), attempts in SERIES.items():
        next_step, book = EMAIL_CLOSE[goal]
        for attempt, (voicemail, subject, lead) in enumerate(attempts, start=1):
            body = EMAIL_FRAME.replace("<lead>", lead)
            body = body.replace("<next>", next_step).replace("<book>", book)
            templates.append(
                Template(
                    key=f"{goal}-{voice}-{attempt}",
                    name=f"{voice.capitalize()}, voicemail {attempt} of {len(attempts)}",
                    goal=goal,
                    attempt=attempt,
                    voicemail=voicemail.replace("<page>", PAGE_ONCE),
                    email_subject=subject,
                    email_body=body,
                )
            )
    return tuple(templates)


BUILTINS: tuple[Template, ...] = _built()
