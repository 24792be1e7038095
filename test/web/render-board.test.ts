import type { DisplayRevision } from "../../src/core/board/index.js";
import type { Project } from "../../src/store/board-store.js";
import { githubCommitUrl, renderBoard, renderBox } from "../../src/web/render-board.js";
import { renderStats } from "../../src/web/render-charts.js";
import { escapeHtml, formatAge, formatDuration, safeHttpUrl } from "../../src/web/render-html.js";
import { renderLoginPage, renderPage } from "../../src/web/render-page.js";

const now = new Date(Date.UTC(2024, 0, 1, 12, 0));
const hostile = `<img src=x onerror=alert(1)>`;
/** Markup with attribute values emptied: escaping guarantees values hold no raw quote. */
const tagsOnly = (html: string) => html.replace(/"[^"]*"/g, '""');

it.each([
  [`<img src=x onerror=alert(1)>`, "&lt;img src=x onerror=alert(1)&gt;"],
  [`a&b "c" 'd'`, "a&amp;b &quot;c&quot; &#39;d&#39;"],
  ["plain", "plain"],
  [42, "42"],
])("escapes %p", (input, output) => {
  expect(escapeHtml(input)).toBe(output);
});

it.each<[string | null, string | undefined]>([
  ["https://ci.example.com/job/1", "https://ci.example.com/job/1"],
  ["http://ci/x?a=1&b=<2>", "http://ci/x?a=1&b=%3C2%3E"],
  ["javascript:alert(1)", undefined],
  ["JAVASCRIPT:alert(1)", undefined],
  ["data:text/html,<b>", undefined],
  ["/relative", undefined],
  ["ftp://host/file", undefined],
  ["not a url", undefined],
  [null, undefined],
  ["", undefined],
])("safeHttpUrl(%p) is %p", (input, output) => {
  expect(safeHttpUrl(input)).toBe(output);
});

it.each([
  ["https://ci/1", `<a class="build failed" data-status="failed" title="unit: failed" href="https://ci/1" target="_blank" rel="noopener noreferrer">unit</a>`],
  ["javascript:alert(1)", `<span class="build failed" data-status="failed" title="unit: failed">unit</span>`],
  [null, `<span class="build failed" data-status="failed" title="unit: failed">unit</span>`],
])("a box for status URL %p", (statusUrl, html) => {
  expect(renderBox({ name: "unit", status: "failed", statusUrl })).toBe(html);
});

it("renders hostile names and URLs inert everywhere", () => {
  const project: Project = { id: 1, name: hostile, repository: hostile, position: 0, mappings: [] };
  const revisions: DisplayRevision[] = [{ hash: "a".repeat(40), shortHash: "aaaaa", createdAt: now, builds: [{ name: hostile, status: "building", statusUrl: `https://x/"><script>alert(1)</script>` }] }];
  const html = renderBoard([{ project, revisions }], now) + renderStats([{ name: hostile, averageMs: 1000, count: 1 }], [{ tag: hostile, leadTimeMs: 5, commits: 1 }]);
  expect(tagsOnly(html)).not.toMatch(/<img|<script|<[^>]*\son\w+=/);
  expect(html).toContain(`href="https://x/%22%3E%3Cscript%3Ealert(1)%3C/script%3E"`);
  expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
});

it("keeps the order it is given and shows an empty board's hint", () => {
  const p = (id: number, name: string): Project => ({ id, name, repository: name, position: 0, mappings: [] });
  const html = renderBoard([{ project: p(1, "b"), revisions: [] }, { project: p(2, "a"), revisions: [] }], now);
  expect(html.indexOf(`data-project="b"`)).toBeLessThan(html.indexOf(`data-project="a"`));
  expect(renderBoard([], now)).toContain("No builds reported yet");
});

it.each([
  ["git@github.com:org/repo.git", "https://github.com/org/repo/commit/" + "a".repeat(40)],
  ["https://github.com/org/repo", "https://github.com/org/repo/commit/" + "a".repeat(40)],
  ["git@example.com:org/repo.git", undefined],
  ["https://github.com/org/\"><b>", undefined],
])("commit link for %s", (repository, url) => {
  expect(githubCommitUrl(repository, "a".repeat(40))).toBe(url);
});

it("shows 'No releases yet' instead of empty release charts, and bars for build times", () => {
  const html = renderStats([{ name: "unit", averageMs: 120_000, count: 3 }], []);
  expect(html.match(/No releases yet/g)).toHaveLength(2);
  expect(html).toContain("<svg");
  expect(html).toContain("2 min (3)");
  expect(renderStats([], [{ tag: "release-1", leadTimeMs: 60_000, commits: 4 }])).not.toContain("No releases yet");
});

it.each([
  [30_000, "just now"], [5 * 60_000, "5 min ago"], [3 * 3600_000, "3 h ago"], [2 * 86_400_000, "2 d ago"], [-5000, "just now"],
])("age of %i ms is %s", (ms, text) => {
  expect(formatAge(new Date(now.getTime() - ms), now)).toBe(text);
});

it.each([[45_000, "45 s"], [12 * 60_000, "12 min"], [3.5 * 3600_000, "3.5 h"], [3 * 86_400_000, "3.0 d"]])("duration %i is %s", (ms, text) => {
  expect(formatDuration(ms)).toBe(text);
});

it("loads script and style from files, never inline", () => {
  const page = renderPage({ title: hostile, board: "", project: hostile, revisionsPerProject: 15, signedIn: true }) + renderLoginPage({ next: `/"><x`, error: hostile, csrf: `"><x` });
  expect(tagsOnly(page)).not.toMatch(/<script>|<style|<[^>]*\son\w+=|<[^>]*\sstyle=|<img/);
  expect(page).toMatch(/<script src="\/dashboard\.js\?v=\w+"><\/script>/);
  expect(page).toContain(`action="/logout"`);
});
