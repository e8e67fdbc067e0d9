/**
 * A seeded synthetic series that mimics the weekly mean CO2 concentration
 * measured at Mauna Loa, 2015 to 2019: a rising trend of about 2.5 ppm a
 * year, a seasonal cycle of about ±3 ppm (highest in May, lowest in
 * autumn, when the northern forests have taken up carbon all summer), a
 * slow irregular wobble, and measurement noise. Some weeks have no valid
 * mean, and an instrument outage leaves a gap of several weeks. The numbers
 * are made up; only their shape follows the real record.
 *
 * Only tfjs and plain JS. The random numbers come from tfjs's seeded
 * generators, not from a backend, so every backend sees the same series.
 */
import * as tf from '@tensorflow/tfjs';

export const co2Series = {
  seed: 7,
  firstYear: 2015,
  weeks: 209,
  /** An outage: these weeks have no data at all. */
  outage: {firstWeek: 118, weeks: 8},
  /** Weeks without a valid mean, scattered over the record. */
  missingFraction: 0.05,
  /** The share of the remaining weeks kept out of training. */
  heldOutFraction: 0.25,
  noiseStd: 0.3,
};

/** Times in years since co2Series.firstYear, and values in ppm. */
export type Observations = {
  years: number[],
  ppm: number[],
};

export type Co2Data = {
  train: Observations,
  heldOut: Observations,
};

export const DAYS_PER_YEAR = 365.25;

/** The weekly means, split into training and held-out weeks. */
export function makeCo2Series(): Co2Data {
  const {seed, weeks, outage, missingFraction, heldOutFraction, noiseStd} =
      co2Series;
  const [choice, noise] = tf.tidy(
      () => [tf.randomUniform([weeks], 0, 1, 'float32', seed),
             tf.randomNormal([weeks], 0, noiseStd, 'float32', seed + 1)]
                .map(t => t.dataSync()));
  const data: Co2Data = {
    train: {years: [], ppm: []},
    heldOut: {years: [], ppm: []},
  };
  for (let week = 0; week < weeks; week++) {
    const inOutage =
        week >= outage.firstWeek && week < outage.firstWeek + outage.weeks;
    if (inOutage || choice[week] < missingFraction) {
      continue;
    }
    const heldOut = choice[week] < missingFraction + heldOutFraction;
    const split = heldOut ? data.heldOut : data.train;
    const years = (7 * week + 3.5) / DAYS_PER_YEAR;
    split.years.push(years);
    split.ppm.push(co2Level(years) + noise[week]);
  }
  return data;
}

/** The noise-free level at `years` since co2Series.firstYear, in ppm. */
export function co2Level(years: number): number {
  const trend = 400 + 2.35 * years + 0.08 * years ** 2;
  // Two harmonics make the cycle lopsided: a slow rise, a quick fall.
  const phase = 2 * Math.PI * years;
  const seasonal = 3 * Math.cos(phase - 2.2) + 0.8 * Math.cos(2 * phase - 4.9);
  const irregular = 0.4 * Math.sin(2 * Math.PI * years / 2.7 + 1);
  return trend + seasonal + irregular;
}
