import type { ErrorObject } from 'ajv';

interface BranchSchema {
  properties?: { type?: { const?: unknown } };
}

/**
 * Errors of a discriminated union (an `anyOf` of objects told apart by a `type` constant, like an
 * Environment's target), narrowed to the branch the document chose. ajv reports every branch's
 * failures, so `{type: kubernetes, namespace: ML}` would also be told that `type` must be `local`
 * and that `namespace` is unknown; only the kubernetes branch's findings are the user's. When
 * `type` matches no branch, one `enum` error lists the allowed values instead.
 */
export function narrowUnionErrors(errors: ErrorObject[]): ErrorObject[] {
  let out = errors;
  for (const union of errors) {
    if (union.keyword !== 'anyOf') continue;
    const data: unknown = union.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) continue;
    const chosen = (data as { type?: unknown }).type;
    const at = union.instancePath;
    const typeAt = `${at}/type`;
    const rejected = out.filter((e) => e.instancePath === typeAt && e.keyword === 'const');
    if (rejected.length === 0) continue;
    const branches = Array.isArray(union.schema) ? union.schema.length : 0;
    const wrongBranch = (e: ErrorObject): boolean => {
      if (e === union) return true;
      if (e.instancePath === typeAt && e.keyword === 'const') return true;
      if (e.instancePath !== at || (e.keyword !== 'additionalProperties' && e.keyword !== 'required')) return false;
      const discriminator = (e.parentSchema as BranchSchema | undefined)?.properties?.type?.const;
      return discriminator !== undefined && discriminator !== chosen;
    };
    if (rejected.length < branches) {
      out = out.filter((e) => !wrongBranch(e));
      continue;
    }
    // `type` names no branch: every branch's errors are noise next to the misspelt discriminator.
    const allowed = rejected.map((e) => (e.params as { allowedValue: unknown }).allowedValue);
    out = out.filter(
      (e) => !(wrongBranch(e) || (e.instancePath === at && ['additionalProperties', 'required'].includes(e.keyword))),
    );
    out.push({ ...rejected[0]!, keyword: 'enum', params: { allowedValues: allowed }, data: chosen });
  }
  return out;
}
