/**
 * Stored values back into a form: the reverse of `unflattenForm` (form-values.ts). A saved draft is a
 * nested object (`{ websites: [{ domains: ['a.cn'] }] }`); its form fields are named by path
 * (`websites.0.domains.0`), so re-filling a form from the store is flattening it to those names.
 */

const MAX_DEPTH = 8;

/**
 * Dotted names → text values: `flattenValues({ domains: ['a.cn'] }, 'websites.0')` →
 * `{ 'websites.0.domains.0': 'a.cn' }`. Numbers and booleans become text; null, undefined and empty
 * strings are left out (an empty box); anything deeper than the forms go is ignored.
 */
export function flattenValues(value: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (node: unknown, name: string, depth: number) => {
    if (depth > MAX_DEPTH || node === null || node === undefined) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, name === '' ? String(i) : `${name}.${i}`, depth + 1));
    } else if (typeof node === 'object') {
      for (const [key, item] of Object.entries(node))
        walk(item, name === '' ? key : `${name}.${key}`, depth + 1);
    } else if (typeof node === 'string') {
      if (node !== '' && name !== '') out[name] = node;
    } else if ((typeof node === 'number' || typeof node === 'boolean') && name !== '') {
      out[name] = String(node);
    }
  };
  walk(value, prefix, 0);
  return out;
}
