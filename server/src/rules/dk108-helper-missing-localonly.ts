// DK108: a helper method declared in a user class's .iig without LOCALONLY becomes a message-dispatched method.
import { isSdkClass } from '../knowledge/sdk-methods';
import type { ClassDecl, FileModel, MethodDecl } from '../model/file-model';
import { defineRule, type Finding, type Fix, type RuleContext } from './rule';
import { certainDispatchOf, classChainOf } from './support/interface/class-dispatch';

/** Annotations that show the author chose how the method is dispatched (QUEUENAME alone asks for a queue, i.e. an RPC). */
const DISPATCH_ANNOTATIONS: ReadonlySet<string> = new Set(['LOCALONLY', 'LOCAL', 'KERNEL', 'QUEUENAME', 'REPLY', 'REMOTE', 'LOCALHOST', 'INVOKEREPLY', 'TYPE']);

/** Class annotations that mark Apple's own runtime and family classes, which a driver's .iig never declares. */
const SDK_CLASS_ANNOTATIONS: ReadonlySet<string> = new Set(['KERNEL', 'NATIVE', 'LOCAL', 'LOCALONLY', 'EXTENDS']);

export const helperMissingLocalonly = defineRule(
  {
    code: 'DK108',
    name: 'helper-missing-localonly',
    summary: 'Mark your own helper methods in the .iig `LOCALONLY`; without it iig makes each one a message-dispatched method with its own message ID, `_Impl` and an IPC round-trip per call.',
    category: 'interface',
    defaultSeverity: 'information',
    fixable: 'unsafe',
    appliesTo: ['iig'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    for (const cls of file.classes) {
      if (!isUserClass(file, cls, context)) continue;
      for (const method of cls.methods) {
        // Only plain declarations: a body written in the class is not something iig expects from a driver.
        if (!isUnannotatedHelper(cls, method, context) || file.text[method.range.end - 1] !== ';') continue;
        findings.push({
          range: method.nameRange,
          message: `'${method.name}' has no LOCALONLY, so iig makes it a message-dispatched method with its own message ID, '${method.name}_Impl' and an IPC round-trip per call; add LOCALONLY if only this driver calls it.`,
          fixes: [localOnlyFix(file, method)],
        });
      }
    }
    return findings;
  },
);

/**
 * A class of the driver whose whole base chain is known: through the workspace's .iig files up to an SDK class the
 * knowledge base describes. Otherwise an unmarked method may override a family method the knowledge base lacks.
 */
function isUserClass(file: FileModel, cls: ClassDecl, context: RuleContext): boolean {
  if (isSdkClass(cls.name) || cls.annotations.some((a) => SDK_CLASS_ANNOTATIONS.has(a.name))) return false;
  if (/^\s*struct\b/.test(file.text.slice(cls.range.start, cls.nameRange.start))) return false;
  return classChainOf(cls, context.workspace).sdkBase !== undefined;
}

function isUnannotatedHelper(cls: ClassDecl, method: MethodDecl, context: RuleContext): boolean {
  if (method.isOverride || method.isStatic || method.isPureVirtual || method.name === cls.name || method.name.startsWith('~')) return false;
  if (method.annotations.some((a) => DISPATCH_ANNOTATIONS.has(a.name))) return false;
  // A parameter marked TARGET or TYPE makes the method a callback prototype, which is dispatched on purpose.
  if (method.params.some((p) => p.annotations.length > 0)) return false;
  // A known SDK method redeclared without `override` keeps the SDK's dispatch.
  if (certainDispatchOf(cls, method, context.workspace) !== undefined) return false;
  // A method of a user base class in the workspace is an override, whatever the subclass writes.
  return !classChainOf(cls, context.workspace).userBases.some((base) => base.methods.some((m) => m.name === method.name));
}

/** Inserts the annotation just before the declaration's `;`, after any `const`. */
function localOnlyFix(file: FileModel, method: MethodDecl): Fix {
  const end = method.range.end - 1;
  return {
    title: `Add LOCALONLY to '${method.name}'`,
    isPreferred: true,
    edits: [{ uri: file.uri, range: { start: end, end }, newText: ' LOCALONLY' }],
  };
}
