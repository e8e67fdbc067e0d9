/** Markdown tables and number formats for the report. */

/** A markdown table with columns padded so it also reads as plain text. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map(
      (title, c) => Math.max(title.length, ...rows.map(row => row[c].length)));
  const line = (cells: string[]) =>
      `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  const rule = `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Three significant digits, without exponents for the usual ranges. */
export function formatNumber(value: number): string {
  if (!isFinite(value)) {
    return String(value);
  }
  if (Math.abs(value) >= 1000) {
    return value.toFixed(0);
  }
  return value.toPrecision(3);
}

export function formatRatio(ratio: number): string {
  return `${formatNumber(ratio)}x`;
}

/** Milliseconds as ms or s, for the "why skipped" notes. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${formatNumber(ms / 1000)} s` : `${formatNumber(ms)} ms`;
}
