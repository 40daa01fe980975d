// DK607: an app reaches a dext through the dext's own service (named after its IOUserClass), not through the
// IOUserServer process object or a class match on a DriverKit class.
import { slice, findCalls, type CallSite } from '../model/calls';
import type { FileModel } from '../model/file-model';
import { rangeOf } from '../model/syntax-helpers';
import { isSdkClass } from '../knowledge/sdk-methods';
import type { SyntaxNode } from '../parser/syntax-node';
import { defineRule, type Finding, type RuleContext } from './rule';

const CLASS_MATCHING = 'IOServiceMatching';
const NAME_MATCHING = 'IOServiceNameMatching';
const USER_SERVER = 'IOUserServer';

export const appMatchesIOUserServer = defineRule(
  {
    code: 'DK607',
    name: 'app-matches-iouserserver',
    summary:
      "Find a dext's service from an app with `IOServiceNameMatching(\"<IOUserClass>\")`, not with `\"IOUserServer\"` or `IOServiceMatching(\"<IOUserClass>\")`: the first reaches the dext's server process, which refuses `IOServiceOpen`, and the second matches nothing.",
    category: 'family',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    if (!file.tree) return [];
    const findings: Finding[] = [];
    for (const call of findCalls(file.text, file.tree.rootNode)) {
      if ((call.name !== CLASS_MATCHING && call.name !== NAME_MATCHING) || call.qualifiedName !== undefined || call.receiver || call.args.length !== 1) continue;
      const literal = stringValue(file.text, call.args[0]);
      if (literal === undefined) continue;
      if (literal.value === USER_SERVER) {
        findings.push({
          range: rangeOf(literal.node),
          message: `'"${USER_SERVER}"' names the dext's server process, not the dext's service, and IOServiceOpen on it returns kIOReturnUnsupported (0xe00002c7); match the service instead with 'IOServiceNameMatching("<IOUserClass>")', the IOUserClass from the dext's personality.`,
        });
      } else if (call.name === CLASS_MATCHING && isUserClass(context, literal.value)) {
        findings.push(userClassFinding(file, call, literal.value));
      }
    }
    return findings;
  },
);

function userClassFinding(file: FileModel, call: CallSite, className: string): Finding {
  return {
    range: call.calleeRange,
    message: `'${CLASS_MATCHING}("${className}")' never matches: '${className}' is a DriverKit class, and the kernel object of a dext service is an IOUserService named after its IOUserClass; use '${NAME_MATCHING}("${className}")'.`,
    fixes: [{ title: `Match '${className}' by name`, isPreferred: true, edits: [{ uri: file.uri, range: call.calleeRange, newText: NAME_MATCHING }] }],
  };
}

/** A class some workspace .iig declares that is neither marked KERNEL nor an SDK class. */
function isUserClass(context: RuleContext, name: string): boolean {
  const located = context.workspace.findIigClass(name);
  if (!located || isSdkClass(name)) return false;
  return !located.decl.annotations.some((a) => a.name === 'KERNEL');
}

/** The contents of a plain string literal without escapes; undefined for anything else. */
function stringValue(text: string, node: SyntaxNode): { value: string; node: SyntaxNode } | undefined {
  if (node.type !== 'string_literal') return undefined;
  const raw = slice(text, node);
  if (!raw.startsWith('"') || !raw.endsWith('"') || raw.includes('\\')) return undefined;
  return { value: raw.slice(1, -1), node };
}
