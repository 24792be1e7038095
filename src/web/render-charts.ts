/**
 * Small server-rendered SVG charts for the project page. No script, no inline style: sizes are
 * attributes and colours come from the stylesheet's classes, so the page's CSP stays strict.
 */
import type { BuildTime, ReleasePoint } from "../core/board/index.js";
import { escapeHtml, formatDuration } from "./render-html.js";

export interface Bar {
  label: string;
  value: number;
  /** What the bar's end shows, e.g. "12 min". */
  text: string;
}

const ROW = 22;
const LABEL_W = 140;
const BAR_W = 220;

/** One labelled horizontal bar per item, scaled to the largest value. */
export function renderBarChart(title: string, bars: readonly Bar[], empty: string): string {
  if (bars.length === 0) return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption><p class="empty">${escapeHtml(empty)}</p></figure>`;
  const max = Math.max(...bars.map((bar) => bar.value), 1);
  const height = bars.length * ROW;
  const rows = bars.map((bar, i) => {
    const y = i * ROW;
    const w = Math.max(1, Math.round((bar.value / max) * BAR_W));
    return `<g><title>${escapeHtml(`${bar.label}: ${bar.text}`)}</title>`
      + `<text class="label" x="${LABEL_W - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(truncate(bar.label, 20))}</text>`
      + `<rect class="bar" x="${LABEL_W}" y="${y + 3}" width="${w}" height="${ROW - 6}" rx="3"></rect>`
      + `<text class="value" x="${LABEL_W + w + 6}" y="${y + 15}">${escapeHtml(bar.text)}</text></g>`;
  });
  const width = LABEL_W + BAR_W + 80;
  return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>`
    + `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${rows.join("")}</svg></figure>`;
}

/** A sparkline-sized column chart: one column per point, oldest left. */
export function renderColumnChart(title: string, bars: readonly Bar[], empty: string): string {
  if (bars.length === 0) return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption><p class="empty">${escapeHtml(empty)}</p></figure>`;
  const max = Math.max(...bars.map((bar) => bar.value), 1);
  const height = 60;
  const step = Math.max(4, Math.min(24, Math.floor(360 / bars.length)));
  const cols = bars.map((bar, i) => {
    const h = Math.max(1, Math.round((bar.value / max) * (height - 2)));
    return `<rect class="bar" x="${i * step}" y="${height - h}" width="${step - 2}" height="${h}"><title>${escapeHtml(`${bar.label}: ${bar.text}`)}</title></rect>`;
  });
  const width = bars.length * step;
  return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>`
    + `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${cols.join("")}</svg></figure>`;
}

/** The project page's three charts. */
export function renderStats(buildTimes: readonly BuildTime[], releases: readonly ReleasePoint[]): string {
  const timeBars = buildTimes.map((t) => ({ label: t.name, value: t.averageMs, text: `${formatDuration(t.averageMs)} (${t.count})` }));
  const leadBars = releases.flatMap((r) => (r.leadTimeMs === null ? [] : [{ label: r.tag, value: r.leadTimeMs, text: formatDuration(r.leadTimeMs) }]));
  const commitBars = releases.map((r) => ({ label: r.tag, value: r.commits, text: `${r.commits} commits` }));
  const noReleases = "No releases yet";
  return `<section class="stats"><h2>Stats</h2>`
    + renderBarChart("Average build time", timeBars, "No finished builds yet")
    + renderColumnChart("Commit to release tag", leadBars, noReleases)
    + renderColumnChart("Commits per release", commitBars, noReleases)
    + `</section>`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
