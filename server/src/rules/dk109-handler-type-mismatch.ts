// DK109: a source only delivers to an action whose handler is TYPE'd for that source's own callback prototype.
import { slice } from '../model/calls';
import type { FileModel, MethodDecl } from '../model/file-model';
import { rangeOf } from '../model/syntax-helpers';
import { defineRule, type Finding, type Fix, type LocatedClass, type RelatedLocation, type WorkspaceView } from './rule';
import { collectPlumbing, type ActionCreation, type HandlerAssignment, type PlumbingFacts } from './support/plumbing/action-tracking';
import { methodNameNode } from './support/plumbing/call-target';
import { expectedPrototype } from './support/plumbing/sdk-facts';

export const handlerTypeMismatch = defineRule(
  {
    code: 'DK109',
    name: 'handler-type-mismatch',
    summary: "Give a dispatch source only an action created for a handler whose `TYPE(Source::Prototype)` names that source's class and callback (a timer action for a timer, an interrupt action for an interrupt source).",
    category: 'interface',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context): Finding[] => {
    const scope: Scope = { file, facts: collectPlumbing(file), workspace: context.workspace };
    const findings: Finding[] = [];
    for (const assignment of scope.facts.assignments) {
      const finding = check(scope, assignment);
      if (finding) findings.push(finding);
    }
    return findings;
  },
);

/** What the file shows about its sources and actions, and the workspace holding the handlers' .iig. */
interface Scope {
  readonly file: FileModel;
  readonly facts: PlumbingFacts;
  readonly workspace: WorkspaceView;
}

interface Resolved {
  readonly assignment: HandlerAssignment;
  readonly sourceClass: string;
  readonly expected: string;
  readonly creations: readonly ActionCreation[];
  readonly owner: LocatedClass;
  readonly handler: MethodDecl;
}

/** Both ends must be known for certain: one source class, one handler, and a TYPE naming a class. */
function resolve({ facts, workspace }: Scope, assignment: HandlerAssignment): Resolved | undefined {
  const sourceClasses = new Set(facts.sources.filter((s) => s.key === assignment.sourceKey).map((s) => s.sourceClass));
  const creations = facts.actions.filter((a) => a.key === assignment.actionKey);
  const handlers = new Set(creations.map((a) => a.handler));
  const owners = new Set(creations.map((a) => a.fn.className));
  if (sourceClasses.size !== 1 || handlers.size !== 1 || owners.size !== 1) return undefined;
  const [sourceClass] = sourceClasses;
  const [ownerName] = owners;
  const expected = expectedPrototype(sourceClass, assignment.setter);
  const owner = ownerName !== undefined ? workspace.findIigClass(ownerName) : undefined;
  const handler = owner?.decl.methods.find((m) => m.name === creations[0].handler && m.typeReference?.className !== undefined);
  if (expected === undefined || !owner || !handler) return undefined;
  return { assignment, sourceClass, expected, creations, owner, handler };
}

function check(scope: Scope, assignment: HandlerAssignment): Finding | undefined {
  const { file } = scope;
  const resolved = resolve(scope, assignment);
  if (!resolved) return undefined;
  const { sourceClass, expected, handler, owner } = resolved;
  const reference = handler.typeReference;
  if (!reference || (reference.className === sourceClass && reference.methodName === expected)) return undefined;
  const wanted = `${sourceClass}::${expected}`;
  const action = slice(file.text, assignment.action);
  const source = slice(file.text, assignment.call.receiver ?? assignment.call.node);
  const related: RelatedLocation[] = [
    ...resolved.creations.map((c) => ({ uri: file.uri, range: rangeOf(c.call.node), message: `'${action}' is created for '${handler.name}' here.` })),
    { uri: owner.uri, range: reference.range, message: `'${handler.name}' is declared for '${reference.className}::${reference.methodName}' here.` },
  ];
  return {
    range: rangeOf(assignment.action),
    message: `Action '${action}' was created for '${handler.name}', declared 'TYPE(${reference.className}::${reference.methodName})', but '${source}' was created by '${sourceClass}::Create' and its '${assignment.setter}' delivers '${wanted}', so the handler never runs; create the action from a handler declared 'TYPE(${wanted})'.`,
    related,
    fixes: retypeFix(scope, resolved),
  };
}

/**
 * Re-creating the action for the right handler is certain only when that handler is the class's single one for
 * this source, the action is made in one place and handed to this setter alone, and the right handler has no
 * action yet (otherwise the wrong variable was probably passed).
 */
function retypeFix({ file, facts }: Scope, resolved: Resolved): Fix[] {
  const { assignment, sourceClass, expected, owner, creations } = resolved;
  const candidates = owner.decl.methods.filter((m) => m.typeReference?.className === sourceClass && m.typeReference.methodName === expected);
  if (candidates.length !== 1 || creations.length !== 1) return [];
  const right = candidates[0].name;
  if (facts.assignments.filter((a) => a.actionKey === assignment.actionKey).length !== 1) return [];
  if (facts.createdHandlers.has(right)) return [];
  const nameNode = methodNameNode(creations[0].call);
  if (!nameNode) return [];
  return [
    {
      title: `Create the action with 'CreateAction${right}' (${sourceClass}::${expected})`,
      isPreferred: true,
      edits: [{ uri: file.uri, range: rangeOf(nameNode), newText: `CreateAction${right}` }],
    },
  ];
}
