"""Where a personal video shows: first on the prospect's page, before the team's demo; its
plays and progress feed the call-next list as "watched 75% of Dana's video for you"."""

from __future__ import annotations

import re

from landing.calls import ranking
from landing.data.db import get_session
from landing.team import company
from tests.conftest import beacon, engage


def test_the_page_shows_the_personal_video_first_then_the_teams(
    app, client, prospect_client, add_video, video_file
):
    video = add_video(video_file())
    with app.app_context():
        company.save(
            get_session(), name="Acme", public_base_url="https://acme.com", offer_text="",
            video_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ", reference_1="",
            reference_2="",
        )  # fmt: skip
    html = prospect_client.get("/Rob-Mason").text
    personal = html.index(f'data-src="/_/video/{video.digest}.mp4"')
    assert 'data-beacon="personal"' in html
    assert f'<img src="/_/video/{video.digest}.jpg"' in html
    assert "Dana recorded this for you, Rob." in html
    assert "Play Dana’s video for you" in html
    assert personal < html.index("youtube-nocookie.com/embed/aqz-KE-bpKQ")
    # The poster and the video it leads to are served.
    assert client.get(f"/_/video/{video.digest}.jpg").status_code == 200


def test_a_video_not_ready_yet_is_not_shown(app, prospect_client, add_video, video_file):
    add_video(video_file(), process=False)
    html = prospect_client.get("/Rob-Mason").text
    assert "personal-video" not in html


def test_watching_the_personal_video_feeds_the_call_next_reason(
    app, prospect_client, add_video, video_file
):
    video = add_video(video_file())
    page = engage(prospect_client)
    token = re.search(r'data-hit="([^"]+)"', page.text).group(1)
    for kind in ("personal_play", "personal_25", "personal_50", "personal_75"):
        assert beacon(prospect_client, token, kind).status_code == 204
    with app.app_context():
        calls = ranking.call_next(get_session(), video.rep_id, ranking.Weights())
    assert calls[0].reason.startswith("watched 75% of Dana's video for you")
    kinds = {event.kind for event in calls[0].events}
    assert {"video_play", "video_75"} <= kinds  # weighted as the team's video is
