// The rep's side: copy buttons, the Listen button, and the live script linter and preview.
// Every page works without this file; it only saves clicks.

const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

function textOf(element) {
  if ("value" in element && element.tagName !== "BUTTON") return element.value;
  return element.href || element.innerText;
}

// Copy buttons: <button data-copy="element-id"> copies that element's text, value or link;
// with data-copy-html="template-id" also that template's HTML (Copy email: a mail program
// pastes the video's thumbnail as a link), falling back to the text alone.
async function copyRich(text, html) {
  if (html && window.ClipboardItem && navigator.clipboard.write) {
    try {
      await navigator.clipboard.write([new ClipboardItem({
        "text/html": new Blob([html], { type: "text/html" }),
        "text/plain": new Blob([text], { type: "text/plain" }),
      })]);
      return;
    } catch { /* a browser that refuses HTML on the clipboard: the text below */ }
  }
  await navigator.clipboard.writeText(text);
}

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  const label = button.textContent;
  const html = document.getElementById(button.dataset.copyHtml || "")?.innerHTML;
  try {
    await copyRich(textOf(source), html);
    button.textContent = "Copied";
  } catch {
    if (source.select) {
      source.select();
    } else {
      const range = document.createRange();
      range.selectNodeContents(source);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    }
    button.textContent = "Selected: press Ctrl+C";
  }
  setTimeout(() => { button.textContent = label; }, 1500);
});

// Listen: the browser reads the script aloud at the rep's pace. No audio leaves the browser.
// A speech rate of 1 is about 150 words a minute in common voices.
document.querySelectorAll("button[data-listen]").forEach((button) => {
  if (!("speechSynthesis" in window)) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const synth = window.speechSynthesis;
    if (synth.speaking) {
      synth.cancel();
      button.textContent = "Listen";
      return;
    }
    const source = document.getElementById(button.dataset.listen);
    const utterance = new SpeechSynthesisUtterance(textOf(source));
    utterance.rate = Math.min(2, Math.max(0.5, Number(button.dataset.wpm || 150) / 150));
    utterance.lang = document.documentElement.lang || "en";
    utterance.onend = () => { button.textContent = "Listen"; };
    button.textContent = "Stop";
    synth.speak(utterance);
  });
});

function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

async function postJSON(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  return response.json();
}

function showLint(result, ids) {
  const seconds = document.getElementById(ids.seconds);
  const list = document.getElementById(ids.warnings);
  const ok = document.getElementById(ids.ok);
  if (seconds) {
    seconds.textContent = seconds.textContent.replace(/about \d+ seconds/, `about ${result.seconds} seconds`);
    seconds.classList.toggle("warn", result.seconds > 30);
  }
  list.replaceChildren(...(result.warnings || []).map((w) => {
    const item = document.createElement("li");
    item.dataset.code = w.code;
    item.textContent = w.message;
    return item;
  }));
  if (ok) ok.hidden = (result.warnings || []).length > 0;
}

// The script on a prospect's page: linted again as the rep edits it.
const script = document.querySelector("textarea[data-lint-url]");
if (script) {
  script.addEventListener("input", debounce(async () => {
    const result = await postJSON(script.dataset.lintUrl, { text: script.value, goal: script.dataset.goal });
    if (result.warnings) showLint(result, { seconds: "script-seconds", warnings: "script-warnings", ok: "script-ok" });
  }, 300));
}

// The template editor: a live preview for three sample prospects, its errors, lint and gaps.
const editor = document.getElementById("template-editor");
if (editor) {
  const refresh = debounce(async () => {
    const fields = Object.fromEntries(new FormData(editor).entries());
    const result = await postJSON(editor.dataset.previewUrl, fields);
    const errors = document.getElementById("preview-errors");
    const problems = Object.entries(result.errors || {}).filter(([field]) => field !== "name");
    errors.replaceChildren(...problems.map(([field, message]) => {
      const item = document.createElement("li");
      item.textContent = `${field.replace("_", " ")}: ${message}`;
      return item;
    }));
    // A stale preview beside an error would show text the template no longer produces.
    document.getElementById("preview").hidden = problems.length > 0;
    if (problems.length) return;
    // The three sample prospects, rendered (and escaped) by the server's own template.
    document.getElementById("preview").innerHTML = result.samples_html;
  }, 300);
  editor.addEventListener("input", refresh);
  refresh();
}

