/* Xã Số: the "My progress" page and the class roll-up (loaded by progress.js only on those pages).
   Everything happens in this browser: nothing is sent anywhere.
   Moving progress: a JSON file ({format: "xa-so-progress", v: 1, …, data}) or a code
   "XS1." + base64url(deflate-raw(JSON)) ("XS0." + base64url(JSON) where the browser cannot
   compress), shown as text and as a QR code (vendored qrcode-generator, loaded on demand). */
(function () {
  "use strict";
  var X = window.XaSo;
  var FORMAT = "xa-so-progress";

  function courseData(root) { return JSON.parse(root.querySelector(".xa-course-data").textContent); }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  /* ---- the completion rule, shared by the progress page and the roll-up ---- */
  function moduleState(course, data, m) {
    var saved = (data.quiz || {})[m.id];
    var best = saved && typeof saved.best === "number" ? saved.best : null;
    var total = 0, done = 0;
    Object.keys(m.exercises).forEach(function (ex) {
      var ticked = (data.ticks || {})[ex] || {};
      m.exercises[ex].forEach(function (step) { total++; if (ticked[step]) done++; });
    });
    var ticksOk0 = total > 0 && done >= total;   // a module without a quiz (a fork's own) counts by its checklists
    var quizOk = m.questions > 0 ? best !== null && best >= course.rule.pass_percent : ticksOk0;
    var ticksOk = total > 0 && done >= total;
    var rule = course.rule.done_when;
    var complete = rule === "checklists" ? ticksOk : rule === "quiz_and_checklists" ? quizOk && ticksOk : quizOk;
    var started = best !== null || done > 0;
    return { best: best, date: saved && saved.date, done: done, total: total, complete: complete, started: started };
  }
  function summary(course, data) {
    var count = { compulsory: 0, elective: 0 }, passed = [];
    course.modules.forEach(function (m) {
      var s = moduleState(course, data, m);
      if (s.complete) { count[m.kind]++; passed.push({ module: m, state: s }); }
    });
    var ok = count.compulsory >= course.rule.compulsory && count.elective >= course.rule.elective;
    return { count: count, passed: passed, complete: ok };
  }

  /* ---- codes ---- */
  function toBase64Url(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function fromBase64Url(text) {
    var s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    return bytes;
  }
  function pipe(bytes, stream) {
    return new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }
  function compact(data) {   // what moves: ticks, best scores, role and name (not the last answers)
    var quiz = {};
    Object.keys(data.quiz || {}).forEach(function (m) {
      var q = data.quiz[m];
      if (typeof q.best === "number") quiz[m] = { best: q.best, date: q.date, edition: q.edition };
    });
    return { v: 1, ticks: data.ticks || {}, quiz: quiz, role: data.role || "", name: data.name || "" };
  }
  function encode(data) {
    var bytes = new TextEncoder().encode(JSON.stringify(compact(data)));
    if (typeof CompressionStream === "undefined") return Promise.resolve("XS0." + toBase64Url(bytes));
    return pipe(bytes, new CompressionStream("deflate-raw")).then(function (z) { return "XS1." + toBase64Url(z); });
  }
  function decode(text) {
    text = String(text || "").replace(/\s+/g, "");
    return Promise.resolve().then(function () {
      var parts = /^XS([01])\.([A-Za-z0-9_-]+)$/.exec(text);
      if (!parts) throw new Error("not a code");
      var bytes = fromBase64Url(parts[2]);
      if (parts[1] === "0") return bytes;
      return pipe(bytes, new DecompressionStream("deflate-raw"));
    }).then(function (bytes) { return check(JSON.parse(new TextDecoder().decode(bytes))); });
  }
  function check(data) {
    if (data && data.format === FORMAT) data = data.data;
    if (!data || typeof data !== "object" || data.v !== 1) throw new Error("not Xã Số progress");
    data.ticks = data.ticks || {}; data.quiz = data.quiz || {};
    return data;
  }
  function readFile(file) {
    return file.text().then(function (text) {
      text = text.trim();
      return text.charAt(0) === "{" ? check(JSON.parse(text)) : decode(text);
    });
  }
  function download(name, type, text) {
    var link = el("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  /* ---- "My progress" ---- */
  function setupProgress(root) {
    var course = courseData(root), w = course.words;
    function render() {
      var data = X.read();
      course.modules.forEach(function (m) {
        var row = root.querySelector('tr[data-module="' + m.id + '"]');
        var s = moduleState(course, data, m);
        row.querySelector(".xa-p-quiz").textContent = s.best === null ? w.not_taken : s.best + "%";
        row.querySelector(".xa-p-ticks").textContent = s.total ? X.fill(w.steps_done, { done: s.done, total: s.total }) : "–";
        var state = s.complete ? "complete" : s.started ? "in-progress" : "not-started";
        row.setAttribute("data-state", state);
        row.querySelector(".xa-p-state").textContent = root.getAttribute("data-label-" + state) || state;
      });
      var sum = summary(course, data);
      var text = X.fill(w.summary, { compulsory: sum.count.compulsory, need_compulsory: course.rule.compulsory,
                                     elective: sum.count.elective, need_elective: course.rule.elective });
      var ruleText = X.fill(w["rule_" + course.rule.done_when], { percent: course.rule.pass_percent });
      var summaryNode = root.querySelector(".xa-progress-summary");
      summaryNode.textContent = text + " " + (sum.complete ? w.summary_complete : "") + " " + ruleText;
      root.setAttribute("data-course-complete", sum.complete ? "yes" : "no");
      root.setAttribute("data-compulsory-done", String(sum.count.compulsory));
      root.setAttribute("data-elective-done", String(sum.count.elective));
      var select = root.querySelector(".xa-role");
      select.value = data.role || "";
      var next = root.querySelector(".xa-progress-next");
      next.hidden = false;
      if (!data.role || !course.paths[data.role]) next.textContent = w.next_pick_role;
      else {
        var todo = course.paths[data.role].map(function (id) {
          return course.modules.filter(function (m) { return m.id === id; })[0];
        }).filter(function (m) { return m && !moduleState(course, data, m).complete; })[0];
        next.innerHTML = "";
        if (!todo) next.textContent = w.next_none;
        else {
          var parts = w.next_module.split("{module}");
          next.appendChild(document.createTextNode(parts[0]));
          var a = el("a", todo.title);
          a.href = todo.url;
          next.appendChild(a);
          next.appendChild(document.createTextNode(parts[1] || ""));
          next.setAttribute("data-next", todo.id);
        }
      }
      renderRecord(root, course, data, sum);
    }
    root.querySelector(".xa-progress-role").hidden = false;
    root.querySelector(".xa-transfer").hidden = false;
    root.querySelector(".xa-record").hidden = false;
    root.querySelector(".xa-role").addEventListener("change", function (e) {
      var d = X.read(); d.role = e.target.value; X.write(d); render();
    });
    var name = root.querySelector(".xa-record-name");
    name.value = X.read().name || "";
    name.addEventListener("input", function () { var d = X.read(); d.name = name.value; X.write(d); render(); });
    root.querySelector(".xa-record-print").addEventListener("click", function () {
      document.body.classList.add("xa-printing-record");
      window.print();
      setTimeout(function () { document.body.classList.remove("xa-printing-record"); }, 500);
    });
    root.querySelector(".xa-export-file").addEventListener("click", function () {
      var d = X.read();
      var file = { format: FORMAT, v: 1, course: course.course, edition: course.edition, exported: X.today(), data: compact(d) };
      download("xa-so-tien-do-" + X.today() + ".json", "application/json", JSON.stringify(file, null, 1));
    });
    root.querySelector(".xa-export-code").addEventListener("click", function () {
      encode(X.read()).then(function (code) {
        var out = root.querySelector(".xa-code-out");
        out.hidden = false;
        root.querySelector(".xa-code-text").value = code;
        var qr = root.querySelector(".xa-qr");
        qr.setAttribute("data-code", code);
        withQr(function () {
          var q = window.qrcode(0, "L");
          q.addData(code);
          q.make();
          qr.innerHTML = q.createSvgTag({ cellSize: 3, margin: 4, scalable: true });
        });
      });
    });
    var result = root.querySelector(".xa-import-result");
    function imported(incoming) {
      var d = X.read(), changes = X.merge(d, incoming);
      X.write(d);
      result.textContent = changes.scores || changes.ticks || changes.profile ?
        X.fill(w.import_done, changes) : w.import_nothing;
      result.setAttribute("data-changes", JSON.stringify(changes));
      name.value = d.name || "";
      render();
    }
    function failed() { result.textContent = w.import_bad; result.setAttribute("data-changes", "error"); }
    root.querySelector(".xa-import-file").addEventListener("change", function (e) {
      if (e.target.files[0]) readFile(e.target.files[0]).then(imported, failed);
    });
    root.querySelector(".xa-import-go").addEventListener("click", function () {
      decode(root.querySelector(".xa-import-code").value).then(imported, failed);
    });
    window.addEventListener("storage", render);
    render();
  }
  function withQr(then) {
    if (window.qrcode) return then();
    var s = document.createElement("script");
    s.src = X.base + "../vendor/qrcode/qrcode.js";
    s.onload = then;
    document.head.appendChild(s);
  }
  function renderRecord(root, course, data, sum) {
    var w = course.words, sheet = root.querySelector(".xa-record-sheet");
    sheet.innerHTML = "";
    sheet.appendChild(el("h3", w.record_heading));
    sheet.appendChild(el("p", course.course, "xa-record-course"));
    var dl = el("dl");
    [[w.record_name.replace(/\s*\(.*$/, "").replace(/:$/, ""), data.name || "…"],
     [w.record_role, course.roles[data.role] || "…"],
     [w.record_edition, course.edition], [w.record_printed, X.today()]].forEach(function (pair) {
      dl.appendChild(el("dt", pair[0])); dl.appendChild(el("dd", pair[1]));
    });
    sheet.appendChild(dl);
    if (!sum.passed.length) sheet.appendChild(el("p", w.record_none));
    else {
      var table = el("table"), head = el("tr");
      [w.record_module, w.record_score, w.record_date].forEach(function (t) { head.appendChild(el("th", t)); });
      table.appendChild(el("thead")).appendChild(head);
      var body = table.appendChild(el("tbody"));
      sum.passed.forEach(function (p) {
        var tr = el("tr");
        tr.appendChild(el("td", p.module.label + " " + p.module.title));
        tr.appendChild(el("td", p.state.best === null ? "–" : p.state.best + "%"));
        tr.appendChild(el("td", p.state.date || "–"));
        body.appendChild(tr);
      });
      sheet.appendChild(table);
    }
    sheet.appendChild(el("p", X.fill(w.summary, { compulsory: sum.count.compulsory, need_compulsory: course.rule.compulsory,
      elective: sum.count.elective, need_elective: course.rule.elective }) + (sum.complete ? " " + w.summary_complete : "")));
    sheet.appendChild(el("p", w.record_disclaimer, "xa-record-disclaimer"));
  }

  /* ---- the class roll-up ---- */
  var ROLLUP = "xa-so:rollup";
  function setupRollup(root) {
    var course = courseData(root), w = course.words;
    var learners = [];
    try { learners = JSON.parse(localStorage.getItem(ROLLUP) || "[]"); } catch (e) { learners = []; }
    var sortBy = "name", bad = 0;
    var status = root.querySelector(".xa-rollup-status");
    root.querySelector(".xa-rollup-needs-js").hidden = true;
    root.querySelector(".xa-rollup-tools").hidden = false;
    function row(data) {
      var sum = summary(course, data);
      var scores = course.modules.filter(function (m) { return (data.quiz[m.id] || {}).best !== undefined; })
        .map(function (m) { return m.label + " " + data.quiz[m.id].best + "%"; });
      return { name: data.name || w.rollup_unnamed, role: course.roles[data.role] || "", passed: sum.passed.length,
               passedList: sum.passed.map(function (p) { return p.module.label; }).join(" "),
               scores: scores.join(", "), complete: sum.complete };
    }
    function save() { try { localStorage.setItem(ROLLUP, JSON.stringify(learners)); } catch (e) { /* full */ } }
    function add(data) {
      var key = (data.name || "") + "|" + JSON.stringify(data.quiz);
      if (!learners.some(function (l) { return (l.name || "") + "|" + JSON.stringify(l.quiz) === key; })) learners.push(data);
    }
    function render() {
      var rows = learners.map(row);
      rows.sort(function (a, b) {
        var x = a[sortBy], y = b[sortBy];
        if (typeof x === "number" || typeof x === "boolean") return Number(y) - Number(x);
        return String(x).localeCompare(String(y), course.lang);
      });
      var body = root.querySelector(".xa-rollup-table tbody");
      body.innerHTML = "";
      rows.forEach(function (r) {
        var tr = el("tr");
        tr.appendChild(el("td", r.name));
        tr.appendChild(el("td", r.role));
        tr.appendChild(el("td", r.passed + (r.passedList ? " (" + r.passedList + ")" : "")));
        tr.appendChild(el("td", r.scores));
        tr.appendChild(el("td", r.complete ? w.rollup_yes : w.rollup_no));
        tr.setAttribute("data-complete", r.complete ? "yes" : "no");
        body.appendChild(tr);
      });
      status.textContent = X.fill(w.rollup_status, { count: learners.length, bad: bad });
      root.setAttribute("data-learners", String(learners.length));
      return rows;
    }
    function csv() {
      var head = [w.rollup_learner, w.rollup_role, w.rollup_passed, w.rollup_scores, w.rollup_complete];
      var lines = [head].concat(render().map(function (r) {
        return [r.name, r.role, r.passed + (r.passedList ? " (" + r.passedList + ")" : ""), r.scores, r.complete ? w.rollup_yes : w.rollup_no];
      })).map(function (cells) {
        return cells.map(function (c) { return '"' + String(c).replace(/"/g, '""') + '"'; }).join(",");
      });
      // UTF-8 with a byte-order mark, so Excel shows Vietnamese letters
      download("xa-so-lop-hoc-" + X.today() + ".csv", "text/csv;charset=utf-8", "\ufeff" + lines.join("\r\n") + "\r\n");
    }
    function addAll(promises) {
      return Promise.all(promises.map(function (p) { return p.then(add, function () { bad++; }); })).then(function () { save(); render(); });
    }
    root.querySelector(".xa-rollup-files").addEventListener("change", function (e) {
      addAll(Array.prototype.slice.call(e.target.files).map(readFile));
    });
    root.querySelector(".xa-rollup-add").addEventListener("click", function () {
      var area = root.querySelector(".xa-rollup-codes");
      addAll(area.value.split(/\n+/).map(function (s) { return s.trim(); }).filter(Boolean).map(decode)).then(function () { area.value = ""; });
    });
    root.querySelectorAll("th button[data-sort]").forEach(function (b) {
      b.addEventListener("click", function () { sortBy = b.getAttribute("data-sort"); render(); });
    });
    root.querySelector(".xa-rollup-csv").addEventListener("click", csv);
    root.querySelector(".xa-rollup-print").addEventListener("click", function () { window.print(); });
    root.querySelector(".xa-rollup-clear").addEventListener("click", function () { learners = []; bad = 0; save(); render(); });
    if ("BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      var camera = root.querySelector(".xa-rollup-camera"), video = root.querySelector(".xa-rollup-video");
      camera.hidden = false;
      camera.addEventListener("click", function () {
        var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
          video.srcObject = stream; video.hidden = false; video.play();
          var stop = function () { stream.getTracks().forEach(function (t) { t.stop(); }); video.hidden = true; };
          (function scan() {
            detector.detect(video).then(function (codes) {
              if (codes.length) { stop(); addAll([decode(codes[0].rawValue)]); } else requestAnimationFrame(scan);
            }, stop);
          })();
        }, function () { camera.hidden = true; });
      });
    }
    render();
  }

  X.encode = encode; X.decode = decode;
  document.querySelectorAll(".xa-progress").forEach(setupProgress);
  document.querySelectorAll(".xa-rollup").forEach(setupRollup);
})();
