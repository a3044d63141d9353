// Tells the server that a person, not a link scanner, has this page open and what they
// did: POST /_/b t=<hit token>&k=<kind>&s=<key>, each kind once. The key is this page
// view's, asked for once (POST /_/b/key): the page itself does not hold it. The page works
// without any of this.
(() => {
  // currentScript is set while a classic script runs, deferred ones included.
  const me = document.currentScript || document.querySelector("script[data-hit]");
  const { hit, beacon } = (me && me.dataset) || {};
  if (!hit || !beacon) return;
  const key = fetch(beacon + "/key", { method: "POST", body: new URLSearchParams({ t: hit }) })
    .then((r) => (r.ok ? r.json() : {}))
    .then((j) => j.key || "")
    .catch(() => "");
  let known = ""; // the key once it came: a click must not wait for a promise to report
  key.then((k) => (known = k));
  const sent = new Set();
  const report = (k, s) => {
    const body = new URLSearchParams({ t: hit, k, s });
    // sendBeacon outlives the page (a link being followed); it says false when refused.
    if (!(navigator.sendBeacon && navigator.sendBeacon(beacon, body))) {
      fetch(beacon, { method: "POST", body, keepalive: true }).catch(() => {});
    }
  };
  const send = (k) => {
    if (sent.has(k)) return;
    sent.add(k);
    if (known) report(k, known);
    else key.then((s) => s && report(k, s));
  };
  const on = (target, types, fn, opts) =>
    types.forEach((type) => target.addEventListener(type, fn, opts));

  // Scanners load a page and leave; a person keeps it on screen. Hidden time does not count.
  let shown = 0, since = null, timer;
  const seen = () => {
    const now = performance.now();
    if (document.visibilityState === "visible") {
      if (since !== null) return;
      since = now;
      timer = setTimeout(send, 3000 - shown, "visible");
    } else if (since !== null) {
      shown += now - since;
      since = null;
      clearTimeout(timer);
      if (shown >= 3000) send("visible"); // its timer was throttled
    }
  };
  on(document, ["visibilitychange"], seen);
  seen();

  // A quarter of the way down is reading, not a twitch. A page shorter than the screen
  // cannot scroll, so there a wheel turn or a swipe is the same sign.
  on(window, ["scroll", "wheel", "touchmove"], (e) => {
    if (sent.has("scroll")) return; // spare the layout read below
    const room = document.documentElement.scrollHeight - innerHeight;
    if (room > 0 ? scrollY >= room / 4 : e.type !== "scroll") send("scroll");
  }, { passive: true });

  // Sent as the click happens, before the browser follows the link.
  on(document, ["click", "auxclick"], (e) => {
    const what = e.button < 2 && e.target.closest && e.target.closest("[data-track]");
    const kind = what && what.dataset.track;
    if (["call", "email", "booking", "offer"].includes(kind)) send("click_" + kind);
  }, true);

  // Milestones count once the visitor pressed play: seeking a paused video is not watching.
  // The rep's personal video reports as personal_*, the team's as video_* (data-beacon).
  const play = (p) => { p.played = true; send((p.kind || "video") + "_play"); };
  const progress = (p, part) => {
    if (!p.played) return;
    const kind = p.kind || "video";
    [25, 50, 75].forEach((m) => part >= m / 100 && send(kind + "_" + m));
    if (part >= 0.99) send(kind + "_100");
  };
  const watchVideo = (v, p) => {
    v.addEventListener("play", () => play(p));
    v.addEventListener("timeupdate", () => progress(p, v.currentTime / v.duration));
    v.addEventListener("ended", () => progress(p, 1));
  };
  document.querySelectorAll("video").forEach((v) => watchVideo(v, {}));

  // YouTube and Vimeo players speak postMessage: their scripts are not needed for that.
  const YOUTUBE = ["https://www.youtube-nocookie.com", "https://www.youtube.com"];
  const VIMEO = ["https://player.vimeo.com"];
  const players = new Map(); // the frame's window → its state
  // YouTube reads JSON text; Vimeo objects, as its own player.js sends them.
  const post = (p, m) => p.win.postMessage(p.vimeo ? m : JSON.stringify(m), p.origin);
  const yt = (p, m) => post(p, Object.assign(m, { id: p.id, channel: "widget" }));
  // Both ignore messages until their API is up, so say hello until they answer.
  const hello = (p) => {
    let tries = 0;
    p.heard = false;
    clearInterval(p.timer);
    const ping = () => {
      if (p.heard || ++tries > 120) return clearInterval(p.timer); // 30 s: a slow phone
      p.vimeo ? post(p, { method: "ping" }) : yt(p, { event: "listening" });
    };
    p.timer = setInterval(ping, 250);
    ping();
  };
  const subscribe = (p) =>
    p.vimeo
      ? ["play", "timeupdate", "ended"].forEach((value) =>
          post(p, { method: "addEventListener", value }))
      : yt(p, { event: "command", func: "addEventListener", args: ["onStateChange"] });
  const state = (p, s) => (s === 1 ? play(p) : s === 0 && progress(p, 1));

  // The page loads no player: the poster is a link to the video's own page, and a tap puts
  // the player in its place. The tap is the play (the player starts itself), so it counts.
  let frames = 0;
  const SILENCE = 8000; // ms after the player's frame loaded; a real player answers in < 1 s
  on(document, ["click"], (e) => {
    const poster = e.button === 0 && !(e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) &&
      e.target.closest && e.target.closest("a[data-video][data-src]");
    if (!poster) return;
    const src = new URL(poster.dataset.src, location.href);
    const mp4 = poster.dataset.video === "mp4";
    const vimeo = VIMEO.includes(src.origin);
    if (!mp4 && !vimeo && !YOUTUBE.includes(src.origin)) return; // unknown: stay a link
    e.preventDefault();
    const p = { kind: poster.dataset.beacon };
    play(p);
    if (mp4) {
      const v = document.createElement("video");
      Object.assign(v, { src: src.href, controls: true, autoplay: true, playsInline: true });
      watchVideo(v, p);
      poster.replaceWith(v);
      v.play().catch(() => {}); // refused (no sound allowed yet): its controls remain
      return v.focus();
    }
    if (!vimeo) {
      // YouTube posts player events only to the origin its URL names: the browser's own,
      // right behind any proxy.
      src.searchParams.set("enablejsapi", "1");
      src.searchParams.set("origin", location.origin);
    }
    const frame = document.createElement("iframe");
    Object.assign(frame, {
      src: src.href, title: poster.dataset.title || "Video", allowFullscreen: true,
      referrerPolicy: "strict-origin-when-cross-origin",
    });
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    poster.replaceWith(frame);
    Object.assign(p, {
      win: frame.contentWindow, origin: src.origin, id: ++frames, vimeo,
      hosts: vimeo ? VIMEO : YOUTUBE,
    });
    players.set(p.win, p);
    // A network that blocks the host still fires load (on its error page), but no player
    // answers: then the poster comes back, now a plain link to the video's own page.
    frame.addEventListener("load", () => {
      hello(p);
      clearTimeout(p.silence);
      p.silence = setTimeout(() => {
        if (p.heard || !frame.isConnected) return;
        clearInterval(p.timer);
        players.delete(p.win);
        delete poster.dataset.src;
        poster.classList.add("video-failed");
        const words = poster.querySelector(".video-failed-words");
        if (words) poster.setAttribute("aria-label", words.textContent);
        frame.replaceWith(poster);
      }, SILENCE);
    });
    frame.focus();
  });

  addEventListener("message", (e) => {
    const p = e.source && players.get(e.source);
    if (!p || !p.hosts.includes(e.origin)) return;
    let m = e.data;
    try {
      if (typeof m === "string") m = JSON.parse(m);
    } catch (_) {
      return;
    }
    if (!m || typeof m !== "object") return;
    if (!p.heard) subscribe(p);
    p.heard = true;
    const info = m.info;
    if (p.vimeo) {
      if (m.event === "play") play(p);
      if (m.event === "timeupdate" && m.data) progress(p, Number(m.data.percent));
      if (m.event === "ended") progress(p, 1);
    } else if (m.event === "onStateChange") {
      state(p, info);
    } else if (m.event === "infoDelivery" && info && typeof info === "object") {
      if (typeof info.duration === "number") p.duration = info.duration; // sent on change
      if ("playerState" in info) state(p, info.playerState);
      if (typeof info.currentTime === "number") progress(p, info.currentTime / p.duration);
    }
  });
})();
