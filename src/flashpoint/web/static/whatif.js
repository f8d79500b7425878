// What-if page: re-run the scenario with the changed parameters, first with few worlds, then refined.
// Served from the package; the page's CSP allows scripts from this server only. Texts are set with
// textContent (never innerHTML), so nothing from the server is parsed as markup.
"use strict";
(function () {
  const root = document.getElementById("whatif");
  if (!root) return;
  const form = document.getElementById("controls");
  const status = document.getElementById("status");
  const body = document.querySelector("#results tbody");
  const first = Number(root.dataset.first);
  const refined = Number(root.dataset.refined);
  let generation = 0;
  let timer = null;

  function changes() {
    const out = [];
    for (const input of form.querySelectorAll("input")) {
      if (input.type === "range" && input.value !== input.dataset.initial) {
        out.push(input.name + "=" + input.value);
      } else if (input.type === "checkbox" && String(input.checked) !== input.dataset.default) {
        out.push(input.name + "=" + String(input.checked));
      }
    }
    return out;
  }

  function cell(row, text, cls) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
  }

  function show(result, label, ms) {
    body.replaceChildren();
    for (const q of result.questions) {
      const tr = document.createElement("tr");
      tr.dataset.question = q.id;
      cell(tr, q.id);
      cell(tr, q.baseline === null ? "-" : q.baseline.toFixed(3), "num");
      cell(tr, q.probability.toFixed(3), "num prob");
      const moved = q.delta === null ? "" : Math.abs(q.delta) > 2 * q.delta_se ? (q.delta > 0 ? "num up" : "num down") : "num";
      const shown = q.delta === null ? "-" : Math.abs(q.delta) < 0.0005 ? "0.000" : (q.delta > 0 ? "+" : "") + q.delta.toFixed(3);
      cell(tr, shown, moved || "num");
      cell(tr, q.ci90[0].toFixed(3) + " - " + q.ci90[1].toFixed(3), "num");
      body.appendChild(tr);
    }
    status.textContent = label + ": " + result.worlds.toLocaleString("en") + " worlds in " + ms + " ms" +
      (result.overrides && Object.keys(result.overrides).length ? " (" + Object.keys(result.overrides).join(", ") + ")" : " (no change)");
    status.dataset.state = label;
  }

  async function fetchRun(sets, worlds) {
    const params = new URLSearchParams();
    for (const s of sets) params.append("set", s);
    params.append("worlds", String(worlds));
    const response = await fetch("/api/v1/whatif?" + params.toString());
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || ("HTTP " + response.status));
    return data;
  }

  async function rerun() {
    const mine = ++generation;
    const sets = changes();
    status.textContent = "running...";
    status.dataset.state = "running";
    try {
      let t0 = performance.now();
      const quick = await fetchRun(sets, first);
      if (mine !== generation) return;
      show(quick, "first answer", Math.round(performance.now() - t0));
      t0 = performance.now();
      if (!sets.length) return; // nothing changed: the first answer is the scenario itself
      const full = await fetchRun(sets, refined);
      if (mine !== generation) return;
      show(full, "refined", Math.round(performance.now() - t0));
    } catch (err) {
      if (mine !== generation) return;
      status.textContent = "error: " + err.message;
      status.dataset.state = "error";
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(rerun, 120);
  }

  for (const input of form.querySelectorAll("input")) {
    input.dataset.initial = input.value; // the browser's value after snapping to the slider's step
    input.addEventListener("input", function () {
      const out = input.parentElement.querySelector("output");
      if (out) out.textContent = input.value;
    });
    input.addEventListener("change", schedule);
  }
  form.addEventListener("reset", function () { setTimeout(function () {
    for (const out of form.querySelectorAll("output")) out.textContent = out.parentElement.querySelector("input").value;
    schedule();
  }, 0); });
  rerun();
})();
