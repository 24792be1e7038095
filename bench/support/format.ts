/** Printing bench figures: fixed-width tables and ratios against a same-run baseline. */
export function ratio(value: number, baseline: number): string {
  return baseline === 0 ? "n/a" : `${(value / baseline).toFixed(2)}x`;
}

export function printTable(header: string[], rows: Array<Array<string | number>>): void {
  const cells = [header, ...rows.map((row) => row.map((cell) => (typeof cell === "number" ? formatNumber(cell) : cell)))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => String(row[i] ?? "").length)));
  const line = (row: Array<string | number>) => `| ${row.map((cell, i) => String(cell).padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(cells[0]!));
  console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
  for (const row of cells.slice(1)) console.log(line(row));
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export function verdict(ok: boolean, text: string): string {
  return `${ok ? "PASS" : "FAIL"}: ${text}`;
}
