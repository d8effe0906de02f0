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
