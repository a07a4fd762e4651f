/* Vanguard's page behaviour: charts, tree expand/collapse. Works with htmx swaps. */
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

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });
})();
