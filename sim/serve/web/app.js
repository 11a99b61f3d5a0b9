// The what-if page of `ektpsim serve`. It asks the server for a scenario's
// levers, sends the values moved as a what-if, polls the what-if's and the
// baseline's runs, and charts them with uPlot.
"use strict";

const $ = (id) => document.getElementById(id);
const client = Math.random().toString(36).slice(2) + Date.now().toString(36);
const state = {
  info: null,        // the scenario's ScenarioInfo
  request: 0,        // grows with every run asked for; older polls stop
  jobs: null,        // {whatif, baseline} ids
  status: {},        // id -> latest Status (with series and summary kept)
  plots: {},         // chart id -> uPlot
  sort: {key: "backlog_end", dir: -1},
  selectedRegion: -1,
  timer: 0,
};

const colours = {
  total: "#1d2733", print_ready: "#1f77b4", in_verification: "#9467bd",
  awaiting_intake: "#ff7f0e", unsent: "#8c564b", band: "rgba(31,111,235,0.18)",
  baseline: "#7f7f7f", recorded: "#d62728", printed: "#2ca02c",
  centre: "#1f77b4", network: "#ff7f0e", power: "#d62728", application: "#9467bd",
  blanks: "#8c564b", ribbon: "#e377c2", breakdown: "#7f7f7f", national: "#17becf",
};

function fmt(v) {
  if (v == null || Number.isNaN(v)) return "–";
  return Math.round(v).toLocaleString("en-US");
}
function short(v) {
  if (v == null) return "";
  const a = Math.abs(v);
  if (a >= 1e6) return +(v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + "M";
  if (a >= 1e3) return +(v / 1e3).toFixed(a >= 1e4 ? 0 : 1) + "k";
  return +v.toFixed(1) + "";
}
function days(start, n) {
  const [y, m, d] = start.split("-").map(Number);
  const t0 = Date.UTC(y, m - 1, d) / 1000;
  return Array.from({length: n}, (_, i) => t0 + i * 86400);
}
function dateOf(t) { return new Date(t * 1000).toISOString().slice(0, 10); }
function mean7(xs) {
  const out = new Array(xs.length);
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    s += xs[i];
    if (i >= 7) s -= xs[i - 7];
    out[i] = s / Math.min(i + 1, 7);
  }
  return out;
}

async function getJSON(url, opts) {
  const r = await fetch(url, opts);
  let body = null;
  try { body = await r.json(); } catch (e) { body = {error: r.statusText}; }
  return {ok: r.ok, code: r.status, body};
}

// ---- scenarios and levers ----

async function loadScenarios() {
  const {body} = await getJSON("/api/scenarios");
  const sel = $("scenario");
  sel.innerHTML = "";
  for (const n of body.scenarios) sel.add(new Option(n, n));
  if (!body.scenarios.includes(body.selected)) sel.add(new Option(body.selected.replace(/^file:/, ""), body.selected));
  sel.value = body.selected;
  await loadScenario(body.selected);
}

async function loadScenario(name) {
  state.picked = performance.now(); // timed from the choice, not the run
  const {ok, body} = await getJSON("/api/scenario/" + encodeURIComponent(name));
  if (!ok) { $("progress-text").textContent = body.error; return; }
  showInfo(body);
  run();
}

function showInfo(info) {
  state.info = info;
  state.selectedRegion = -1;
  $("region-detail").hidden = true;
  $("description").textContent = info.description || (info.title + ", " + info.start + " to " + info.end);
  const list = $("lever-list");
  list.innerHTML = "";
  for (const l of info.levers) {
    const div = document.createElement("div");
    div.className = "lever" + (l.regional ? " regional" : "");
    div.id = "lever-" + l.key;
    div.innerHTML = `<label for="in-${l.key}"></label><div class="line"><input id="in-${l.key}" name="${l.key}"><span class="unit"></span></div>` +
      `<span class="own"></span><span class="err" id="err-${l.key}"></span>`;
    div.querySelector("label").textContent = l.label;
    div.querySelector("label").title = l.help;
    div.querySelector(".unit").textContent = l.unit;
    div.querySelector(".own").textContent = "scenario: " + l.value;
    const input = div.querySelector("input");
    input.value = l.value;
    input.dataset.own = l.value;
    input.addEventListener("change", () => schedule());
    list.appendChild(div);
  }
  $("replications").value = info.replications;
  $("seed").value = info.seed;
  const prov = $("regions-province");
  prov.innerHTML = "";
  for (const p of info.provinces) prov.add(new Option(p, p));
  const dl = $("region-names");
  dl.innerHTML = "";
  for (const r of info.regions) dl.appendChild(new Option(r.name));
  $("regions-mode").value = "all";
  modeChanged();
  clearProblems();
}

