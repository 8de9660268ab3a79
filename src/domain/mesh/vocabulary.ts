/**
 * The MeSH vocabulary (U.S. National Library of Medicine): descriptors with their tree numbers and entry terms.
 * It answers what PubMed's `[mh]` needs: which descriptor a heading or synonym names, and which descriptors sit
 * under it in the trees (explosion).
 */
import { foldValue as foldTerm } from '../query/tokens.js';

export interface MeshDescriptor {
  ui: string;
  name: string;
  treeNumbers: string[];
  entryTerms: string[];
}

export class MeshVocabulary {
  private readonly byUi = new Map<string, MeshDescriptor>();
  private readonly byTerm = new Map<string, MeshDescriptor>();
  /** [tree number, descriptor ui], sorted by tree number: descendants of N are the run that starts with "N.". */
  private readonly tree: [string, string][] = [];

  constructor(descriptors: Iterable<MeshDescriptor>) {
    const entries: [string, MeshDescriptor][] = [];
    for (const d of descriptors) {
      this.byUi.set(d.ui, d);
      this.byTerm.set(foldTerm(d.name), d);
      for (const t of d.treeNumbers) this.tree.push([t, d.ui]);
      for (const e of d.entryTerms) entries.push([foldTerm(e), d]);
    }
    // a descriptor's own name wins over another descriptor's entry term
    for (const [term, d] of entries) if (!this.byTerm.has(term)) this.byTerm.set(term, d);
    this.tree.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  get size(): number {
    return this.byUi.size;
  }

  descriptor(ui: string): MeshDescriptor | undefined {
    return this.byUi.get(ui);
  }

  /**
   * The descriptor a heading names, by its name or by one of its entry terms (synonyms), case-insensitively.
   * @example vocabulary.resolve('Third World')?.name // 'Developing Countries'
   */
  resolve(term: string): MeshDescriptor | undefined {
    return this.byTerm.get(foldTerm(term));
  }

  /** True when the term is a descriptor's own name (not only an entry term). */
  isDescriptorName(term: string): boolean {
    const d = this.resolve(term);
    return Boolean(d && foldTerm(d.name) === foldTerm(term));
  }

  /**
   * The descriptor and every descriptor below it in any of its trees, as PubMed explodes `[mh]`.
   * @example vocabulary.explode(vocabulary.resolve('Africa')!).has('Kenya') // true (names)
   */
  explode(descriptor: MeshDescriptor): Set<string> {
    const out = new Set<string>([descriptor.name]);
    for (const tn of descriptor.treeNumbers) {
      const prefix = `${tn}.`;
      for (let i = this.lowerBound(prefix); i < this.tree.length; i++) {
        const [t, ui] = this.tree[i]!;
        if (!t.startsWith(prefix)) break;
        const d = this.byUi.get(ui);
        if (d) out.add(d.name);
      }
    }
    return out;
  }

  /** The descriptors directly above this one. */
  parents(descriptor: MeshDescriptor): MeshDescriptor[] {
    const out = new Map<string, MeshDescriptor>();
    for (const tn of descriptor.treeNumbers) {
      const cut = tn.lastIndexOf('.');
      if (cut < 0) continue;
      const parent = tn.slice(0, cut);
      const i = this.lowerBound(parent);
      const hit = this.tree[i];
      if (hit && hit[0] === parent) {
        const d = this.byUi.get(hit[1]);
        if (d) out.set(d.ui, d);
      }
    }
    return [...out.values()];
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.tree.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tree[mid]![0] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
