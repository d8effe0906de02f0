// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
  // A link in the error summary moves focus to the field itself, not just the scroll position.
  document.querySelectorAll(".loket-error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      var input = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
      if (input) { event.preventDefault(); input.focus(); input.scrollIntoView({ block: "center" }); }
    });
  });
});

// The receipt PDF is made after the response; offer it as soon as it exists (the confirmation page
// and the "De PDF wordt nog gemaakt" page). The element is a status region, so the change is announced.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-receipt-pdf]");
  var pending = box && box.querySelector("[data-pdf-pending]");
  if (!pending || !window.fetch) return;
  var url = box.getAttribute("data-pdf-url");
  var tries = 0;
  function poll() {
    tries += 1;
    fetch(url, { method: "HEAD", credentials: "same-origin" }).then(function (response) {
      if (response.status === 200) {
        pending.innerHTML = "";
        var link = document.createElement("a");
        link.className = "utrecht-link";
        link.href = url;
        link.setAttribute("download", "");
        // The page's own text, in the page's language.
        link.textContent = pending.getAttribute("data-ready-text") || "Download uw ontvangstbevestiging (PDF)";
        pending.appendChild(link);
      } else if (tries < 40) {
        setTimeout(poll, 1500);
      }
    });
  }
  setTimeout(poll, 1000);
});

// Logged in: show the timeout warning shortly before the login ends (WCAG 2.2.1). Without this
// script the notice with its "Verlengen" button is on every page already.
document.addEventListener("DOMContentLoaded", function () {
  var expiry = document.querySelector("[data-session-expiry]");
  var warning = document.querySelector("[data-session-warning]");
  if (!expiry || !warning) return;
  var left = parseInt(expiry.getAttribute("data-seconds-left"), 10);
  var before = parseInt(expiry.getAttribute("data-warn-before"), 10);
  if (isNaN(left) || isNaN(before)) return;
  setTimeout(function () {
    warning.hidden = false;
    var button = warning.querySelector("button");
    if (button) button.focus();
  }, Math.max(0, left - before) * 1000);
});