// The call-next list, live: poll for new notices every 3 seconds, show them, refresh the
// list, and (when the rep allowed it) raise a desktop notification. Polling, not a held
// connection, so a sync gunicorn worker is never tied up by an open dashboard.
const live = document.getElementById("live");
if (live) {
  let latest = Number(live.dataset.latest || 0);
  const list = document.getElementById("call-next-list");
  const shown = document.getElementById("live-notices");
  const desktop = document.getElementById("desktop-notifications");
  if ("Notification" in window && Notification.permission === "default") {
    desktop.hidden = false;
    desktop.addEventListener("click", async () => {
      await Notification.requestPermission();
      desktop.hidden = true;
    });
  }
  const poll = async () => {
    try {
      const response = await fetch(`${live.dataset.liveUrl}?after=${latest}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const data = await response.json();
      latest = data.latest;
      for (const notice of data.notices) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = notice.url;
        link.textContent = notice.text;
        item.append(link);
        shown.prepend(item);
        if ("Notification" in window && Notification.permission === "granted") {
          const note = new Notification(notice.text, { tag: `landing-${notice.id}` });
          note.onclick = () => { window.focus(); location.href = notice.url; };
        }
      }
      if (data.list_html !== undefined) list.innerHTML = data.list_html;
      let badge = document.querySelector("#nav-notifications .badge");
      if (!badge && data.unread) {
        badge = document.createElement("span");
        badge.className = "badge";
        document.getElementById("nav-notifications").append(" ", badge);
      }
      if (badge) {
        badge.textContent = data.unread;
        badge.setAttribute("aria-label", `${data.unread} unread`);
        badge.hidden = !data.unread;
      }
    } catch {
      // Offline for a moment: the next poll catches up, nothing is lost server-side.
    } finally {
      setTimeout(poll, 3000);
    }
  };
  setTimeout(poll, 3000);
}

// The call session and the Undo: the forms work as plain posts; here they are sent in the
// background and the page is swapped in place (no reload, no jump to the top), keys press
// the buttons that show them, and the Undo button goes when its seconds are up.
function startUndoCountdown() {
  const undo = document.getElementById("undo");
  if (!undo || undo.dataset.counting) return;
  undo.dataset.counting = "1";
  let left = Number(undo.dataset.seconds || 0);
  const label = document.getElementById("undo-left");
  const tick = () => {
    if (!document.body.contains(undo)) return;
    if (left <= 0) { undo.remove(); return; }
    if (label) label.textContent = `for ${left} second${left === 1 ? "" : "s"}`;
    left -= 1;
    setTimeout(tick, 1000);
  };
  tick();
}

async function submitInPlace(form, submitter) {
  const body = new FormData(form);
  if (submitter && submitter.name) body.append(submitter.name, submitter.value);
  form.querySelectorAll("button").forEach((b) => { b.disabled = true; });
  try {
    const response = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
    const html = await response.text();
    const next = new DOMParser().parseFromString(html, "text/html");
    const main = next.querySelector("main");
    if (!response.ok || !main) throw new Error("not swapped");
    document.querySelector("main").replaceWith(main);
    document.title = next.title;
    if (response.url && response.url !== location.href) history.replaceState(null, "", response.url);
    const top = document.getElementById("call-top") || main;
    if (top.getBoundingClientRect().top < 0) top.scrollIntoView({ block: "start" });
    startUndoCountdown();
  } catch {
    // The plain post: the server's answer, whatever it is, as a page.
    if (submitter && submitter.name) {
      const chosen = Object.assign(document.createElement("input"), { type: "hidden", name: submitter.name, value: submitter.value });
      form.append(chosen);
    }
    form.submit();
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-call-form]");
  if (!form || !document.querySelector("[data-call-session]")) return;
  event.preventDefault();
  submitInPlace(form, event.submitter);
});

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  if (!document.querySelector("[data-call-session]")) return;
  if (event.target.closest("input, textarea, select, [contenteditable]")) return;
  const button = document.querySelector(`button[data-key="${CSS.escape(event.key.toLowerCase())}"]`);
  if (!button || button.disabled) return;
  event.preventDefault();
  button.form.requestSubmit(button);
});

startUndoCountdown();
