/**
 * A line chart of losses per step on a 2D canvas, log scale on the y axis:
 * the losses span an order of magnitude, and a log scale keeps the slow end
 * of training as readable as the fast start.
 */

export interface Series {
  label: string;
  color: string;
  values: number[];
}

export interface ChartOptions {
  /** The x axis runs from step 0 to this, so the lines grow into the chart. */
  lastStep: number;
  /** A horizontal dashed line: the lowest loss any model can reach. */
  floor: {label: string, value: number};
}

const MARGIN = {
  top: 16,
  right: 24,
  bottom: 44,
  left: 64
};
const FONT = '13px system-ui, sans-serif';
const AXIS_COLOR = '#444';
const GRID_COLOR = '#e4e4e4';
const FLOOR_COLOR = '#888';

/** Maps steps and losses to canvas pixels. */
interface Scales {
  x(step: number): number;
  y(loss: number): number;
  low: number;
  high: number;
}

export function drawLossChart(
    canvas: HTMLCanvasElement, series: Series[], options: ChartOptions) {
  const context = sharpContext(canvas);
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  context.clearRect(0, 0, width, height);
  context.font = FONT;

  const scales = makeScales(series, options, width, height);
  drawYAxis(context, scales, width);
  drawXAxis(context, scales, options.lastStep, height);
  drawFloor(context, scales, options.floor, width);
  for (const {color, values} of series) {
    drawLine(context, scales, values, color);
  }
  drawLegend(context, series, width);
}

/** A context that draws in CSS pixels on a canvas sized in device pixels. */
function sharpContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(canvas.clientWidth * ratio);
  const height = Math.round(canvas.clientHeight * ratio);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d')!;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  return context;
}

function makeScales(
    series: Series[], {lastStep, floor}: ChartOptions, width: number,
    height: number): Scales {
  const values =
      series.flatMap(s => s.values).filter(v => v > 0 && isFinite(v));
  const low = Math.min(floor.value, ...values) / 1.25;
  const high = Math.max(floor.value * 2, ...values) * 1.25;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const [logLow, logHigh] = [Math.log(low), Math.log(high)];
  return {
    x: step => MARGIN.left + plotWidth * step / lastStep,
    y: loss => MARGIN.top +
        plotHeight * (logHigh - Math.log(loss)) / (logHigh - logLow),
    low,
    high,
  };
}

/** 1, 2, 3 and 5 times the powers of ten between low and high. */
function logTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let exponent = Math.floor(Math.log10(low));
       exponent <= Math.ceil(Math.log10(high)); exponent++) {
    for (const mantissa of [1, 2, 3, 5]) {
      const tick = mantissa * 10 ** exponent;
      if (tick >= low && tick <= high) {
        ticks.push(tick);
      }
    }
  }
  return ticks;
}

function drawYAxis(
    context: CanvasRenderingContext2D, scales: Scales, width: number) {
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const tick of logTicks(scales.low, scales.high)) {
    const y = scales.y(tick);
    horizontalLine(context, y, MARGIN.left, width - MARGIN.right, GRID_COLOR);
    context.fillStyle = AXIS_COLOR;
    context.fillText(String(tick), MARGIN.left - 8, y);
  }
  context.save();
  context.translate(16, MARGIN.top + (scales.y(scales.low) - MARGIN.top) / 2);
  context.rotate(-Math.PI / 2);
  context.textAlign = 'center';
  context.fillText('MSE (log scale)', 0, 0);
  context.restore();
}

function drawXAxis(
    context: CanvasRenderingContext2D, scales: Scales, lastStep: number,
    height: number) {
  const axisY = height - MARGIN.bottom;
  horizontalLine(context, axisY, MARGIN.left, scales.x(lastStep), AXIS_COLOR);
  context.textAlign = 'center';
  context.textBaseline = 'top';
  context.fillStyle = AXIS_COLOR;
  const tickSpacing = lastStep <= 50 ? 10 : 20;
  for (let step = 0; step <= lastStep; step += tickSpacing) {
    const x = scales.x(step);
    context.fillRect(x - 0.5, axisY, 1, 5);
    context.fillText(String(step), x, axisY + 8);
  }
  context.fillText(
      'step', MARGIN.left + (scales.x(lastStep) - MARGIN.left) / 2, axisY + 26);
}

function drawFloor(
    context: CanvasRenderingContext2D, scales: Scales,
    floor: ChartOptions['floor'], width: number) {
  const y = scales.y(floor.value);
  context.setLineDash([6, 4]);
  horizontalLine(context, y, MARGIN.left, width - MARGIN.right, FLOOR_COLOR);
  context.setLineDash([]);
  context.fillStyle = FLOOR_COLOR;
  context.textAlign = 'right';
  context.textBaseline = 'bottom';
  context.fillText(floor.label, width - MARGIN.right, y - 4);
}

function drawLine(
    context: CanvasRenderingContext2D, scales: Scales, values: number[],
    color: string) {
  context.strokeStyle = color;
  context.lineWidth = 2.5;
  context.lineJoin = 'round';
  context.beginPath();
  values.forEach((value, step) => {
    const [x, y] = [scales.x(step), scales.y(value)];
    if (step === 0) {
      context.moveTo(x, y);
    } else {
      context.lineTo(x, y);
    }
  });
  context.stroke();
}

function drawLegend(
    context: CanvasRenderingContext2D, series: Series[], width: number) {
  context.textAlign = 'left';
  context.textBaseline = 'middle';
  const legendWidth = 230;
  series.forEach(({label, color}, row) => {
    const x = width - MARGIN.right - legendWidth;
    const y = MARGIN.top + 12 + row * 22;
    context.fillStyle = color;
    context.fillRect(x, y - 2, 24, 4);
    context.fillStyle = AXIS_COLOR;
    context.fillText(label, x + 32, y);
  });
}

function horizontalLine(
    context: CanvasRenderingContext2D, y: number, fromX: number, toX: number,
    color: string) {
  context.strokeStyle = color;
  context.lineWidth = 1;
  context.beginPath();
  // Half-pixel offset: a 1px line on a pixel boundary would blur over two.
  context.moveTo(fromX, Math.round(y) + 0.5);
  context.lineTo(toX, Math.round(y) + 0.5);
  context.stroke();
}
