/**
 * Sparse rows (compressed sparse row form) on typed arrays: the feature matrix every classifier reads. Row i's
 * entries are indices/values[indptr[i] .. indptr[i + 1]).
 */
export interface SparseRows {
  readonly rows: number;
  readonly columns: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** A linear model: score(x) = w·x + bias. Larger scores mean more likely relevant. */
export interface LinearModel {
  readonly weights: Float64Array;
  readonly bias: number;
}

/** w·x for row `row` of X. */
export function rowDot(X: SparseRows, row: number, w: Float64Array): number {
  let sum = 0;
  for (let k = X.indptr[row]!; k < X.indptr[row + 1]!; k++) sum += X.values[k]! * w[X.indices[k]!]!;
  return sum;
}

/** x·x for row `row` of X. */
export function rowSquaredNorm(X: SparseRows, row: number): number {
  let sum = 0;
  for (let k = X.indptr[row]!; k < X.indptr[row + 1]!; k++) sum += X.values[k]! * X.values[k]!;
  return sum;
}

/** w += scale · x for row `row` of X. */
export function addRow(X: SparseRows, row: number, scale: number, w: Float64Array): void {
  for (let k = X.indptr[row]!; k < X.indptr[row + 1]!; k++) w[X.indices[k]!]! += scale * X.values[k]!;
}

/** The model's score for every row listed (all rows when none are). */
export function scoreRows(X: SparseRows, model: LinearModel, rows?: ArrayLike<number>): Float64Array {
  const n = rows ? rows.length : X.rows;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rowDot(X, rows ? rows[i]! : i, model.weights) + model.bias;
  return out;
}

/** Builds sparse rows from per-row maps of column → value. */
export function sparseFromMaps(maps: readonly Map<number, number>[], columns: number): SparseRows {
  const indptr = new Int32Array(maps.length + 1);
  let nnz = 0;
  for (let i = 0; i < maps.length; i++) {
    nnz += maps[i]!.size;
    indptr[i + 1] = nnz;
  }
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  for (const map of maps) {
    const sorted = [...map.keys()].sort((a, b) => a - b);
    for (const column of sorted) {
      indices[k] = column;
      values[k++] = map.get(column)!;
    }
  }
  return { rows: maps.length, columns, indptr, indices, values };
}