function modeChanged() {
  const m = $("regions-mode").value;
  $("regions-province").hidden = m !== "province";
  $("regions-names").hidden = m !== "names";
}

function whatIf() {
  const levers = {};
  for (const l of state.info.levers) levers[l.key] = $("in-" + l.key).value;
  const mode = $("regions-mode").value;
  const reps = parseInt($("replications").value, 10);
  const seed = $("seed").value.trim();
  return {
    scenario: state.info.name, levers, client,
    regions: {mode, province: $("regions-province").value,
      names: $("regions-names").value.split(";").map((s) => s.trim()).filter(Boolean), worst: 20},
    replications: reps === state.info.replications ? 0 : (Number.isNaN(reps) ? -1 : reps),
    seed: seed === state.info.seed ? "" : seed,
  };
}

function clearProblems() {
  document.querySelectorAll(".err").forEach((e) => (e.textContent = ""));
  document.querySelectorAll("input.invalid").forEach((e) => e.classList.remove("invalid"));
  $("other-problems").hidden = true;
}

function showProblems(ps) {
  const other = [];
  for (const p of ps) {
    const err = p.lever && $("err-" + p.lever);
    if (err) {
      err.textContent += (err.textContent ? " " : "") + p.msg;
      const input = $("in-" + p.lever) || $(p.lever);
      if (input) input.classList.add("invalid");
    } else {
      other.push((p.key ? p.key + ": " : "") + p.msg);
    }
  }
  const box = $("other-problems");
  box.hidden = other.length === 0;
  box.textContent = other.join("\n");
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(run, 250);
}

// ---- runs ----

async function run() {
  if (!state.info) return;
  clearTimeout(state.timer);
  const req = ++state.request;
  clearProblems();
  state.clicked = state.picked || performance.now();
  state.picked = 0;
  setProgress("asking", 0, "Checking the what-if…");
  const {ok, code, body} = await getJSON("/api/run", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(whatIf())});
  if (req !== state.request) return;
  if (!ok) {
    if (body.problems) {
      showProblems(body.problems);
      setProgress("invalid", 0, "Nothing was run: fix the values marked in red.");
    } else {
      setProgress("invalid", 0, body.error || ("error " + code));
    }
    return;
  }
  state.jobs = body;
  state.status = {};
  state.drawnVersion = {};
  state.firstChart = null;
  state.answered = null;
  $("command").textContent = body.command;
  for (const [id, k] of [["dl-yaml", "scenario.yaml"], ["dl-zip", "result.zip"], ["dl-report", "report.html"]]) {
    $(id).href = `/api/jobs/${body.whatif}/${k}`;
  }
  document.body.dataset.whatif = body.whatif;
  document.body.dataset.state = "running";
  poll(req);
}

async function poll(req) {
  if (req !== state.request) return;
  const ids = [...new Set([state.jobs.whatif, state.jobs.baseline])];
  let pending = false;
  for (const id of ids) {
    const have = state.status[id] ? state.status[id].version : -1;
    const {ok, body} = await getJSON(`/api/jobs/${id}?have=${have}`);
    if (req !== state.request) return;
    if (!ok) { setProgress("failed", 0, body.error); return; }
    const old = state.status[id] || {};
    if (!body.series) body.series = old.series;
    if (!body.summary) body.summary = old.summary;
    state.status[id] = body;
    if (body.state === "queued" || body.state === "running") pending = true;
  }
  draw();
  showProgress();
  if (pending) {
    setTimeout(() => poll(req), 120);
  } else {
    finished(req);
  }
}

