// Form logic in the browser: fields appear and disappear as the citizen answers.
// The server decides (builder/logic/rules.py); this file gives the same answer for the
// same rules and data, so the page never disagrees with what "Volgende" will do.
// It knows exactly the operators the server allows; the shared cases in
// tests/builder/logic_cases.json are run against both. Without JavaScript the server
// re-renders the page with the right fields.
(function () {
  "use strict";

  function truthy(value) {
    // JSON Logic truth as the server computes it (Python): empty lists and objects are false.
    if (Array.isArray(value)) return value.length > 0;
    if (value !== null && typeof value === "object") return Object.keys(value).length > 0;
    return Boolean(value);
  }

  function equals(a, b) {
    if (typeof a === "string" || typeof b === "string") {
      if (a === null || b === null) return false;
      return String(a) === String(b);
    }
    if (typeof a === "boolean" || typeof b === "boolean") return Boolean(a) === Boolean(b);
    if (a === null || b === null) return a === b;
    return a === b;
  }

  function less(a, b) {
    if (typeof a === "number" || typeof b === "number") {
      a = Number(a); b = Number(b);
      if (isNaN(a) || isNaN(b)) return null;
    }
    return a < b;
  }

  function compare(operator, a, b) {
    if (a === null || b === null) return null; // an unanswered field is neither greater nor less
    switch (operator) {
      case "<": return less(a, b);
      case ">": return less(b, a);
      case "<=": return truthy(less(a, b)) || equals(a, b);
      case ">=": return truthy(less(b, a)) || equals(a, b);
    }
  }

  function contains(needle, haystack) {
    if (typeof haystack === "string") return typeof needle === "string" ? haystack.indexOf(needle) !== -1 : null;
    if (Array.isArray(haystack)) return haystack.some(function (item) { return item === needle; });
    return false;
  }

  function lookup(data, path) {
    var value = data;
    var parts = String(path).split(".");
    for (var i = 0; i < parts.length; i++) {
      if (value === null || typeof value !== "object" || !(parts[i] in value)) return null;
      value = value[parts[i]];
    }
    return value === undefined ? null : value;
  }

  function evaluate(expression, data) {
    if (Array.isArray(expression)) return expression.map(function (item) { return evaluate(item, data); });
    if (expression === null || typeof expression !== "object") return expression;
    var operator = Object.keys(expression)[0];
    var args = expression[operator];
    if (!Array.isArray(args)) args = [args];
    if (operator === "var") return lookup(data, args[0]);
    var values = args.map(function (item) { return evaluate(item, data); });
    switch (operator) {
      case "==": return equals(values[0], values[1]);
      case "!=": return !equals(values[0], values[1]);
      case "<": case ">": case "<=": case ">=": return compare(operator, values[0], values[1]);
      case "!": return !truthy(values[0]);
      case "and": return values.every(truthy);
      case "or": return values.some(truthy);
      case "in": return contains(values[0], values[1]);
    }
    throw new Error("operator not allowed in form rules: " + operator);
  }

  // The same algorithm as Logic.evaluate: rules in the server's order; a field read only while shown.
  function outcome(logic, data) {
    var hidden = {}, forced = {}, required = {}, values = {};
    logic.shownIf.forEach(function (target) { hidden[target] = true; });
    function isHidden(path) {
      var parts = path.split(".");
      for (var end = 1; end <= parts.length; end++) if (hidden[parts.slice(0, end).join(".")]) return true;
      return false;
    }
    function read(path) {
      if (isHidden(path)) return null;
      return Object.prototype.hasOwnProperty.call(values, path) ? values[path] : lookup(data, path);
    }
    function view(expression) {
      // Only the rule's own reads, as the server builds them.
      var seen = {};
      (function walk(item) {
        if (Array.isArray(item)) { item.forEach(walk); return; }
        if (item === null || typeof item !== "object") return;
        Object.keys(item).forEach(function (key) {
          if (key === "var") {
            var name = Array.isArray(item[key]) ? item[key][0] : item[key];
            var parts = String(name).split("."), node = seen;
            for (var i = 0; i < parts.length - 1; i++) {
              if (typeof node[parts[i]] !== "object" || node[parts[i]] === null) node[parts[i]] = {};
              node = node[parts[i]];
            }
            node[parts[parts.length - 1]] = read(String(name));
          } else walk(item[key]);
        });
      })(expression);
      return seen;
    }
    logic.rules.forEach(function (rule) {
      var result;
      try { result = evaluate(rule.when, view(rule.when)); } catch (error) { result = null; }
      if (!truthy(result)) return;
      rule.then.forEach(function (action) {
        var target = action.field || action.step;
        switch (action.action) {
          case "show_step": case "show_field": if (!forced[target]) delete hidden[target]; break;
          case "hide_step": case "hide_field": forced[target] = true; hidden[target] = true; break;
          case "require_field": required[target] = true; break;
          case "optional_field": required[target] = false; break;
          case "set_value": values[target] = action.value; break;
        }
      });
    });
    return { hidden: Object.keys(hidden).sort(), required: required, isHidden: isHidden };
  }

  // --- the page -------------------------------------------------------------------

  var DUTCH_DATE = /^(\d{1,2})[-\/. ](\d{1,2})[-\/. ](\d{4})$/;

  function parse(type, raw) {
    // Posted text as the server stores it (builder/kinds): what rules compare.
    var text = raw.trim();
    if (text === "") return null;
    if (type === "number" || type === "integer") {
      text = text.replace(/ /g, "");
      if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)) text = text.replace(/\./g, "");
      var number = Number(text.replace(",", "."));
      if (!isFinite(number) || (type === "integer" && Math.floor(number) !== number)) return null;
      return number;
    }
    if (type === "date") {
      var match = DUTCH_DATE.exec(text);
      if (!match) return text;
      var day = Number(match[1]), month = Number(match[2]), year = Number(match[3]);
      var date = new Date(Date.UTC(year, month - 1, day));
      if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return text;
      return date.toISOString().slice(0, 10);
    }
    return text;
  }

  function stepData(form, logic) {
    var values = {};
    Object.keys(logic.types).forEach(function (name) {
      var type = logic.types[name];
      var inputs = form.querySelectorAll("[name='" + name + "']");
      var value = null;
      if (type === "boolean") {
        value = inputs.length ? inputs[0].checked : null;
      } else if (type === "array") {
        value = [];
        inputs.forEach(function (input) { if (input.checked) value.push(input.value); });
        if (!value.length) value = null;
      } else {
        inputs.forEach(function (input) {
          if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
          value = parse(type, input.value);
        });
      }
      if (value !== null) {
        var parts = name.split("."), node = values;
        for (var i = 0; i < parts.length - 1; i++) node = node[parts[i]] = node[parts[i]] || {};
        node[parts[parts.length - 1]] = value;
      }
    });
    return values;
  }

  function apply(form, logic) {
    var data = JSON.parse(JSON.stringify(logic.data));
    data[logic.step] = stepData(form, logic);
    var result = outcome(logic, data);
    form.querySelectorAll("[data-logic-field]").forEach(function (element) {
      element.hidden = result.isHidden(element.getAttribute("data-logic-field"));
    });
    form.querySelectorAll("[data-logic-optional]").forEach(function (mark) {
      var path = mark.getAttribute("data-logic-optional");
      var made = result.required[path];
      mark.hidden = made === undefined ? logic.required.indexOf(path) !== -1 : made;
    });
  }

  window.LoketLogic = { evaluate: evaluate, outcome: outcome, truthy: truthy, parse: parse };

  document.addEventListener("DOMContentLoaded", function () {
    var block = document.getElementById("loket-logic");
    if (!block) return;
    var logic = JSON.parse(block.textContent);
    var form = block.closest("form");
    var update = function () { apply(form, logic); };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  });
})();
