import { TwowayError } from '../errors.js';
import { dimensionOf, frameworkFaults, type Code, type Dimension, type Framework } from './framework.js';

/**
 * How a framework changes: every edit makes a new version and appends a change, so a coding made with an older
 * version keeps its version and its codes map forward (a renamed code to its new id, a merged code to the code
 * it was merged into). Codes are never deleted: retiring one keeps it readable in old codings.
 */

export type FrameworkEdit =
  | { op: 'add'; dimension: string; code: Code }
  | { op: 'rename'; dimension: string; code: string; label: string; into?: string }
  | { op: 'merge'; dimension: string; code: string; into: string }
  | { op: 'retire'; dimension: string; code: string };

function refuse(message: string): never {
  throw new TwowayError({ code: 'E_FRAMEWORK_INVALID', message });
}

function editableDimension(framework: Framework, id: string): Dimension {
  const dimension = dimensionOf(framework, id);
  if (!dimension)
    refuse(
      `framework ${framework.id} has no dimension "${id}"; dimensions: ${framework.dimensions.map((d) => d.id).join(', ')}`,
    );
  return dimension;
}

function existingCode(dimension: Dimension, id: string): Code {
  const code = dimension.codes.find((c) => c.id === id);
  if (!code) refuse(`dimension "${dimension.id}" has no code "${id}"`);
  return code;
}

/**
 * The next version of a framework after one edit (the given framework is left as it is).
 * @example editFramework(v1, { op: 'merge', dimension: 'level', code: 'partnership', into: 'organisational' }).version // 2
 */
export function editFramework(framework: Framework, edit: FrameworkEdit): Framework {
  const next: Framework = structuredClone(framework);
  next.version = framework.version + 1;
  const dimension = editableDimension(next, edit.dimension);
  const changes = (next.changes ??= []);
  switch (edit.op) {
    case 'add': {
      if (dimension.codes.some((c) => c.id === edit.code.id))
        refuse(`dimension "${dimension.id}" has a code "${edit.code.id}" already`);
      dimension.codes.push(edit.code);
      changes.push({ op: 'add', dimension: dimension.id, code: edit.code.id, version: next.version });
      break;
    }
    case 'rename': {
      const code = existingCode(dimension, edit.code);
      const into = edit.into ?? code.id;
      if (into !== code.id && dimension.codes.some((c) => c.id === into))
        refuse(`dimension "${dimension.id}" has a code "${into}" already; merge into it instead`);
      for (const other of dimension.codes) if (other.parent === code.id) other.parent = into;
      // the mappings name codes by id too: they follow the rename
      for (const mapping of next.mappings ?? []) {
        if (mapping.from === dimension.id && code.id in mapping.pairs && into !== code.id) {
          mapping.pairs[into] = mapping.pairs[code.id]!;
          delete mapping.pairs[code.id];
        }
        if (mapping.to === dimension.id)
          for (const key of Object.keys(mapping.pairs))
            mapping.pairs[key] = mapping.pairs[key]!.map((target) => (target === code.id ? into : target));
      }
      code.id = into;
      code.label = edit.label;
      changes.push({
        op: 'rename',
        dimension: dimension.id,
        code: edit.code,
        into,
        label: edit.label,
        version: next.version,
      });
      break;
    }
    case 'merge': {
      const code = existingCode(dimension, edit.code);
      const into = existingCode(dimension, edit.into);
      if (code === into) refuse(`a code cannot be merged into itself ("${edit.code}")`);
      if (into.retired) refuse(`"${into.id}" is retired; merge into a code in use`);
      code.retired = true;
      into.aliases = [...new Set([...(into.aliases ?? []), code.label, ...(code.aliases ?? [])])];
      changes.push({
        op: 'merge',
        dimension: dimension.id,
        code: code.id,
        into: into.id,
        version: next.version,
      });
      break;
    }
    case 'retire': {
      const code = existingCode(dimension, edit.code);
      code.retired = true;
      changes.push({ op: 'retire', dimension: dimension.id, code: code.id, version: next.version });
      break;
    }
  }
  const faults = frameworkFaults(next);
  if (faults.length > 0) refuse(faults.map((f) => `${f.path || '/'}: ${f.message}`).join('; '));
  return next;
}

/**
 * The id a code coded with version `fromVersion` has in `framework` (its current version): renames and merges
 * made since are followed in order.
 * @example forwardCode(v3, 'level', 'partnership', 1) // 'organisational' when v2 merged it
 */
export function forwardCode(
  framework: Framework,
  dimension: string,
  code: string,
  fromVersion: number,
): string {
  let current = code;
  for (const change of framework.changes ?? []) {
    if (change.version <= fromVersion || change.dimension !== dimension) continue;
    if ((change.op === 'rename' || change.op === 'merge') && change.code === current) current = change.into;
  }
  return current;
}
