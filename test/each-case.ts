// Table-driven unit tests: one test per row, comparing what a function returns with the expected value or its fields.
import { expect, it } from 'vitest';

/** One test per `[input, expected]` row: `fn(input)` must equal `expected`. `title` formats like `it.each`. */
export function itReturns<I, O>(
  title: string,
  fn: (input: I) => O,
  rows: ReadonlyArray<[I, O]>,
): void {
  it.each([...rows])(title, (input, expected) => {
    expect(fn(input)).toEqual(expected);
  });
}

/** One test per input, all expecting the same result of `fn`. */
export function itReturnsFor<I, O>(
  title: string,
  fn: (input: I) => O,
  expected: O,
  inputs: readonly I[],
): void {
  itReturns(
    title,
    fn,
    inputs.map((input): [I, O] => [input, expected]),
  );
}

/** One test per `[title, input, expected]` row: `fn(input)` must have the fields of `expected`. */
export function itMatches<I, O extends object>(
  fn: (input: I) => O,
  rows: ReadonlyArray<[title: string, input: I, expected: Partial<O>]>,
): void {
  it.each([...rows])('%s', (_title, input, expected) => {
    expect(fn(input)).toMatchObject(expected);
  });
}
