// Generates paired DriverKit boilerplate for a class: declarations in its .iig and the matching code in its .cpp.
import type { TextEdit } from '../rules/rule';
import { addDeclarationToClass } from '../rules/support/iig-insertion';
import { indentationAt, lineStartOf, startsLine } from '../rules/support/source-text';
import { implementationEdits, ImplementationError, type CreatedMethod, type ImplementationPlan } from './class-implementation';
import { interruptPlan, timerPlan } from './dispatch-source-plans';
import { isIdentifier, type CreatedFile, type GenerateInput, type GenerateResult } from './generator-types';
import { hbaDataPlan } from './hba-data-plan';
import { layoutOf } from './source-layout';
import { userClientPlan } from './user-client-plan';

const LIFECYCLE_DECLARATIONS: Readonly<Record<CreatedMethod, string>> = {
  init: 'virtual bool init() override;',
  free: 'virtual void free() override;',
  Start: 'virtual kern_return_t Start(IOService * provider) override;',
  Stop: 'virtual kern_return_t Stop(IOService * provider) override;',
};

/** SCSI parallel controllers, the only classes whose superclass declares UserMapHBAData. */
const HBA_BASES = new Set(['IOUserSCSIParallelInterfaceController']);

interface Plan {
  readonly title: string;
  /** Declarations added to the class, each possibly several lines (a comment, then the declaration). */
  readonly declarations: readonly string[];
  readonly iigHeader?: string;
  readonly implementation: ImplementationPlan;
  readonly createdFiles: readonly CreatedFile[];
  /** A method the class must not declare yet. */
  readonly newMethod: string;
}

/**
 * Never throws. Returns the edits to both files (offsets into their current texts) and the files to create, or a
 * one-sentence reason when the class cannot take the boilerplate (a name clash, a method shape it cannot extend).
 */
export function generateBoilerplate(input: GenerateInput): GenerateResult {
  const { name, iig } = input;
  const className = iig.decl.name;
  if (!isIdentifier(name)) return { ok: false, message: `'${name}' is not a C identifier.` };
  const plan = planFor(input);
  if (!plan.ok) return plan;
  const { value } = plan;
  if (iig.decl.methods.some((m) => m.name === value.newMethod)) return { ok: false, message: `${className} already declares '${value.newMethod}'.` };
  const cpp = input.cpp.model;
  let implementation: ReturnType<typeof implementationEdits>;
  try {
    implementation = implementationEdits(cpp, { className, layout: layoutOf(cpp, className), plan: value.implementation });
  } catch (error) {
    if (error instanceof ImplementationError) return { ok: false, message: error.message };
    throw error;
  }
  const declared = new Set(iig.decl.methods.map((m) => m.name));
  const declarations = [...implementation.created.filter((m) => !declared.has(m)).map((m) => LIFECYCLE_DECLARATIONS[m]), ...value.declarations];
  const indent = iig.decl.methods.length > 0 ? indentationAt(iig.text, iig.decl.methods[iig.decl.methods.length - 1].range.start) : '    ';
  const eol = /\r\n/.test(iig.text) ? '\r\n' : '\n';
  const iigEdits = [...publicSection(iig, eol), ...addDeclarationToClass(iig, declarations.join('\n').split('\n').join(`${eol}${indent}`), value.iigHeader)];
  const createdFiles = [...value.createdFiles];
  let cppEdits: TextEdit[] = implementation.edits;
  if (!input.cpp.exists) {
    createdFiles.push({ uri: cpp.uri, text: newImplementationHeader(className, eol) + applyEdits(cpp.text, cppEdits) });
    cppEdits = [];
  }
  return { ok: true, title: value.title, edits: [...iigEdits, ...cppEdits], createdFiles };
}

function planFor(input: GenerateInput): { ok: true; value: Plan } | { ok: false; message: string } {
  const { kind, name, iig } = input;
  const className = iig.decl.name;
  const layout = layoutOf(input.cpp.model, className);
  switch (kind) {
    case 'timer':
    case 'interrupt': {
      const source = (kind === 'timer' ? timerPlan : interruptPlan)({ className, name, layout });
      return { ok: true, value: { title: source.title, declarations: [source.declaration], iigHeader: source.iigHeader, implementation: source.implementation, createdFiles: [], newMethod: source.handler } };
    }
    case 'userMapHBAData': {
      if (!iig.decl.baseClass || !HBA_BASES.has(iig.decl.baseClass)) return { ok: false, message: `${className} does not derive from IOUserSCSIParallelInterfaceController, whose tasks UserMapHBAData maps.` };
      const hba = hbaDataPlan({ className, name, layout });
      return { ok: true, value: { title: hba.title, declarations: [hba.declaration], implementation: hba.implementation, createdFiles: [], newMethod: 'UserMapHBAData' } };
    }
    case 'userClient': {
      if (name === className) return { ok: false, message: `The user client needs a name other than its service's, '${className}'.` };
      const start = input.cpp.model.functions.find((fn) => fn.className === className && fn.methodName === 'Start');
      const startRegisters = start !== undefined && /\bRegisterService\s*\(/.test(input.cpp.model.text.slice(start.body.startIndex, start.body.endIndex));
      const client = userClientPlan({ className, clientName: name, layout, startRegisters });
      const createdFiles = [
        { uri: siblingUri(iig.uri, `${name}.iig`), text: client.clientIig },
        { uri: siblingUri(input.cpp.model.uri, `${name}.cpp`), text: client.clientCpp },
      ];
      return { ok: true, value: { title: client.title, declarations: [client.declaration], iigHeader: client.iigHeader, implementation: client.implementation, createdFiles, newMethod: 'NewUserClient' } };
    }
    default:
      return { ok: false, message: `Unknown generator '${String(kind)}'.` };
  }
}

/**
 * A `public:` line before the new declarations when the class body would otherwise leave them private or protected
 * (a `class` body starts private). Inserted at the same offset as the declarations and listed first, so it lands first.
 */
function publicSection(iig: GenerateInput['iig'], eol: string): TextEdit[] {
  const body = iig.text.slice(iig.decl.bodyStart, iig.decl.bodyEnd);
  const sections = [...body.matchAll(/\b(public|protected|private)\s*:(?!:)/g)];
  if (sections.length > 0 && sections[sections.length - 1][1] === 'public') return [];
  const closing = iig.decl.bodyEnd;
  const ownLine = startsLine(iig.text, closing);
  const at = ownLine ? lineStartOf(iig.text, closing) : closing;
  return [{ uri: iig.uri, range: { start: at, end: at }, newText: ownLine ? `public:${eol}` : `${eol}public:` }];
}

/** The includes a newly created implementation file starts with. */
function newImplementationHeader(className: string, eol: string): string {
  return ['#include <os/log.h>', '', '#include <DriverKit/IOLib.h>', '', `#include "${className}.h"`, '', ''].join(eol);
}

/** The uri of `fileName` in the folder of `uri`. */
export function siblingUri(uri: string, fileName: string): string {
  return `${uri.slice(0, uri.lastIndexOf('/') + 1)}${encodeURIComponent(fileName)}`;
}

/** Applies offset edits to a text (edits at the same offset keep their order). */
export function applyEdits(text: string, edits: readonly { readonly range: { readonly start: number; readonly end: number }; readonly newText: string }[]): string {
  const ordered = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.range.start - b.edit.range.start || a.index - b.index);
  let result = '';
  let at = 0;
  for (const { edit } of ordered) {
    result += text.slice(at, edit.range.start) + edit.newText;
    at = Math.max(at, edit.range.end);
  }
  return result + text.slice(at);
}
