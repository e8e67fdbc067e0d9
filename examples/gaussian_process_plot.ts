/**
 * The picture of examples/gaussian_process.ts, as a small hand-written SVG:
 * the posterior mean, its ±2σ bands, the training and the held-out
 * observations, axes and a legend. Coordinates are rounded to 0.1 px, so the
 * same numbers give the same file.
 */
import {Observations} from '../tools/gaussian_process_data';

/** The posterior along a grid of times, and the observations around it. */
export interface PlotData {
  firstYear: number;
  years: number[];
  mean: ArrayLike<number>;
  latentStd: ArrayLike<number>;
  observationStd: ArrayLike<number>;
  train: Observations;
  heldOut: Observations;
  /** Start and end of the weeks without data, in years. */
  outage: number[];
  title: string;
}

const WIDTH = 760;
const HEIGHT = 380;
const MARGIN = {
  left: 60,
  right: 20,
  top: 40,
  bottom: 46
};
const COLORS = {
  observationBand: '#dbe7f3',
  latentBand: '#9ecae1',
  mean: '#08519c',
  train: '#252525',
  heldOut: '#d62728',
  axis: '#555',
  grid: '#eee',
  outage: '#f2f2f2',
};

/** Maps data to pixels. */
interface Scale {
  x: (years: number) => number;
  y: (ppm: number) => number;
}

export function posteriorSvg(data: PlotData): string {
  const {years, mean, latentStd, observationStd} = data;
  const lower = years.map((_, i) => mean[i] - 2 * observationStd[i]);
  const upper = years.map((_, i) => mean[i] + 2 * observationStd[i]);
  const yTicks = ticks(
      Math.min(...lower, ...data.train.ppm, ...data.heldOut.ppm),
      Math.max(...upper, ...data.train.ppm, ...data.heldOut.ppm), 2);
  const [first, last] = [years[0], years[years.length - 1]];
  const xTicks = ticks(first, last, 1).filter(t => t >= first && t <= last);
  const scale = makeScale(first, last, yTicks[0], yTicks[yTicks.length - 1]);
  const band = (width: ArrayLike<number>) =>
      years.map((t, i) => [t, mean[i] + 2 * width[i]])
          .concat(years.map((t, i) => [t, mean[i] - 2 * width[i]]).reverse());
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" ` +
        `height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ` +
        `font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    ...axes(scale, [first, last], xTicks, yTicks, data.firstYear),
    ...outage(scale, data.outage, yTicks),
    `<polygon fill="${COLORS.observationBand}" points="${
        points(scale, band(observationStd))}"/>`,
    `<polygon fill="${COLORS.latentBand}" points="${
        points(scale, band(latentStd))}"/>`,
    `<polyline fill="none" stroke="${COLORS.mean}" stroke-width="1.5" ` +
        `points="${points(scale, years.map((t, i) => [t, mean[i]]))}"/>`,
    `<g fill="${COLORS.train}">${
        data.train.years.map((t, i) => circle(scale, t, data.train.ppm[i]))
            .join('')}</g>`,
    `<g stroke="${COLORS.heldOut}" stroke-width="1.2">${
        data.heldOut.years.map((t, i) => cross(scale, t, data.heldOut.ppm[i]))
            .join('')}</g>`,
    ...legend(),
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14">${
        data.title}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

/** A grey strip over the weeks without data, labelled. */
function outage(
    scale: Scale, [start, end]: number[], yTicks: number[]): string[] {
  const [left, right] = [scale.x(start), scale.x(end)];
  const top = scale.y(yTicks[yTicks.length - 1]);
  const bottom = scale.y(yTicks[0]);
  return [
    `<rect x="${fixed(left)}" y="${fixed(top)}" width="${
        fixed(right - left)}" height="${fixed(bottom - top)}" fill="${
        COLORS.outage}"/>`,
    `<text x="${fixed((left + right) / 2)}" y="${
        fixed(bottom - 8)}" text-anchor="middle" fill="${
        COLORS.axis}">outage</text>`,
  ];
}

