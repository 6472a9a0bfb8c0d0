// Checks of the frontmatter block itself: present and closed, valid YAML, field types, kebab-case keys.
import { KEBAB_CASE } from '../rules';
import { describeType, fail, has, NO_FRONTMATTER, pass, quote, skip, type Check } from './context';

function isPlainMapping(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Map);
}

export const frontmatterChecks = {
  frontmatter_present(ctx) {
    if (ctx.split.kind === 'missing') {
      return fail('frontmatter must start with a "---" line at the very top of the file (YAML frontmatter is missing)');
    }
    if (ctx.split.kind === 'unclosed') {
      return fail('frontmatter must be closed by a "---" line after the YAML (closing delimiter not found)');
    }
    return pass();
  },

  frontmatter_yaml(ctx) {
    if (ctx.split.kind !== 'ok') return skip('no frontmatter block');
    return ctx.yamlError === null ? pass() : fail(ctx.yamlError);
  },

  optional_fields_types(ctx) {
    if (!ctx.data) return skip(NO_FRONTMATTER);
    const data = ctx.data;
    const problems: string[] = [];
    for (const key of ['license', 'version', 'compatibility']) {
      if (has(data, key) && typeof data[key] !== 'string') {
        problems.push(`${key} must be a string (got ${describeType(data[key])})`);
      }
    }
    if (has(data, 'allowed-tools')) {
      const tools = data['allowed-tools'];
      const ok = typeof tools === 'string' || (Array.isArray(tools) && tools.every((t) => typeof t === 'string'));
      if (!ok) problems.push(`allowed-tools must be a string or a list of strings (got ${describeType(tools)})`);
    }
    if (has(data, 'metadata') && !isPlainMapping(data['metadata'])) {
      problems.push(`metadata must be a mapping (got ${describeType(data['metadata'])})`);
    }
    return problems.length === 0 ? pass() : fail(`frontmatter field has the wrong type: ${problems.join('; ')}`);
  },

  frontmatter_keys_kebab(ctx) {
    if (!ctx.data) return skip(NO_FRONTMATTER);
    const bad = Object.keys(ctx.data).filter((key) => !KEBAB_CASE.test(key));
    if (bad.length === 0) return pass();
    const listed = bad.slice(0, 5).map((k) => quote(k, 40));
    const more = bad.length > 5 ? ` and ${bad.length - 5} more` : '';
    return fail(`frontmatter keys should be kebab-case (e.g. "allowed-tools"): ${listed.join(', ')}${more}`);
  },
} satisfies Record<string, Check>;