function setProgress(kind, frac, text) {
  const fill = $("bar-fill");
  fill.style.width = Math.round(frac * 100) + "%";
  fill.classList.toggle("queued", kind === "queued");
  $("progress-text").textContent = text;
  document.body.dataset.progress = kind;
}

function showProgress() {
  const w = state.status[state.jobs.whatif], b = state.status[state.jobs.baseline];
  const part = (s) => s.total > 1 ? s.done / s.total : s.day / s.days;
  const say = (s, who) => {
    if (s.state === "queued") return `${who}: queued (${s.position > 0 ? s.position + " waiting" : "waiting"} for a CPU)`;
    if (s.state === "running") return s.total > 1 ? `${who}: replication ${s.done} of ${s.total} done` : `${who}: day ${s.day} of ${s.days}`;
    if (s.state === "done") return `${who}: done`;
    return `${who}: ${s.state}${s.error ? " (" + s.error + ")" : ""}`;
  };
  let text = say(w, state.jobs.whatif === state.jobs.baseline ? "baseline (no lever moved)" : "what-if");
  if (state.jobs.whatif !== state.jobs.baseline) text += "; " + say(b, "baseline");
  if (w.state === "done" && state.answered != null) text += ` — charted ${state.answered} ms after the click (first chart at ${state.firstChart} ms)`;
  setProgress(w.state, w.state === "done" ? 1 : part(w), text);
}

async function finished(req) {
  const w = state.status[state.jobs.whatif], b = state.status[state.jobs.baseline];
  if (w.state !== "done" || b.state !== "done") { document.body.dataset.state = w.state; return; }
  state.done = performance.now() - state.clicked;
  const ul = $("differences");
  ul.innerHTML = "";
  if (state.jobs.whatif !== state.jobs.baseline) {
    const {ok, body} = await getJSON(`/api/diff?whatif=${state.jobs.whatif}&baseline=${state.jobs.baseline}`);
    if (req !== state.request) return;
    if (ok) for (const d of body.differences) {
      const li = document.createElement("li");
      li.textContent = d.words.charAt(0).toUpperCase() + d.words.slice(1) + ".";
      li.dataset.key = d.key;
      ul.appendChild(li);
    }
  } else {
    const li = document.createElement("li");
    li.textContent = "No lever is moved from the scenario's value: this is the baseline.";
    ul.appendChild(li);
  }
  regionTable();
  // A city scenario is about its first region: show it; a region chosen
  // before shows the new run.
  if (state.selectedRegion < 0 && state.info.regions.length <= 10) state.selectedRegion = 0;
  if (state.selectedRegion >= 0) await regionDetail(state.selectedRegion, true);
  if (req !== state.request) return;
  document.body.dataset.state = "done";
}

// ---- charts ----

function tooltipPlugin() {
  const tip = $("tooltip");
  return {
    hooks: {
      setCursor: (u) => {
        const i = u.cursor.idx;
        if (i == null || u.cursor.left < 0) { tip.hidden = true; return; }
        let html = `<b>${dateOf(u.data[0][i])}</b>`;
        u.series.forEach((s, k) => {
          if (k === 0 || !s.show || s.label.startsWith("_")) return;
          const v = u.data[k][i];
          if (v == null) return;
          html += `<span style="color:${typeof s._stroke === "string" ? s._stroke : "#fff"}">■</span> ${s.label}: ${fmt(v)}<br>`;
        });
        tip.innerHTML = html;
        tip.hidden = false;
        const r = u.over.getBoundingClientRect();
        let x = r.left + u.cursor.left + 14, y = r.top + u.cursor.top + 14;
        if (x + tip.offsetWidth > window.innerWidth - 4) x = r.left + u.cursor.left - tip.offsetWidth - 14;
        tip.style.left = Math.max(4, x) + "px";
        tip.style.top = y + "px";
      },
    },
  };
}

