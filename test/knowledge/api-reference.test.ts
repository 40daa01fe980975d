// Keeps the hover reference complete: every class, method, function and annotation name that the knowledge files
// and the rules' sources mention must have an entry, so that coverage cannot rot as rules and facts are added.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { BARE_ANNOTATIONS, PARAMETERISED_ANNOTATIONS } from '../../server/src/iig/annotation-names';
import { apiClass, apiFunction, apiMethod, apiReferenceKeys, apiSuperclassOf, classesDeclaring, iigAnnotationReference } from '../../server/src/knowledge/api-reference';
import { sdkDispatchOf } from '../../server/src/knowledge/sdk-methods';
import { ALL_RULES } from '../../server/src/rules';

const ROOT = path.resolve(__dirname, '..', '..');
const KNOWLEDGE = path.join(ROOT, 'server', 'src', 'knowledge');
const RULES = path.join(ROOT, 'server', 'src', 'rules');

function readJson(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(KNOWLEDGE, name), 'utf8'));
}

/** The method declared by `className` or inherited from one of its reference superclasses. */
function inherited(className: string, method: string): boolean {
  for (let current: string | undefined = className, depth = 0; current !== undefined && depth < 16; current = apiSuperclassOf(current), depth++) {
    if (apiMethod(current, method)) return true;
  }
  return false;
}

/** Names the knowledge files mention, each with the kind of entry it needs. */
function namesInKnowledgeFiles(): { classes: Set<string>; methods: Set<string>; inheritedMethods: Set<string>; anyClassMethods: Set<string>; functions: Set<string> } {
  const classes = new Set<string>();
  const methods = new Set<string>();
  const inheritedMethods = new Set<string>();
  const anyClassMethods = new Set<string>();
  const functions = new Set<string>();
  const qualifiedOrFunction = (name: string): void => void (name.includes('::') ? methods.add(name) : functions.add(name));

  const sdk = readJson('sdk-methods.json');
  for (const [className, lists] of Object.entries<any>(sdk.classes)) {
    classes.add(className);
    for (const method of [...lists.rpc, ...lists.localOnly]) methods.add(`${className}::${method}`);
  }
  for (const [derived, base] of Object.entries<string>(sdk.bases)) classes.add(derived).add(base);

  for (const [className, source] of Object.entries<any>(readJson('callback-prototypes.json').classes)) {
    classes.add(className);
    for (const prototype of Object.keys(source.prototypes)) methods.add(`${className}::${prototype}`);
  }

  const creators = readJson('retained-creators.json');
  creators.staticCreators.forEach((name: string) => methods.add(name));
  creators.memberCreators.forEach((name: string) => anyClassMethods.add(name));

  for (const [className, setters] of Object.entries<Record<string, string>>(readJson('source-handler-setters.json').sources)) {
    classes.add(className);
    for (const [setter, prototype] of Object.entries(setters)) methods.add(`${className}::${setter}`).add(`${className}::${prototype}`);
  }

  for (const className of Object.keys(readJson('sdk-queue-names.json').classes)) classes.add(className);

  const pci = readJson('pci-device.json');
  classes.add(pci.deviceClass);
  for (const method of [...pci.configAccessors, ...pci.memoryAccessors, ...pci.configWriters, pci.open, pci.close, pci.barInfo]) methods.add(`${pci.deviceClass}::${method}`);
  [...pci.dmaCreators, ...pci.deviceSafeCalls].forEach(qualifiedOrFunction);
  pci.castMacros.forEach((name: string) => functions.add(name));
  anyClassMethods.add(pci.usb.copyPipe);
  Object.keys(pci.usb.timeoutArgument).forEach((name) => anyClassMethods.add(name));

  const scsi = readJson('scsi-controller.json');
  classes.add(scsi.controllerClass).add(scsi.responseType);
  const scsiMethods: string[] = [
    ...scsi.pureVirtualMethods,
    ...scsi.bundledPureVirtualMethods,
    ...scsi.defaultQueueMethods,
    scsi.reportConstraintsMethod,
    scsi.initializeMethod,
    scsi.createTargetMethod,
    scsi.initializeTargetMethod,
    scsi.completionMethod,
    ...['initiatorMethod', 'highestTargetMethod', 'deviceManagementMethod', 'taskCountMethod', 'mapTaskDataMethod', 'processTaskMethod'].map((key) => scsi[key].name),
  ];
  for (const method of scsiMethods) inheritedMethods.add(`${scsi.controllerClass}::${method}`);
  return { classes, methods, inheritedMethods, anyClassMethods, functions };
}

