"""Demo video links become embeds built from the id alone."""

import pytest

from landing.pages.videos import parse_video


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
        "https://youtube.com/watch?feature=share&v=aqz-KE-bpKQ",
        "https://youtu.be/aqz-KE-bpKQ?t=10",
        "https://www.youtube.com/embed/aqz-KE-bpKQ",
        "https://www.youtube.com/shorts/aqz-KE-bpKQ",
        "https://m.youtube.com/watch?v=aqz-KE-bpKQ",
    ],
)
def test_youtube_links_embed_on_the_privacy_enhanced_host(url):
    video = parse_video(url)
    assert (video.kind, video.src) == (
        "youtube",
        "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?enablejsapi=1",
    )


def test_vimeo_and_mp4():
    assert (
        parse_video("https://vimeo.com/76979871").src
        == "https://player.vimeo.com/video/76979871?dnt=1"
    )
    assert parse_video("https://player.vimeo.com/video/76979871").kind == "vimeo"
    mp4 = parse_video("https://cdn.acme.com/demo.mp4")
    assert (mp4.kind, mp4.src) == ("mp4", "https://cdn.acme.com/demo.mp4")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "https://evil.example/page",
        "https://www.youtube.com/watch?v=short",
        'https://www.youtube.com/watch?v=aqz-KE-bpK"',
        "https://youtube.com/channel/UC123",
        "https://vimeo.com/about",
        "http://cdn.acme.com/demo.mp4",
        "not a url",
    ],
)
def test_anything_else_is_refused_with_a_message(url):
    with pytest.raises(ValueError, match=r"\S"):
        parse_video(url)


def test_a_video_link_must_be_one_short_https_line():
    import pytest

    from landing.pages.videos import check_video_url

    long = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&x=" + "a" * 3000
    for bad, says in ((long, "At most 500"), ("https://youtu.be/dQw4w9\tWgXcQ", "https://")):
        with pytest.raises(ValueError, match=says):
            check_video_url(bad)
