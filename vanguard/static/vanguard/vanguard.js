/* Vanguard's page behaviour: charts, tree expand/collapse, searchable pickers, confirmations. Works with htmx swaps. */
(function () {
  "use strict";

  var PALETTE = ["#c8161d", "#e8743b", "#f2b134", "#3a7bd5", "#2fb380", "#8e5ec6", "#5b6b7f", "#d94f70"];

  function drawCharts(root) {
    if (typeof window.echarts === "undefined") return;
    (root || document).querySelectorAll("[data-vg-chart]").forEach(function (el) {
      if (el.vgChart) return;
      var source = document.getElementById(el.getAttribute("data-vg-chart"));
      if (!source) return;
      var options = JSON.parse(source.textContent);
      if (!options.color) options.color = PALETTE;
      if (!options.textStyle) options.textStyle = { fontFamily: getComputedStyle(document.body).fontFamily };
      el.vgChart = window.echarts.init(el, null, { renderer: "canvas" });
      el.vgChart.setOption(options);
    });
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      document.querySelectorAll("[data-vg-chart]").forEach(function (el) {
        if (el.vgChart) el.vgChart.resize();
      });
    }, 100);
  });

  /* Tree: the first click loads a node's children (htmx), later clicks show or hide them. */
  function setExpanded(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.setAttribute("aria-label", open ? "收起" : "展开");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".vg-toggle[data-children]");
    if (!button) return;
    event.preventDefault();
    var box = document.getElementById(button.getAttribute("data-children"));
    if (!box) return;
    if (button.getAttribute("data-loaded") === "1") {
      box.hidden = !box.hidden;
      setExpanded(button, !box.hidden);
      return;
    }
    if (button.getAttribute("data-loading") === "1" || typeof window.htmx === "undefined") return;
    button.setAttribute("data-loading", "1");
    button.classList.add("htmx-request");
    window.htmx.ajax("GET", button.getAttribute("data-url"), { target: box, swap: "innerHTML" }).then(function () {
      button.removeAttribute("data-loading");
      button.classList.remove("htmx-request");
      button.setAttribute("data-loaded", "1");
      box.hidden = false;
      setExpanded(button, true);
    });
  });

  /* Picker (core.pickers): a hidden id and a search box; matches come from the server as the user types. */
  function pickerOf(el) { return el.closest(".vg-picker"); }

  function closePicker(picker) {
    var list = picker.querySelector("[role=listbox]");
    list.hidden = true;
    picker.querySelector("[data-picker-input]").setAttribute("aria-expanded", "false");
  }

  /* A multiple picker keeps each choice as a chip (a hidden id, the label and a remove button); the box empties. */
  function addChip(picker, id, label) {
    var name = picker.getAttribute("data-picker-name");
    var chips = picker.querySelector("[data-picker-chips]");
    var exists = Array.prototype.some.call(chips.querySelectorAll("input"), function (el) { return el.value === id; });
    if (exists) return;
    var chip = document.createElement("span");
    chip.className = "badge bg-secondary-lt vg-chip";
    chip.setAttribute("data-picker-chip", "");
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = name;
    hidden.value = id;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close ms-1";
    remove.setAttribute("data-picker-remove", "");
    remove.setAttribute("aria-label", "移除 " + label);
    chip.appendChild(hidden);
    chip.appendChild(document.createTextNode(label));
    chip.appendChild(remove);
    chips.appendChild(chip);
  }

  function choose(picker, option) {
    var input = picker.querySelector("[data-picker-input]");
    if (picker.classList.contains("vg-picker-multi")) {
      addChip(picker, option.getAttribute("data-id"), option.getAttribute("data-label"));
      input.value = "";
      input.setAttribute("data-chosen", "");
    } else {
      picker.querySelector("[data-picker-value]").value = option.getAttribute("data-id");
      input.value = option.getAttribute("data-label");
      input.setAttribute("data-chosen", input.value);
    }
    closePicker(picker);
    picker.dispatchEvent(new CustomEvent("vg:picked", { bubbles: true, detail: { id: option.getAttribute("data-id") } }));
  }

  function showResults(picker, data) {
    var list = picker.querySelector("[role=listbox]");
    list.textContent = "";
    data.results.forEach(function (row) {
      var option = document.createElement("button");
      option.type = "button";
      option.className = "list-group-item list-group-item-action py-2";
      option.setAttribute("role", "option");
      option.setAttribute("data-id", row.id);
      option.setAttribute("data-label", row.chosen || row.label);
      option.textContent = row.label;
      if (row.hint) {
        var hint = document.createElement("div");
        hint.className = "small text-secondary";
        hint.textContent = row.hint;
        option.appendChild(hint);
      }
      list.appendChild(option);
    });
    if (!data.results.length || data.more) {
      var note = document.createElement("div");
      note.className = "list-group-item small text-secondary";
      note.textContent = data.results.length ? "仅显示前 " + data.results.length + " 项,请输入更多文字" : "没有找到,请换个写法";
      list.appendChild(note);
    }
    list.hidden = false;
    picker.querySelector("[data-picker-input]").setAttribute("aria-expanded", "true");
  }

  var pickerTimer = null;
  document.addEventListener("input", function (event) {
    var input = event.target.closest("[data-picker-input]");
    if (!input) return;
    var picker = pickerOf(input);
    var hidden = picker.querySelector("[data-picker-value]");  /* none in a multiple picker: its chips stay */
    var had = hidden ? hidden.value : "";
    if (hidden && input.value !== input.getAttribute("data-chosen")) hidden.value = "";
    clearTimeout(pickerTimer);
    var text = input.value.trim();
    if (!text) {
      closePicker(picker);
      /* An emptied box is a choice too: a filter bar shows everything again. */
      if (had) picker.dispatchEvent(new CustomEvent("vg:picked", { bubbles: true, detail: { id: "" } }));
      return;
    }
    pickerTimer = setTimeout(function () {
      var url = picker.getAttribute("data-picker-url");
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [], more: false }; })
        .then(function (data) { if (input.value.trim() === text) showResults(picker, data); });
    }, 200);
  });

  /* The search box's own "change" (typing, then leaving it) is no choice: only vg:picked is. A filter bar
     submits on "change", so the event stops here, before it reaches the form. */
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("[data-picker-input]")) event.stopPropagation();
  }, true);

  document.addEventListener("click", function (event) {
    var option = event.target.closest(".vg-picker [role=option]");
    if (option) { choose(pickerOf(option), option); return; }
    var remove = event.target.closest("[data-picker-remove]");
    if (remove) {
      var picker = pickerOf(remove);
      remove.closest("[data-picker-chip]").remove();
      picker.dispatchEvent(new CustomEvent("vg:picked", { bubbles: true, detail: { id: "" } }));
      picker.querySelector("[data-picker-input]").focus();
      return;
    }
    document.querySelectorAll(".vg-picker [role=listbox]:not([hidden])").forEach(function (list) {
      if (!pickerOf(list).contains(event.target)) closePicker(pickerOf(list));
    });
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target.closest("[data-picker-input]");
    if (!input) return;
    var picker = pickerOf(input);
    var options = Array.prototype.slice.call(picker.querySelectorAll("[role=option]"));
    var current = options.indexOf(picker.querySelector("[role=option].active"));
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) return;
      event.preventDefault();
      if (current >= 0) options[current].classList.remove("active");
      current = event.key === "ArrowDown" ? (current + 1) % options.length : (current <= 0 ? options.length : current) - 1;
      options[current].classList.add("active");
    } else if (event.key === "Enter" && !picker.querySelector("[role=listbox]").hidden) {
      event.preventDefault();  /* never submit the form from the search box */
      if (options[current >= 0 ? current : 0]) choose(picker, options[current >= 0 ? current : 0]);
    } else if (event.key === "Escape") {
      closePicker(picker);
    }
  });

  /* Behaviour declared in data attributes, never in inline handlers (the CSP allows no inline script):
     data-confirm on a form or its submit button asks before submitting; data-autosubmit on a field
     submits its form when it changes. */
  document.addEventListener("submit", function (event) {
    var holder = event.submitter && event.submitter.hasAttribute("data-confirm") ? event.submitter : event.target;
    var question = holder.getAttribute && holder.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (field && field.form) field.form.requestSubmit();
  });

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(document);
    document.querySelectorAll("[data-picker-input]").forEach(function (input) { input.setAttribute("data-chosen", input.value); });
  });
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });
})();
