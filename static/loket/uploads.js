// Progress while files upload. Without this file the form posts as usual; with it, the same
// post goes through XMLHttpRequest so the page can show how far the upload is.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-upload-form]");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var pressed = null;
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[type=submit], button:not([type])");
    if (button) pressed = button;
  });
  form.addEventListener("submit", function (event) {
    var hasFiles = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length > 0;
    });
    if (!hasFiles) return;
    event.preventDefault();
    var data = new FormData(form);
    if (pressed && pressed.name) data.append(pressed.name, pressed.value);
    var status = document.createElement("div");
    status.setAttribute("role", "status");
    status.className = "loket-upload__status";
    var progress = document.createElement("progress");
    progress.className = "loket-upload__progress";
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", "Voortgang van het uploaden");
    var text = document.createElement("span");
    text.textContent = "Bestanden worden geüpload…";
    status.appendChild(text);
    status.appendChild(progress);
    form.querySelector(".loket-actions").appendChild(status);
    form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
    var request = new XMLHttpRequest();
    request.open("POST", form.getAttribute("action") || window.location.href);
    request.upload.addEventListener("progress", function (progressEvent) {
      if (!progressEvent.lengthComputable) return;
      var percent = Math.round((progressEvent.loaded / progressEvent.total) * 100);
      progress.value = percent;
      text.textContent = "Bestanden worden geüpload: " + percent + "%";
    });
    request.addEventListener("load", function () {
      if (request.responseURL && request.responseURL !== window.location.href) {
        // Accepted: the server sent us on to the next page.
        window.location.assign(request.responseURL);
        return;
      }
      // The same step again (an error, or a removed file): show it as the server made it.
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", function () {
      // The network failed: post the normal way, so the browser shows what happened.
      form.querySelectorAll("button").forEach(function (button) { button.disabled = false; });
      status.remove();
      form.submit();
    });
    request.send(data);
  });
});
