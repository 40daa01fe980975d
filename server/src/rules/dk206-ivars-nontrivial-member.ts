// DK206: IONewZero/IOSafeDeleteNULL run no constructor or destructor, so ivars members must be plain zero-initialised data.
import type { FileModel } from '../model/file-model';
import { defineRule, type Finding } from './rule';
import { ivarsWithoutConstructor, type IvarsStruct, type MemberProblem } from './support/lifetime/ivars-struct';

export const ivarsNontrivialMember = defineRule(
  {
    code: 'DK206',
    name: 'ivars-nontrivial-member',
    summary: 'The ivars struct is allocated with `IONewZero` and freed with `IOSafeDeleteNULL`, which run no constructor or destructor, so its members must not rely on one: no `OSSharedPtr<>` or `std::` containers, and no non-zero default member initialisers.',
    category: 'lifetime',
    defaultSeverity: 'information',
    fixable: 'none',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel): Finding[] => {
    if (!file.tree) return [];
    return ivarsWithoutConstructor(file.text, file.tree.rootNode).flatMap((struct) =>
      struct.problems.map((problem) => ({ range: { start: problem.node.startIndex, end: problem.node.endIndex }, message: messageFor(struct, problem) })),
    );
  },
);

function messageFor(struct: IvarsStruct, problem: MemberProblem): string {
  const allocation = `'${struct.name}' is allocated with ${struct.allocator}, which runs no constructor (and IOSafeDeleteNULL runs no destructor)`;
  const start = struct.allocator === 'IONewZero' ? 'starts at zero' : 'starts with whatever the memory held';
  switch (problem.kind) {
    case 'non-zero-default':
      return `The initialiser '${problem.value}' of '${problem.member}' never runs: ${allocation}, so '${problem.member}' ${start}; set it in init() instead.`;
    case 'smart-pointer':
      return `'${problem.member}' is an '${problem.type}', but ${allocation}, so the reference it holds is never released; hold a plain pointer and release it in free().`;
    case 'std-owner':
      return `'${problem.member}' is a '${problem.type}', but ${allocation}, so it is never set up or torn down; hold a plain pointer or a fixed array instead.`;
    case 'class-with-constructor':
      return `'${problem.member}' is a '${problem.type}', which has a constructor, destructor or member initialisers, but ${allocation}, so none of them runs; make '${problem.type}' plain data and set it up in init().`;
  }
}
