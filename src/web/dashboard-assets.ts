/**
 * The dashboard's stylesheet and script, served from fixed paths so the CSP can forbid every
 * inline script, inline style and event-handler attribute. The script only fetches fragments
 * the server rendered (and escaped) and swaps them in.
 */
import { createHash } from "node:crypto";

export const DASHBOARD_CSS = `
:root { font-family: system-ui, sans-serif; color: #333; background: #f4f4f4; }
body { margin: 0 auto; max-width: 1400px; padding: 8px 16px; }
header { display: flex; align-items: center; gap: 16px; }
header h1 { font-size: 20px; margin: 8px 0; flex: 1; }
header h1 a { color: inherit; text-decoration: none; }
header form { margin: 0; }
.live { font-size: 12px; padding: 2px 8px; border-radius: 10px; background: #ccc; color: #333; }
.live.live-on { background: #90ee30; }
.live.reconnecting { background: #ffcf5c; }
.project { background: #fff; border: 1px solid #e7e7e7; border-radius: 4px; padding: 4px 16px 8px; margin-bottom: 8px; }
.project h2 { font-size: 18px; margin: 6px 0; }
.project h2 a { color: #000; text-decoration: none; }
.revision { display: flex; align-items: center; gap: 8px; padding: 6px 8px; margin-bottom: 4px; background: #eee; border-radius: 5px; font-family: ui-monospace, monospace; font-size: 15px; }
.revision .hash { color: #000; min-width: 5ch; }
.revision .age { color: #888; font-size: 12px; min-width: 9ch; }
.builds { display: flex; flex-wrap: wrap; gap: 5px; }
.build { display: inline-block; padding: 3px 6px; border-radius: 5px; color: #000; text-decoration: none; white-space: pre; }
a.build:hover { text-decoration: underline; }
.build.building { background-color: #00a7f3; }
.build.successful { background-color: #90ee30; }
.build.failed { background-color: #ee2020; }
.build.pending { background-color: #cccccc; }
.build.fixed { background-color: #aaaacc; }
.empty { color: #888; }
.stats { background: #fff; border: 1px solid #e7e7e7; border-radius: 4px; padding: 4px 16px 8px; display: flex; flex-wrap: wrap; gap: 24px; }
.stats h2 { width: 100%; font-size: 18px; margin: 6px 0 0; }
.chart { margin: 0; }
.chart figcaption { font-size: 13px; color: #555; margin-bottom: 4px; }
.chart .bar { fill: #00a7f3; }
.chart text { font-size: 12px; fill: #333; }
.login { max-width: 320px; margin: 80px auto; background: #fff; border: 1px solid #e7e7e7; border-radius: 4px; padding: 16px 24px; }
.login .error { color: #b00; }
.login input[type=password] { width: 100%; box-sizing: border-box; padding: 6px; margin: 8px 0; }
`;

export const DASHBOARD_JS = `(function () {
  "use strict";
  var board = document.getElementById("board");
  var indicator = document.getElementById("live");
  if (!board || !indicator || !window.EventSource || !window.fetch) return;
  var only = board.getAttribute("data-project");
  var revisions = board.getAttribute("data-revisions") || "2";
  var source = null, retry = null, failures = 0, hadError = false, watchdog = null, silenceMs = 45000;
  var busy = {};

  function setState(state) {
    indicator.textContent = state === "live" ? "live" : "reconnecting…";
    indicator.className = "live " + (state === "live" ? "live-on" : "reconnecting");
    document.documentElement.setAttribute("data-live", state);
  }
  function sectionOf(name) {
    // Two repositories may share a name; then only a whole refresh shows both right.
    var sections = board.querySelectorAll("section.project"), found = [];
    for (var i = 0; i < sections.length; i++) if (sections[i].getAttribute("data-project") === name) found.push(sections[i]);
    return found.length === 1 ? found[0] : null;
  }
  function get(url) {
    return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (res) {
      if (res.status === 401) { location.reload(); throw new Error("signed out"); }
      return res.text().then(function (text) { return { status: res.status, text: text }; });
    });
  }
  function refreshBoard() {
    return get(location.pathname + "?fragment=board").then(function (r) { if (r.status === 200) board.innerHTML = r.text; });
  }
  function fetchProject(name) {
    if (!sectionOf(name)) return refreshBoard();
    return get("/projects/" + encodeURIComponent(name) + "?fragment=project&revisions=" + encodeURIComponent(revisions)).then(function (r) {
      var current = sectionOf(name);
      if (!current) return;
      if (r.status === 404) current.remove();
      else if (r.status === 200) current.outerHTML = r.text;
    });
  }
  // One fetch per project at a time; changes that arrive meanwhile cause one more.
  function refreshProject(name) {
    if (busy[name]) { busy[name] = "again"; return; }
    busy[name] = "busy";
    var done = function () { var again = busy[name] === "again"; delete busy[name]; if (again) refreshProject(name); };
    fetchProject(name).then(done, done);
  }
  function onChange(event) {
    var change;
    try { change = JSON.parse(event.data); } catch (e) { return; }
    if (!change || typeof change.projectName !== "string") return;
    if (only !== null && change.projectName !== only) return;
    refreshProject(change.projectName);
  }
  function alive() {
    clearTimeout(watchdog);
    watchdog = setTimeout(function () { reconnect(); }, silenceMs);
  }
  function reconnect() {
    clearTimeout(watchdog);
    if (retry) return;
    if (source) source.close();
    source = null;
    hadError = true;
    setState("reconnecting");
    var delay = Math.min(30000, 500 * Math.pow(2, failures++)) * (0.75 + Math.random() / 2);
    retry = setTimeout(function () { retry = null; connect(); }, delay);
  }
  function connect() {
    source = new EventSource("/events");
    source.addEventListener("hello", function (event) {
      try { silenceMs = 3 * JSON.parse(event.data).heartbeatMs || silenceMs; } catch (e) { /* keep the default */ }
      failures = 0;
      setState("live");
      alive();
      if (hadError) { hadError = false; refreshBoard().catch(function () { /* the next change retries */ }); }
    });
    source.addEventListener("ping", alive);
    source.addEventListener("change", function (event) { alive(); onChange(event); });
    source.addEventListener("error", reconnect);
  }
  // Ages and timed-out builds change with the clock alone.
  setInterval(function () { if (source && source.readyState === 1) refreshBoard().catch(function () {}); }, 300000);
  connect();
})();
`;

/** Short content hashes, so the page can ask browsers to cache the assets forever. */
export const ASSET_VERSION = createHash("sha256").update(DASHBOARD_CSS).update(DASHBOARD_JS).digest("hex").slice(0, 10);
