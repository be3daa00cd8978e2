// The page's only script besides htmx (CSP: no inline script). It sends the CSRF token
// with every htmx request, and gives elements with data-key="x" a keyboard shortcut:
// pressing x (outside a text field) clicks them, as the auditor's review queue uses.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRF-Token"] = meta.content; }
});
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) { return; }
  var target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
  var el = document.querySelector('[data-key="' + CSS.escape(event.key) + '"]');
  if (!el) { return; }
  event.preventDefault();
  // a verdict that must say why (data-needs-note) goes to an empty note, not to the server
  var note = el.form && el.hasAttribute("data-needs-note") ? el.form.querySelector("textarea[name=note]") : null;
  if (note && !note.value.trim()) { note.focus(); return; }
  el.click();
});
// a refused form's problems (#problems) may sit far below the top of a long page: the
// page opens on them, focused, so they are seen and read out (a fragment in the form's
// action would follow the redirect of a form that succeeded)
document.addEventListener("DOMContentLoaded", function () {
  var problems = document.getElementById("problems");
  if (problems) { problems.focus(); }
});
