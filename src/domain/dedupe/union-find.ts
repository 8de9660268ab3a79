/** Disjoint sets over 0…n−1 with path halving: which records one chain of pairs joins. */
export class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      const p = this.parent[i]!;
      this.parent[i] = this.parent[p]!;
      i = p;
    }
    return i;
  }
  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
  /** The sets of two or more members, each in ascending order. */
  groups(): number[][] {
    const byRoot = new Map<number, number[]>();
    for (let i = 0; i < this.parent.length; i++) {
      const root = this.find(i);
      const g = byRoot.get(root);
      if (g) g.push(i);
      else byRoot.set(root, [i]);
    }
    return [...byRoot.values()].filter((g) => g.length > 1);
  }
}
