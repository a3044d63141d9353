// The "Personal video" panel of a prospect's page (templates/app/_personal_video.html):
// record with the camera (or the screen with a camera bubble), or pick a file; send it in
// resumable chunks (landing/web/rep/videos.py describes the protocol); then watch the
// worker process it. Without this file the panel still shows the video's status.
(() => {
  const panel = document.getElementById("personal-video");
  if (!panel) return;
  const $ = (id) => document.getElementById(id);
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || "";
  const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
  const maxSeconds = Number(panel.dataset.maxSeconds) || 180;
  const maxBytes = Number(panel.dataset.maxBytes) || 500 * 1024 * 1024;
  const prospectId = Number(panel.dataset.prospectId);
  const firstName = panel.dataset.firstName;
  const mb = (bytes) => (bytes / 1048576).toFixed(bytes < 10485760 ? 1 : 0);
  const clock = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
  const show = (element, yes = true) => { element.hidden = !yes; };

  // ---- Talking to the server ----------------------------------------------------------
  async function call(url, options = {}) {
    const headers = { Accept: "application/json", "X-CSRFToken": csrf(), ...(options.headers || {}) };
    const response = await fetch(url, { ...options, headers, credentials: "same-origin" });
    let body = {};
    try { body = await response.json(); } catch { /* 204, or a proxy's HTML page */ }
    return { response, body };
  }
  const messageOf = (body, fallback) => body?.error?.message || fallback;
  const postJSON = (url, data) => call(url, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data),
  });

  // ---- Resumable upload ---------------------------------------------------------------
  // The upload's address is kept per file, so picking the same file after a reload (or a
  // crash) goes on from where the server's copy ends.
  const KEY = `landing-upload:${prospectId}:`;
  const keyOf = (file) => `${KEY}${file.name}:${file.size}:${file.lastModified || 0}`;
  const RETRIES = 8;
  let cancelled = false;
  let active = null;

  async function startOrResume(file) {
    const key = keyOf(file);
    const saved = localStorage.getItem(key);
    if (saved) {
      try {
        const { response, body } = await call(saved);
        if (response.ok && body.size === file.size) return { key, upload: body };
      } catch { /* offline: start again below, which says so if it fails too */ }
      localStorage.removeItem(key);
    }
    const { response, body } = await postJSON(panel.dataset.uploadsUrl, { name: file.name, size: file.size });
    if (!response.ok) throw new Error(messageOf(body, "The upload could not start."));
    localStorage.setItem(key, body.url);
    return { key, upload: body };
  }

  async function sendFile(file, progress) {
    const { key, upload } = await startOrResume(file);
    active = upload;
    let offset = upload.offset;
    let failures = 0;
    progress(offset, file.size);
    while (offset < file.size) {
      if (cancelled) throw new Error("Upload cancelled.");
      const end = Math.min(offset + upload.chunk_bytes, file.size);
      let result = null;
      try {
        result = await call(upload.url, {
          method: "PATCH",
          headers: { "Upload-Offset": String(offset), "Content-Type": "application/octet-stream" },
          body: file.slice(offset, end),
        });
      } catch { /* the connection dropped: retried below */ }
      const status = result?.response.status;
      if (result?.response.ok) {
        offset = result.body.offset;
        failures = 0;
        progress(offset, file.size);
        continue;
      }
      if (status === 409 && Number.isInteger(result.body.error?.offset)) {
        offset = result.body.error.offset; // the server had more (or less) than we thought
        continue;
      }
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
        localStorage.removeItem(key);
        throw new Error(messageOf(result.body, `The upload was refused (${status}).`));
      }
      failures += 1;
      if (failures > RETRIES) {
        throw new Error("The connection keeps dropping. Choose the same file again later: the upload goes on where it stopped.");
      }
      const wait = Math.min(30, 2 ** (failures - 1));
      progress(offset, file.size, `Connection lost: trying again in ${wait} s…`);
      await sleep(wait * 1000);
      try {
        const asked = await call(upload.url); // the chunk may have arrived before its answer was lost
        if (asked.response.ok) offset = asked.body.offset;
      } catch { /* still offline: the next try says so */ }
    }
    progress(file.size, file.size, "Finishing…");
    const { response, body } = await postJSON(upload.finish_url, { prospect_id: prospectId });
    if (!response.ok) {
      if (response.status !== 409) localStorage.removeItem(key);
      throw new Error(messageOf(body, "The upload could not be finished."));
    }
    localStorage.removeItem(key);
    return body;
  }

  const uploadState = $("upload-state");
  const uploadError = $("upload-error");
  const bar = $("upload-progress");
  const words = $("upload-words");

  async function upload(file) {
    show(uploadError, false);
    show($("upload-resume"), false);
    if (file.size > maxBytes) {
      fail(`${file.name} is ${mb(file.size)} MB; a video may be at most ${panel.dataset.maxMb} MB.`);
      return;
    }
    cancelled = false;
    show(uploadState);
    show($("video-start"), false);
    try {
      const video = await sendFile(file, (done, total, note) => {
        const percent = total ? Math.floor((done / total) * 100) : 0;
        bar.value = percent;
        words.textContent = note || `Uploading… ${percent}% (${mb(done)} of ${mb(total)} MB)`;
      });
      renderStatus(video);
      watch(video);
    } catch (error) {
      fail(error.message, cancelled ? null : file);
    } finally {
      active = null;
      show(uploadState, false);
      show($("video-start"));
    }
  }

  // A recording that failed to upload is kept, to try again (from where it stopped).
  let lastFile = null;
  function fail(message, file = null) {
    lastFile = file;
    uploadError.textContent = `${message} `;
    if (file) {
      const again = document.createElement("button");
      again.type = "button";
      again.className = "copy";
      again.textContent = "Try again";
      again.addEventListener("click", () => upload(lastFile));
      uploadError.append(again);
    }
    show(uploadError);
  }

  $("upload-cancel").addEventListener("click", async () => {
    cancelled = true;
    if (active) {
      try { await call(active.url, { method: "DELETE" }); } catch { /* abandoned; removed in a day */ }
      for (const key of Object.keys(localStorage)) {
        if (localStorage.getItem(key) === active.url) localStorage.removeItem(key);
      }
    }
  });

  const fileInput = $("video-file");
  fileInput.addEventListener("change", () => {
    const file = fileInput.files[0];
    fileInput.value = "";
    if (file) upload(file);
  });

  // An upload stopped by a reload or a lost connection: say so, and how to go on.
  (async () => {
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith(KEY)) continue;
      try {
        const { response, body } = await call(localStorage.getItem(key));
        if (!response.ok) { localStorage.removeItem(key); continue; }
        const note = $("upload-resume");
        note.textContent = `The upload of ${body.name} stopped at ${Math.floor((body.offset / body.size) * 100)}%. Choose the same file again to go on from there.`;
        show(note);
        return;
      } catch { return; }
    }
  })();

  // ---- Status, live -------------------------------------------------------------------
  const statusBox = $("video-status");

  function paragraph(text, className) {
    const p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  function renderStatus(video) {
    const parts = [];
    if (video.status === "ready") {
      if (video.poster_url) {
        const img = document.createElement("img");
        img.className = "video-poster";
        img.src = video.poster_url;
        img.alt = `Your video for ${firstName}`;
        parts.push(img);
      }
      const p = paragraph(`Ready: ${video.label} plays first on ${firstName}’s page. `, "ok");
      if (video.video_url) {
        const a = document.createElement("a");
        a.href = video.video_url;
        a.target = "_blank";
        a.rel = "noopener";
        a.textContent = "Watch it";
        p.append(a);
      }
      parts.push(p);
    } else if (video.status === "failed") {
      parts.push(paragraph(`${video.label} could not be used${video.error ? `: ${video.error}` : ""}. Record or upload another.`, "error"));
    } else {
      parts.push(paragraph(`Processing… ${video.label}. It shows on ${firstName}’s page once it is ready.`, "processing"));
    }
    statusBox.replaceChildren(...parts);
    statusBox.dataset.status = video.status;
  }

  async function watch(video) {
    let wait = 2000;
    let status = video.status;
    while (status === "received" || status === "processing") {
      await sleep(wait);
      wait = Math.min(10000, wait + 1000);
      try {
        const { response, body } = await call(video.status_url);
        if (!response.ok) return;
        renderStatus(body);
        status = body.status;
      } catch { /* offline for a moment: ask again */ }
    }
  }

  if (statusBox.dataset.statusUrl) {
    watch({ status: statusBox.dataset.status, status_url: statusBox.dataset.statusUrl });
  }

  // ---- Recording ----------------------------------------------------------------------
  const recorderBox = $("recorder");
  const live = $("rec-live");
  const playback = $("rec-playback");
  const recError = $("rec-error");
  const teleprompter = $("teleprompter");
  let camera = null;
  let screen = null;
  let stream = null;
  let recorder = null;
  let chunks = [];
  let recording = null;
  let started = 0;
  let timer = null;
  let painter = null;

  const canRecord = Boolean(navigator.mediaDevices?.getUserMedia && window.MediaRecorder);
  show($("record-open"), canRecord);
  // Phones have no screen to share (and some browsers there pretend they do).
  const desktop = !matchMedia("(pointer: coarse)").matches;
  show($("screen-choice"), canRecord && desktop && Boolean(navigator.mediaDevices?.getDisplayMedia));
  show($("video-start"));
  show($("video-hint"));

  function state(name) {
    const is = (...names) => names.includes(name);
    show(live, !is("review"));
    show(playback, is("review"));
    show($("rec-start"), is("ready"));
    show($("rec-stop"), is("recording"));
    show($("rec-retake"), is("review"));
    show($("rec-keep"), is("review"));
    show($("rec-timer"), is("recording"));
    panel.dataset.recorder = name;
  }

  function problem(message) {
    recError.textContent = message;
    show(recError);
  }

  function pickType() {
    const types = ["video/webm;codecs=vp9,opus", "video/webm;codecs=vp8,opus", "video/webm",
      "video/mp4;codecs=avc1,mp4a", "video/mp4"];
    return types.find((type) => MediaRecorder.isTypeSupported?.(type)) || "";
  }

  function hiddenVideo(source) {
    const video = document.createElement("video");
    video.muted = true;
    video.playsInline = true;
    video.srcObject = source;
    video.play().catch(() => {});
    return video;
  }

  // The screen with the rep's face in a round bubble, drawn on a canvas that is recorded.
  function composite(screenStream, cameraStream) {
    const canvas = document.createElement("canvas");
    const settings = screenStream.getVideoTracks()[0].getSettings();
    canvas.width = settings.width || 1280;
    canvas.height = settings.height || 720;
    const context = canvas.getContext("2d");
    const screenVideo = hiddenVideo(screenStream);
    const face = hiddenVideo(cameraStream);
    const draw = () => {
      context.drawImage(screenVideo, 0, 0, canvas.width, canvas.height);
      const d = Math.round(Math.min(canvas.width, canvas.height) * 0.3);
      const x = canvas.width - d - 24;
      const y = canvas.height - d - 24;
      const side = Math.min(face.videoWidth || 480, face.videoHeight || 480);
      context.save();
      context.beginPath();
      context.arc(x + d / 2, y + d / 2, d / 2, 0, Math.PI * 2);
      context.clip();
      context.drawImage(face, ((face.videoWidth || side) - side) / 2, ((face.videoHeight || side) - side) / 2, side, side, x, y, d, d);
      context.restore();
      context.lineWidth = Math.max(3, d / 60);
      context.strokeStyle = "#fff";
      context.beginPath();
      context.arc(x + d / 2, y + d / 2, d / 2, 0, Math.PI * 2);
      context.stroke();
    };
    // A timer, not requestAnimationFrame: the rep is on another tab while showing it.
    painter = setInterval(draw, 1000 / 30);
    const out = canvas.captureStream(30);
    cameraStream.getAudioTracks().forEach((track) => out.addTrack(track));
    screenStream.getVideoTracks()[0].addEventListener("ended", () => {
      if (recorder?.state === "recording") stopRecording();
    });
    return out;
  }

  async function openRecorder() {
    show(recError, false);
    show(recorderBox);
    show($("video-start"), false);
    state("opening");
    try {
      camera = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: "user" },
        audio: { echoCancellation: true, noiseSuppression: true },
      });
    } catch {
      problem("The camera or microphone could not be opened. Allow them for this site (the icon in the address bar), or upload a file instead.");
      return;
    }
    stream = camera;
    if ($("record-screen").checked) {
      try {
        screen = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 30 }, audio: false });
        stream = composite(screen, camera);
      } catch { /* the rep chose no screen: the camera alone */ }
    }
    live.srcObject = stream;
    live.classList.toggle("mirror", stream === camera);
    live.play().catch(() => {});
    state("ready");
    recorderBox.scrollIntoView({ block: "nearest" });
  }

  async function startRecording() {
    state("counting");
    const count = $("rec-countdown");
    show(count);
    for (const n of [3, 2, 1]) {
      count.textContent = String(n);
      await sleep(1000);
      if (!stream) { show(count, false); return; } // cancelled meanwhile
    }
    show(count, false);
    chunks = [];
    const type = pickType();
    recorder = new MediaRecorder(stream, type ? { mimeType: type, videoBitsPerSecond: 2500000 } : {});
    let bytes = 0;
    recorder.ondataavailable = (event) => {
      if (!event.data.size) return;
      chunks.push(event.data);
      bytes += event.data.size;
      if (bytes > maxBytes * 0.98) stopRecording();
    };
    recorder.onstop = () => {
      recording = new Blob(chunks, { type: recorder.mimeType || chunks[0]?.type || "video/webm" });
      playback.src = URL.createObjectURL(recording);
      state("review");
    };
    recorder.start(1000);
    started = performance.now();
    teleprompter.scrollTop = 0;
    state("recording");
    tick();
    timer = setInterval(tick, 250);
  }

  function tick() {
    const seconds = (performance.now() - started) / 1000;
    $("rec-time").textContent = clock(seconds);
    // The script scrolls at the pace it is meant to be read.
    const pace = Number(teleprompter.dataset.seconds) || 30;
    teleprompter.scrollTop = (seconds / pace) * (teleprompter.scrollHeight - teleprompter.clientHeight);
    if (seconds >= maxSeconds) stopRecording();
  }

  function stopRecording() {
    clearInterval(timer);
    if (recorder && recorder.state !== "inactive") recorder.stop();
  }

  function forgetRecording() {
    if (playback.src) URL.revokeObjectURL(playback.src);
    playback.removeAttribute("src");
    recording = null;
  }

  function closeRecorder() {
    clearInterval(timer);
    clearInterval(painter);
    if (recorder && recorder.state !== "inactive") {
      recorder.onstop = null;
      recorder.stop();
    }
    for (const source of [camera, screen, stream]) source?.getTracks().forEach((track) => track.stop());
    camera = screen = stream = recorder = null;
    live.srcObject = null;
    forgetRecording();
    show(recorderBox, false);
    show($("video-start"));
  }

  // Leaving would lose a take not yet kept, or stop an upload (which a return resumes).
  window.addEventListener("beforeunload", (event) => {
    if (recording || recorder?.state === "recording" || active) event.preventDefault();
  });

  $("record-open").addEventListener("click", openRecorder);
  $("rec-start").addEventListener("click", startRecording);
  $("rec-stop").addEventListener("click", stopRecording);
  $("rec-retake").addEventListener("click", () => { forgetRecording(); state("ready"); });
  $("rec-close").addEventListener("click", closeRecorder);
  $("rec-keep").addEventListener("click", () => {
    const kept = recording;
    const ext = kept.type.includes("mp4") ? "mp4" : "webm";
    const file = new File([kept], `Recording for ${firstName}.${ext}`, { type: kept.type, lastModified: Date.now() });
    closeRecorder();
    upload(file);
  });
})();