/**
 * Hover serves .iig and C++ files, so the sources of the property-list rules (their literals are Info.plist keys such
 * as `IOUserClass`, not APIs) and their helpers in support/configuration/ are left out of the scan.
 */
const PROPERTY_LIST_KINDS = new Set(['info-plist', 'entitlements']);
const PROPERTY_LIST_RULE_FILES = new Set(
  ALL_RULES.filter((rule) => rule.meta.appliesTo.every((kind) => PROPERTY_LIST_KINDS.has(kind))).map((rule) => `${rule.meta.code.toLowerCase()}-${rule.meta.name}.ts`),
);

function ruleSources(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path.relative(RULES, full) !== path.join('support', 'configuration')) walk(full);
      } else if (entry.name.endsWith('.ts') && !PROPERTY_LIST_RULE_FILES.has(entry.name)) found.push({ file: path.relative(ROOT, full), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(RULES);
  return found;
}

/** Every string literal in the rules' sources, read with the TypeScript parser (so comments never count). */
function ruleStringLiterals(): Set<string> {
  const literals = new Set<string>();
  for (const { file, text } of ruleSources()) {
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true));
  }
  return literals;
}

/**
 * PascalCase or IO/OS-prefixed strings in the rules that are not DriverKit API names, each with the reason. A new
 * such string either gets a reference entry or a line here.
 */
const NOT_API_NAMES: Readonly<Record<string, string>> = {
  Default: 'the default queue name',
  IOUserClientQueueExternalMethod: 'a queue name',
  User: 'a name prefix the SCSI rules test for',
  TimerFired: 'an example handler name in a fix message',
  Timer: 'an example name fragment',
  MyReference: 'an example type name in a fix',
  CreateAction: 'the prefix of iig-generated factories, one per TYPE handler',
  Name: 'a placeholder in a message',
};

describe('API reference coverage', () => {
  const known = namesInKnowledgeFiles();

  it('has an entry for every class the knowledge files name', () => {
    assert.deepEqual([...known.classes].filter((name) => !apiClass(name)), []);
  });

  it('has an entry for every Class::Method the knowledge files name', () => {
    assert.deepEqual([...known.methods].filter((key) => !apiMethod(key.split('::')[0], key.split('::')[1])), []);
    assert.deepEqual([...known.inheritedMethods].filter((key) => !inherited(key.split('::')[0], key.split('::')[1])), []);
  });

  it('has some class declaring every member the knowledge files name without a class', () => {
    assert.deepEqual([...known.anyClassMethods].filter((name) => classesDeclaring(name).length === 0), []);
  });

  it('has an entry for every function and macro the knowledge files name', () => {
    const ownMacros = new Set(['os_log', 'os_log_info', 'os_log_debug', 'os_log_error', 'os_log_fault']);
    assert.deepEqual([...known.functions].filter((name) => !apiFunction(name) && !ownMacros.has(name)), []);
  });

  it('has an entry for every iig annotation, IMPL and SUPERDISPATCH', () => {
    const names = [...BARE_ANNOTATIONS, ...PARAMETERISED_ANNOTATIONS, 'IMPL', 'SUPERDISPATCH'];
    assert.deepEqual(names.filter((name) => !iigAnnotationReference(name)), []);
  });

  it('has an entry for every API name in the rules’ string literals', () => {
    const literals = [...ruleStringLiterals()];
    const qualified = literals.filter((s) => /^[A-Z]\w*::[A-Za-z_]\w*$/.test(s));
    assert.ok(qualified.includes('OSAction::Create'), 'the literal scan finds the rules’ qualified names');
    assert.deepEqual(qualified.filter((s) => !apiMethod(s.split('::')[0], s.split('::')[1])), []);
    const prefixed = literals.filter((s) => /^(IO|OS)[A-Z]\w*$/.test(s) && !(s in NOT_API_NAMES));
    assert.deepEqual(prefixed.filter((s) => !apiClass(s) && !apiFunction(s)), []);
    const pascal = literals.filter((s) => /^[A-Z][a-z][A-Za-z0-9_]*$/.test(s) && !(s in NOT_API_NAMES));
    assert.ok(pascal.includes('WakeAtTime'), 'the literal scan finds the rules’ method names');
    assert.deepEqual(pascal.filter((s) => classesDeclaring(s).length === 0 && !apiClass(s)), []);
    const upper = literals.filter((s) => /^[A-Z]{4,}$/.test(s) && (BARE_ANNOTATIONS.has(s) || PARAMETERISED_ANNOTATIONS.has(s) || s === 'SUPERDISPATCH'));
    assert.deepEqual(upper.filter((s) => !iigAnnotationReference(s)), []);
  });
});

