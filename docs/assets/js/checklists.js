/* Xã Số checklists: ticks are kept in this browser's localStorage, keyed by
   "xa-so/<edition>/<exercise>" -> list of ticked step numbers. Works from file:// and offline;
   nothing leaves the device. Also fills the "My progress" table from the same keys. */
(function () {
  "use strict";
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(key, steps) {
    try {
      if (steps.length) localStorage.setItem(key, JSON.stringify(steps));
      else localStorage.removeItem(key);
    } catch (e) { /* storage full or disabled: ticks live for this visit only */ }
  }
  function setupExercise(box) {
    var key = box.getAttribute("data-key");
    var inputs = box.querySelectorAll("input[type=checkbox][data-step]");
    var count = box.querySelector(".xa-count");
    function refresh() {
      var done = [];
      inputs.forEach(function (input) { if (input.checked) done.push(Number(input.dataset.step)); });
      if (count) count.textContent = String(done.length);
      return done;
    }
    var ticked = load(key);
    inputs.forEach(function (input) {
      input.checked = ticked.indexOf(Number(input.dataset.step)) !== -1;
      input.addEventListener("change", function () { save(key, refresh()); });
    });
    var reset = box.querySelector(".xa-reset");
    if (reset) reset.addEventListener("click", function () {
      inputs.forEach(function (input) { input.checked = false; });
      save(key, refresh());
    });
    refresh();
  }
  function setupProgress(root) {
    var complete = { compulsory: 0, elective: 0 };
    root.querySelectorAll("tr[data-module]").forEach(function (row) {
      var specs = (row.getAttribute("data-exercises") || "").split(" ").filter(Boolean);
      var total = 0, done = 0;
      specs.forEach(function (spec) {
        var cut = spec.lastIndexOf(":");
        total += Number(spec.slice(cut + 1));
        done += load(spec.slice(0, cut)).length;
      });
      var cell = row.querySelector(".xa-progress-state");
      var state = "not-started";
      if (total > 0 && done >= total) state = "complete";
      else if (done > 0) state = "in-progress";
      row.setAttribute("data-state", state);
      cell.textContent = root.getAttribute("data-progress-" + state) + (total ? " (" + done + "/" + total + ")" : "");
      if (state === "complete") complete[row.getAttribute("data-kind")] += 1;
    });
    var ok = complete.compulsory >= Number(root.dataset.compulsory) && complete.elective >= Number(root.dataset.elective);
    var summary = root.querySelector(".xa-progress-summary");
    summary.textContent = root.getAttribute(ok ? "data-course-complete" : "data-course-not-complete");
    root.setAttribute("data-course-complete-state", ok ? "yes" : "no");
  }
  function init() {
    document.querySelectorAll(".xa-exercise[data-key]").forEach(setupExercise);
    document.querySelectorAll(".xa-progress").forEach(setupProgress);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
