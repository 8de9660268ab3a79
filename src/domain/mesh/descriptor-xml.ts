import type { ReadContext } from '../formats/contract.js';
import { child, children, cleanText, xmlRecords } from '../formats/xml-records.js';
import type { MeshDescriptor } from './vocabulary.js';

/**
 * Reads NLM's MeSH descriptor XML (`desc20xx.xml`, DescriptorRecordSet), streaming: one DescriptorRecord at a
 * time. Entry terms are the terms of all concepts except the descriptor's own name.
 */
export async function* readDescriptorXml(
  chunks: AsyncIterable<string>,
  ctx: ReadContext,
): AsyncGenerator<MeshDescriptor> {
  for await (const { data: record } of xmlRecords(chunks, new Set(['DescriptorRecord']), ctx)) {
    const ui = cleanText(child(record, 'DescriptorUI'));
    const name = cleanText(child(child(record, 'DescriptorName'), 'String'));
    const treeNumbers = children(child(record, 'TreeNumberList'), 'TreeNumber').map((t) => cleanText(t));
    const terms = new Set<string>();
    for (const concept of children(child(record, 'ConceptList'), 'Concept'))
      for (const term of children(child(concept, 'TermList'), 'Term')) {
        const text = cleanText(child(term, 'String'));
        if (text && text !== name) terms.add(text);
      }
    if (ui && name) yield { ui, name, treeNumbers, entryTerms: [...terms] };
  }
}