/** Multiples of `step` from below `min` to above `max`. */
function ticks(min: number, max: number, step: number): number[] {
  const first = Math.floor(min / step);
  const last = Math.ceil(max / step);
  return Array.from({length: last - first + 1}, (_, i) => (first + i) * step);
}

function makeScale(
    xMin: number, xMax: number, yMin: number, yMax: number): Scale {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  return {
    x: years => MARGIN.left + (years - xMin) / (xMax - xMin) * plotWidth,
    y: ppm => MARGIN.top + (yMax - ppm) / (yMax - yMin) * plotHeight,
  };
}

function fixed(pixels: number): string {
  return pixels.toFixed(1);
}

function points(scale: Scale, xy: number[][]): string {
  return xy.map(([x, y]) => `${fixed(scale.x(x))},${fixed(scale.y(y))}`)
      .join(' ');
}

function circle(scale: Scale, x: number, y: number): string {
  return `<circle cx="${fixed(scale.x(x))}" cy="${fixed(scale.y(y))}" r="2"/>`;
}

function cross(scale: Scale, x: number, y: number): string {
  const [cx, cy] = [scale.x(x), scale.y(y)];
  return `<path d="M${fixed(cx - 3)} ${fixed(cy - 3)}l6 6m0-6l-6 6"/>`;
}

/** Grid lines, tick labels and axis titles. */
function axes(
    scale: Scale, [first, last]: number[], xTicks: number[], yTicks: number[],
    firstYear: number): string[] {
  const [left, right] = [scale.x(first), scale.x(last)];
  const [bottom, top] =
      [scale.y(yTicks[0]), scale.y(yTicks[yTicks.length - 1])];
  const lines: string[] = [];
  for (const t of xTicks) {
    const x = fixed(scale.x(t));
    lines.push(
        `<line x1="${x}" y1="${fixed(top)}" x2="${x}" y2="${
            fixed(bottom)}" stroke="${COLORS.grid}"/>`,
        `<text x="${x}" y="${fixed(bottom + 16)}" text-anchor="middle">${
            firstYear + t}</text>`);
  }
  for (const v of yTicks) {
    const y = fixed(scale.y(v));
    lines.push(
        `<line x1="${fixed(left)}" y1="${y}" x2="${fixed(right)}" y2="${
            y}" stroke="${COLORS.grid}"/>`,
        `<text x="${fixed(left - 6)}" y="${
            fixed(scale.y(v) + 4)}" text-anchor="end">${v}</text>`);
  }
  lines.push(
      `<rect x="${fixed(left)}" y="${fixed(top)}" width="${
          fixed(right - left)}" height="${fixed(bottom - top)}" fill="none" ` +
          `stroke="${COLORS.axis}"/>`,
      `<text x="${fixed((left + right) / 2)}" y="${
          HEIGHT - 8}" text-anchor="middle">year</text>`,
      `<text transform="translate(16 ${fixed((top + bottom) / 2)}) ` +
          `rotate(-90)" text-anchor="middle">CO2 (ppm)</text>`);
  return lines;
}

/** In the plot's top left corner, where the series starts low. */
function legend(): string[] {
  const x = MARGIN.left + 12;
  const entries: Array<[string, string]> = [
    [
      `<polyline points="0,0 18,0" stroke="${COLORS.mean}" ` +
          `stroke-width="1.5"/>`,
      'posterior mean'
    ],
    [
      `<rect x="0" y="-5" width="18" height="10" fill="${COLORS.latentBand}"/>`,
      '±2σ of f'
    ],
    [
      `<rect x="0" y="-5" width="18" height="10" fill="${
          COLORS.observationBand}"/>`,
      '±2σ of a new observation'
    ],
    [`<circle cx="9" cy="0" r="2" fill="${COLORS.train}"/>`, 'training week'],
    [
      `<path d="M6 -3l6 6m0-6l-6 6" stroke="${COLORS.heldOut}" ` +
          `stroke-width="1.2"/>`,
      'held-out week'
    ],
  ];
  return entries.map(
      ([mark, label], i) =>
          `<g transform="translate(${x} ${MARGIN.top + 14 + 16 * i})">${
              mark}<text x="26" y="4">${label}</text></g>`);
}