function plot(id, x, series, extra) {
  const el = $(id);
  const width = Math.max(200, el.clientWidth);
  const height = window.innerWidth < 800 ? 220 : 260;
  const opts = Object.assign({
    width, height,
    plugins: [tooltipPlugin()],
    cursor: {drag: {x: true, y: false}},
    scales: {x: {time: true}},
    axes: [{}, {values: (u, vals) => vals.map(short), size: 50}],
    series: [{label: "date", value: (u, t) => t == null ? "" : dateOf(t)}].concat(series.map((s) => Object.assign({
      value: (u, v) => fmt(v), width: 1.5, points: {show: false}}, s))),
  }, extra || {});
  const data = [x].concat(series.map((s) => s.data));
  for (const s of opts.series) delete s.data;
  if (state.plots[id]) state.plots[id].destroy();
  el.innerHTML = "";
  state.plots[id] = new uPlot(opts, data, el);
  el.querySelector(".u-over").addEventListener("mouseleave", () => ($("tooltip").hidden = true));
}

// totalOf is replication 0's backlog a day.
function totalOf(s) {
  const g = s.stages;
  return g.print_ready.map((_, i) => g.unsent[i] + g.awaiting_intake[i] + g.in_verification[i] + g.print_ready[i]);
}

function draw() {
  const w = state.status[state.jobs.whatif], b = state.status[state.jobs.baseline];
  if (!w || !w.series) return;
  const key = `${state.jobs.whatif}/${w.version}/${state.jobs.baseline}/${b ? b.version : 0}`;
  if (state.drawnKey === key) return;
  state.drawnKey = key;
  const s = w.series, bs = b && b.series;
  const n = s.days;
  const x = days(s.start, n);
  const pad = (a) => { const out = a ? a.slice(0, n) : []; while (out.length < n) out.push(null); return out; };
  const total = totalOf(s);
  const baseOn = bs && state.jobs.whatif !== state.jobs.baseline;
  const bl = [
    {label: "backlog", stroke: colours.total, width: 2, data: pad(total)},
    {label: "print-ready", stroke: colours.print_ready, data: pad(s.stages.print_ready)},
    {label: "in verification", stroke: colours.in_verification, data: pad(s.stages.in_verification)},
    {label: "awaiting intake", stroke: colours.awaiting_intake, data: pad(s.stages.awaiting_intake)},
    {label: "not sent", stroke: colours.unsent, data: pad(s.stages.unsent)},
  ];
  const extra = {};
  if (s.reps > 1) {
    bl.push({label: `mean of ${s.reps}`, stroke: "#1f6feb", data: pad(s.mean)});
    bl.push({label: "95th percentile", stroke: "rgba(31,111,235,0.4)", data: pad(s.p95)});
    bl.push({label: "5th percentile", stroke: "rgba(31,111,235,0.4)", data: pad(s.p05)});
    extra.bands = [{series: [bl.length - 1, bl.length], fill: colours.band}];
  }
  if (baseOn) {
    bl.push({label: bs.reps > 1 ? "baseline mean" : "baseline", stroke: colours.baseline, dash: [6, 4], width: 2, data: pad(bs.reps > 1 ? bs.mean : totalOf(bs))});
  }
  plot("chart-backlog", x, bl, extra);
  const pr = [
    {label: "recorded", stroke: colours.recorded, data: pad(mean7(s.recorded))},
    {label: "printed", stroke: colours.printed, width: 2, data: pad(mean7(s.printed))},
  ];
  if (baseOn) pr.push({label: "printed, baseline", stroke: colours.baseline, dash: [6, 4], data: pad(mean7(bs.printed))});
  // A recording drive's spike would flatten the rest: the axis stops at
  // twice the 98th percentile, the spike runs off the top.
  const vals = pr.flatMap((p) => p.data).filter((v) => v != null).sort((a, b) => a - b);
  const cap = vals.length ? 2 * vals[Math.floor(0.98 * (vals.length - 1))] : 0;
  plot("chart-printing", x, pr, cap > 0 ? {scales: {x: {time: true}, y: {range: (u, lo, hi) => [0, Math.min(hi, cap) * 1.05]}}} : {});
  const months = s.months.map((m) => days(m, 1)[0]);
  const lost = ["centre", "network", "power", "application", "blanks", "ribbon", "breakdown"].map((c) => ({
    label: c === "breakdown" ? "broken printers" : c === "centre" ? "central server" : c === "blanks" ? "no blanks" : c === "ribbon" ? "no ribbon" : c,
    stroke: colours[c], data: s.lost[c], points: {show: true, size: 4}}));
  plot("chart-lost", months, lost);
  const st = [{label: "regions' blanks", stroke: colours.blanks, width: 2, data: pad(s.blanks)}];
  if (s.national) st.push({label: "national store", stroke: colours.national, data: pad(s.national.map((v) => (v < 0 ? null : v)))});
  if (baseOn) st.push({label: "regions' blanks, baseline", stroke: colours.baseline, dash: [6, 4], data: pad(bs.blanks)});
  plot("chart-stocks", x, st);
  const now = Math.round(performance.now() - state.clicked);
  if (state.firstChart == null) state.firstChart = now;
  if (state.answered == null && s.recorded.length === n) state.answered = now;
  document.body.dataset.charted = w.version;
  const sum = w.summary, bsum = b && b.summary;
  if (sum) {
    $("end-backlog").textContent = fmt(sum.backlog_end);
    $("end-backlog").dataset.value = sum.backlog_end;
  } else {
    $("end-backlog").textContent = "…";
    $("end-backlog").dataset.value = "";
  }
  if (bsum) {
    $("base-backlog").textContent = fmt(bsum.backlog_end);
    $("base-backlog").dataset.value = bsum.backlog_end;
  }
}

