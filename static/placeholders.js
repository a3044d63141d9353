// The template editor's placeholders as buttons: a tap puts {{ name }} where the cursor is in
// the voicemail, subject or email body (the one last used). Without this file the same
// placeholders are a list to copy from.
const fields = ["f-voicemail", "f-email_subject", "f-email_body"].map((id) => document.getElementById(id)).filter(Boolean);
if (fields.length) {
  let target = fields[0];
  fields.forEach((field) => field.addEventListener("focus", () => { target = field; }));
  document.querySelectorAll("button[data-insert]").forEach((button) => {
    button.hidden = false;
    button.previousElementSibling?.setAttribute("hidden", "");
    button.setAttribute("aria-label", `Insert ${button.dataset.insert}`);
    button.addEventListener("click", () => {
      const text = button.dataset.insert;
      const start = target.selectionStart ?? target.value.length;
      const end = target.selectionEnd ?? start;
      target.setRangeText(text, start, end, "end");
      target.focus();
      target.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
  document.querySelectorAll(".js-only").forEach((note) => { note.hidden = false; });
}