describe('API reference consistency', () => {
  const keys = apiReferenceKeys();

  it('names only registered rules', () => {
    const codes = new Set(ALL_RULES.map((r) => r.meta.code));
    const data = JSON.parse(fs.readFileSync(path.join(KNOWLEDGE, 'api-reference.json'), 'utf8'));
    const cited = ['classes', 'methods', 'functions', 'annotations'].flatMap((section) => Object.entries<any>(data[section]).flatMap(([key, entry]) => (entry.rules ?? []).map((code: string) => `${key} ${code}`)));
    assert.ok(cited.length > 50);
    assert.deepEqual(cited.filter((c) => !codes.has(c.split(' ')[1])), []);
  });

  it('gives every method a class entry, a signature naming it and a two-line summary', () => {
    const problems = keys.methods.flatMap((key) => {
      const [className, name] = key.split('::');
      const entry = apiMethod(className, name);
      const issues: string[] = [];
      if (!apiClass(className)) issues.push(`${key}: class has no entry`);
      if (!entry || !new RegExp(`\\b${name}\\s*\\(`).test(entry.signature)) issues.push(`${key}: signature does not declare ${name}`);
      if (entry?.summary.length !== 2 || entry.summary.some((line) => line.trim() === '')) issues.push(`${key}: summary is not two lines`);
      return issues;
    });
    assert.deepEqual(problems, []);
  });

  it('agrees with sdk-methods.json on how each method is dispatched', () => {
    const disagreements = keys.methods.flatMap((key) => {
      const [className, name] = key.split('::');
      const fromFacts = sdkDispatchOf(className, name);
      const entry = apiMethod(className, name);
      return fromFacts !== undefined && entry?.dispatch !== fromFacts ? [`${key}: ${entry?.dispatch} vs ${fromFacts}`] : [];
    });
    assert.deepEqual(disagreements, []);
  });

  it('marks LOCALONLY in a signature exactly when the dispatch is localOnly', () => {
    const mismatched = keys.methods.filter((key) => {
      const entry = apiMethod(key.split('::')[0], key.split('::')[1]);
      return entry?.dispatch !== undefined && /\bLOCALONLY\b/.test(entry.signature) !== (entry.dispatch === 'localOnly');
    });
    assert.deepEqual(mismatched, []);
  });

  it('links only to Apple documentation over https', () => {
    const data = JSON.parse(fs.readFileSync(path.join(KNOWLEDGE, 'api-reference.json'), 'utf8'));
    const links = ['classes', 'methods', 'functions', 'annotations'].flatMap((section) => Object.values<any>(data[section]).flatMap((entry) => (entry.docs ? [entry.docs as string] : [])));
    assert.ok(links.length > 20);
    assert.deepEqual(links.filter((url) => !url.startsWith('https://developer.apple.com/documentation/')), []);
  });
});
