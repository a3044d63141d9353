// The template editor's placeholders as buttons: a tap puts {{ name }} where the cursor is in
// the voicemail, subject or email body (the one last used). Without this file the same
// placeholders are a list to copy from; with it, the list folds under the buttons.
const fields = ["f-voicemail", "f-email_subject", "f-email_body"].map((id) => document.getElementById(id)).filter(Boolean);
const buttons = document.querySelector(".placeholder-buttons");
if (fields.length && buttons) {
  let target = fields[0];
  fields.forEach((field) => field.addEventListener("focus", () => { target = field; }));
  buttons.querySelectorAll("button[data-insert]").forEach((button) => {
    button.setAttribute("aria-label", `Insert ${button.dataset.insert}`);
    button.addEventListener("click", () => {
      const start = target.selectionStart ?? target.value.length;
      const end = target.selectionEnd ?? start;
      target.setRangeText(button.dataset.insert, start, end, "end");
      target.focus();
      target.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
  buttons.hidden = false;
  document.querySelector(".placeholder-meanings")?.removeAttribute("open");
  document.querySelectorAll(".js-only").forEach((note) => { note.hidden = false; });
}
