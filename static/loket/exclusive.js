// Options that exclude the others ("geen van deze"): ticking one unticks the rest of its group,
// ticking another option unticks it. Without this file the server refuses the combination.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("input[type=checkbox]") || !box.checked) return;
  var group = box.closest("fieldset");
  if (!group) return;
  var others = group.querySelectorAll('input[type=checkbox][name="' + CSS.escape(box.name) + '"]');
  Array.prototype.forEach.call(others, function (other) {
    if (other === box || !other.checked) return;
    if (box.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive")) other.checked = false;
  });
});
