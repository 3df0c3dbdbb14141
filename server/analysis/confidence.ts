// How far an inferred schema can be trusted, from the number of samples behind it (pure).
import { round } from './stats';

/** Confidence in an inference drawn from a number of samples. */
export interface Confidence {
  level: 'low' | 'medium' | 'high';
  score: number;
}

/** Low below 10 samples, medium below 50, high from 50; score is 1 - 1/sqrt(n + 1), 2 digits. */
export function confidenceFor(sampleCount: number): Confidence {
  const n = Math.max(0, Math.floor(sampleCount));
  const level = n < 10 ? 'low' : n < 50 ? 'medium' : 'high';
  return { level, score: round(1 - 1 / Math.sqrt(n + 1), 2) };
}
