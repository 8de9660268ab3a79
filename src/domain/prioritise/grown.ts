/**
 * A longer copy of `array`: at least `size` long and at least twice as long as before, the new places set to
 * `fill` — for the typed arrays the feature extractor grows as words and terms arrive.
 * @example grownInt32(Int32Array.of(7), 3, -1) // Int32Array [7, -1, -1]
 */
export function grownInt32(array: Int32Array, size: number, fill = 0): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(array.length * 2, size));
  if (fill !== 0) grown.fill(fill, array.length);
  grown.set(array);
  return grown;
}