// ---- regions ----

function regionRows() {
  const w = state.status[state.jobs.whatif].summary, b = state.status[state.jobs.baseline].summary;
  return state.info.regions.map((r, i) => {
    const f = (w.regions && w.regions[r.name]) || {}, g = (b.regions && b.regions[r.name]) || {};
    return {i, name: r.name, province: r.province, backlog_end: f.backlog_end, base: g.backlog_end,
      change: f.backlog_end - g.backlog_end, printed_total: f.printed_total,
      blanks_stockout_days: f.blanks_stockout_days, clear_date: f.clear_date || ""};
  });
}

function regionTable() {
  const tbody = document.querySelector("#region-table tbody");
  if (!state.jobs || !state.status[state.jobs.whatif] || !state.status[state.jobs.whatif].summary) return;
  const q = $("region-search").value.trim().toLowerCase();
  let rows = regionRows().filter((r) => !q || r.name.toLowerCase().includes(q) || (r.province || "").toLowerCase().includes(q));
  const {key, dir} = state.sort;
  rows.sort((a, b) => {
    const x = a[key], y = b[key];
    if (typeof x === "string" || typeof y === "string") return dir * String(x).localeCompare(String(y));
    return dir * ((x ?? -Infinity) - (y ?? -Infinity)) || a.i - b.i;
  });
  const shown = rows.slice(0, 200);
  $("region-count").textContent = rows.length > shown.length ? `showing ${shown.length} of ${rows.length}` : `${rows.length} regions`;
  document.querySelectorAll("#region-table th").forEach((th) => {
    th.classList.toggle("sorted-asc", th.dataset.key === key && dir > 0);
    th.classList.toggle("sorted-desc", th.dataset.key === key && dir < 0);
  });
  tbody.innerHTML = "";
  for (const r of shown) {
    const tr = document.createElement("tr");
    tr.dataset.i = r.i;
    if (r.i === state.selectedRegion) tr.className = "selected";
    const cells = [[r.name, ""], [r.province, "wide"], [fmt(r.backlog_end), "num"], [fmt(r.base), "num"],
      [(r.change > 0 ? "+" : "") + fmt(r.change), "num " + (r.change < 0 ? "down" : r.change > 0 ? "up" : "")],
      [fmt(r.printed_total), "num wide"], [fmt(r.blanks_stockout_days), "num wide"], [r.clear_date || "not cleared", "wide"]];
    for (const [text, cls] of cells) {
      const td = document.createElement("td");
      td.textContent = text;
      td.className = cls;
      tr.appendChild(td);
    }
    tr.addEventListener("click", () => regionDetail(r.i));
    tbody.appendChild(tr);
  }
}

