// DK001 unused-suppression: a `driverkit-lint-disable…` directive, or a rule it names, that suppresses nothing.
import type { DirectiveUsage } from '../model/suppression-directives';
import { defineRule, type Finding } from './rule';
import { removeCodeEdit, removeDirectiveEdit } from './support/suppressions/removal-edits';

export const unusedSuppression = defineRule(
  {
    code: 'DK001',
    name: 'unused-suppression',
    summary: 'Remove suppression directives, and rule codes in them, that suppress no finding or name no rule.',
    category: 'configuration',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['iig', 'cpp', 'header'],
    reviewsSuppressions: true,
  },
  (file, context) => (context.suppressions ?? []).flatMap((usage) => review(file.uri, file.text, usage)),
);

function review(uri: string, text: string, usage: DirectiveUsage): Finding[] {
  const { directive } = usage;
  const removeDirective = { title: 'Remove the unused suppression directive', edits: [removeDirectiveEdit(uri, text, directive)], isPreferred: true };
  if (directive.codes.length === 0) {
    if (usage.used) return [];
    return [{ range: directive.range, message: `'${directive.keyword}' suppresses no finding here; remove the directive.`, fixes: [removeDirective] }];
  }
  const unused = usage.codes.filter((c) => c.status !== 'used');
  if (unused.length === 0) return [];
  if (unused.length === usage.codes.length) {
    const reasons = unused.map(({ code, status }) => (status === 'unknown' ? `'${code.text}' names no rule` : `'${code.text}' suppresses no finding here`));
    return [{ range: directive.range, message: `Unused suppression directive: ${reasons.join(', ')}; remove the directive.`, fixes: [removeDirective] }];
  }
  return unused.map(({ code, status }) => ({
    range: code.range,
    message:
      status === 'unknown'
        ? `'${code.text}' names no rule, so it suppresses nothing; remove it from the directive.`
        : `'${code.text}' suppresses no finding here; remove it from the directive.`,
    fixes: [{ title: `Remove '${code.text}' from the suppression directive`, edits: [removeCodeEdit(uri, directive, code)], isPreferred: true }],
  }));
}
