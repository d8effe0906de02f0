// The builder's drag and drop: moving a field posts the same "reorder" form a keyboard user
// reaches through the arrow buttons, so the server stays the one place a change is made.
(function () {
  "use strict";
  var form = document.querySelector("form[data-reorder]");
  if (!form) return;
  var dragged = null;
  var items = form.querySelectorAll("li[data-name]");

  function submitOrder(group) {
    var input = function (name, value) {
      var element = document.createElement("input");
      element.type = "hidden";
      element.name = name;
      element.value = value;
      form.appendChild(element);
    };
    input("action", "reorder");
    input("group", group);
    form.querySelectorAll("li[data-name]").forEach(function (item) {
      if (item.dataset.group === group) input("order", item.dataset.name);
    });
    form.submit();
  }

  items.forEach(function (item) {
    item.draggable = true;
    item.addEventListener("dragstart", function (event) {
      dragged = item;
      item.classList.add("loket-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.dataset.name);
    });
    item.addEventListener("dragend", function () {
      item.classList.remove("loket-dragging");
    });
    item.addEventListener("dragover", function (event) {
      if (dragged && dragged !== item && dragged.dataset.group === item.dataset.group) {
        event.preventDefault();
      }
    });
    item.addEventListener("drop", function (event) {
      if (!dragged || dragged === item || dragged.dataset.group !== item.dataset.group) return;
      event.preventDefault();
      var box = item.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      item.parentNode.insertBefore(dragged, after ? item.nextSibling : item);
      submitOrder(item.dataset.group);
    });
  });
})();