async function regionDetail(i, quiet) {
  state.selectedRegion = i;
  regionTable();
  const [w, b] = await Promise.all([state.jobs.whatif, state.jobs.baseline].map((id) => getJSON(`/api/jobs/${id}/regions/${i}`)));
  if (!w.ok || !b.ok) return;
  $("region-detail").hidden = false;
  $("region-title").textContent = w.body.name;
  const x = days(w.body.start, w.body.backlog.length);
  const same = state.jobs.whatif === state.jobs.baseline;
  const s = [{label: "backlog", stroke: colours.total, width: 2, data: w.body.backlog},
    {label: "printed since the start", stroke: colours.printed, data: w.body.printed_cum}];
  if (!same) s.push({label: "backlog, baseline", stroke: colours.baseline, dash: [6, 4], data: b.body.backlog});
  plot("chart-region", x, s);
  const bl = [{label: "blanks", stroke: colours.blanks, width: 2, data: w.body.blanks.map((v) => (v < 0 ? null : v))}];
  if (!same) bl.push({label: "blanks, baseline", stroke: colours.baseline, dash: [6, 4], data: b.body.blanks.map((v) => (v < 0 ? null : v))});
  plot("chart-region-blanks", x, bl);
  if (!quiet) $("region-detail").scrollIntoView({block: "nearest"});
}

// ---- upload ----

async function upload(file) {
  const text = await file.text();
  const box = $("upload-problems");
  const {ok, body} = await getJSON("/api/upload?file=" + encodeURIComponent(file.name), {method: "POST", headers: {"Content-Type": "application/yaml"}, body: text});
  if (!ok) {
    box.hidden = false;
    box.innerHTML = "";
    const lines = text.split("\n");
    const ps = body.problems || [{msg: body.error}];
    const head = document.createElement("b");
    head.textContent = `${file.name} was not loaded:`;
    box.appendChild(head);
    for (const p of ps) {
      const div = document.createElement("div");
      div.className = "problem";
      div.textContent = (p.line ? `line ${p.line}:${p.col}: ` : "") + (p.key ? p.key + ": " : "") + p.msg;
      box.appendChild(div);
      if (p.line && lines[p.line - 1] !== undefined) {
        const pre = document.createElement("pre");
        pre.textContent = `${p.line} | ${lines[p.line - 1]}\n${" ".repeat(String(p.line).length)} | ${" ".repeat(Math.max(0, p.col - 1))}^`;
        box.appendChild(pre);
      }
    }
    return;
  }
  box.hidden = true;
  const sel = $("scenario");
  sel.add(new Option(`${file.name} (uploaded)`, body.name));
  sel.value = body.name;
  showInfo(body);
  run();
}

// ---- wiring ----

window.addEventListener("DOMContentLoaded", () => {
  $("scenario").addEventListener("change", (e) => loadScenario(e.target.value));
  $("upload").addEventListener("change", (e) => e.target.files[0] && upload(e.target.files[0]));
  $("levers").addEventListener("submit", (e) => { e.preventDefault(); run(); });
  $("reset").addEventListener("click", () => { showInfo(state.info); run(); });
  $("regions-mode").addEventListener("change", () => { modeChanged(); schedule(); });
  $("regions-province").addEventListener("change", schedule);
  $("regions-names").addEventListener("change", schedule);
  $("replications").addEventListener("change", schedule);
  $("seed").addEventListener("change", schedule);
  $("region-search").addEventListener("input", regionTable);
  $("gainers").addEventListener("click", () => { state.sort = {key: "change", dir: 1}; regionTable(); });
  $("losers").addEventListener("click", () => { state.sort = {key: "change", dir: -1}; regionTable(); });
  document.querySelectorAll("#region-table th").forEach((th) => th.addEventListener("click", () => {
    const k = th.dataset.key;
    state.sort = {key: k, dir: state.sort.key === k ? -state.sort.dir : (k === "name" || k === "province" ? 1 : -1)};
    regionTable();
  }));
  let width = window.innerWidth;
  window.addEventListener("resize", () => {
    if (window.innerWidth === width) return;
    width = window.innerWidth;
    state.drawnKey = null;
    if (state.jobs) draw();
    if (state.selectedRegion >= 0 && state.jobs) regionDetail(state.selectedRegion);
  });
  loadScenarios();
});
