// DK107: LOCALONLY methods are plain C++ with no supermethod parameter; SUPERDISPATCH must not be passed to them.
import { findCalls, slice, type CallSite } from '../model/calls';
import { perDefinition } from '../model/definition-memo';
import type { FileModel } from '../model/file-model';
import { rangeOf } from '../model/syntax-helpers';
import type { SyntaxNode } from '../parser/syntax-node';
import { defineRule, type Finding, type Fix, type TextEdit } from './rule';
import { isSuperDispatchArgument, selfCallSpelling, type SelfCallSpelling } from './support/plumbing/call-target';
import { lookupMethod } from './support/plumbing/class-lookup';
import { receiverClassOf, type FunctionScope } from './support/plumbing/receiver-type';

/** A call passing SUPERDISPATCH, inside a member function. */
interface Site extends FunctionScope {
  readonly call: CallSite;
  readonly superdispatch: SyntaxNode;
}

export const superdispatchOnLocalonly = defineRule(
  {
    code: 'DK107',
    name: 'superdispatch-on-localonly',
    summary: 'Never pass `SUPERDISPATCH` to a LOCALONLY method (`init`, `free`, `ExternalMethod`, `IOPCIDevice::Open`, your own LOCALONLY helpers); reach its superclass version with `super::Method(args)`.',
    category: 'interface',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context): Finding[] => {
    const findings: Finding[] = [];
    for (const fn of file.functions) {
      if (fn.className === undefined) continue;
      for (const { call, superdispatch } of superdispatchCalls(fn, file.text)) {
        const finding = check({ file, fn, workspace: context.workspace, call, superdispatch });
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
);

/** The calls of a function that pass SUPERDISPATCH, with that argument. */
const superdispatchCalls = perDefinition((fn, text) =>
  findCalls(text, fn.body).flatMap((call) => {
    const superdispatch = call.args.find((a) => isSuperDispatchArgument(text, a));
    return superdispatch ? [{ call, superdispatch }] : [];
  }),
);

function check(site: Site): Finding | undefined {
  const { file, fn, workspace, call } = site;
  const className = fn.className as string;
  const spelling = selfCallSpelling(call, { className, workspace });
  const targetClass = spelling !== undefined ? className : otherClassOf(site);
  if (targetClass === undefined) return undefined;
  const lookup = lookupMethod({ className: targetClass, workspace }, call.name);
  if (lookup.dispatch !== 'localOnly') return undefined;
  const range = rangeOf(site.superdispatch);
  if (spelling === undefined) {
    const callee = slice(file.text, call.node.childForFieldName('function') ?? call.node);
    return { range, message: `'${targetClass}::${call.name}' is LOCALONLY, so '${callee}' takes no SUPERDISPATCH argument (it names this class's superclass dispatch, not that object's); remove the argument.` };
  }
  if (!lookup.inherited) {
    return { range, message: `'${call.name}' is a LOCALONLY method of '${className}' with no superclass version, so it takes no SUPERDISPATCH argument; remove the argument.` };
  }
  const message = `'${call.name}' is LOCALONLY, so it has no overload taking SUPERDISPATCH; call 'super::${call.name}(…)' without it to reach the superclass version.`;
  return { range, message, fixes: superFix(site, spelling) };
}

/** The class of `receiver->Method(...)` or `Class::Method(...)` when the file declares it. */
function otherClassOf(site: Site): string | undefined {
  const { call } = site;
  if (call.receiver) return receiverClassOf(site, call.receiver);
  return call.qualifiedName?.slice(0, call.qualifiedName.lastIndexOf('::'));
}

/**
 * Only the override calling its own base — `M(..., SUPERDISPATCH)` inside `M` — is certainly meant as
 * `super::M(...)`; from any other method the intent (this object's override or the base) is not known.
 */
function superFix({ file, fn, call, superdispatch }: Site, spelling: SelfCallSpelling): Fix[] {
  const index = call.args.indexOf(superdispatch);
  if (fn.methodName !== call.name || index !== call.args.length - 1) return [];
  const edits: TextEdit[] = [];
  if (spelling !== 'qualified') edits.push({ uri: file.uri, range: call.calleeRange, newText: `super::${call.name}` });
  const start = index > 0 ? call.args[index - 1].endIndex : superdispatch.startIndex;
  edits.push({ uri: file.uri, range: { start, end: superdispatch.endIndex }, newText: '' });
  return [{ title: `Call 'super::${call.name}' without SUPERDISPATCH`, isPreferred: true, edits }];
}
