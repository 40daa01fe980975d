// Case table for DK210 release-macro-in-unbraced-if: the braced and else-less shapes drivers use around
// OSSafeReleaseNULL, and unbraced then-branches followed by an else.
import { releaseMacroInUnbracedIf } from '../../server/src/rules/dk210-release-macro-in-unbraced-if';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const fn = (...body: string[]): string => lines('void MyDriver::DropBuffers(bool keepRing)', '{', ...body, '}');

ruleTester(releaseMacroInUnbracedIf, {
  valid: [
    {
      name: 'braced then-branch with an else',
      files: { 'MyDriver.cpp': fn('    if (keepRing) {', '        OSSafeReleaseNULL(ivars->scratch);', '    } else {', '        OSSafeReleaseNULL(ivars->ring);', '    }') },
    },
    {
      name: 'unbraced if without an else, and the macro as the unbraced else-branch',
      files: {
        'MyDriver.cpp': fn(
          '    if (ivars->scratch != nullptr) OSSafeReleaseNULL(ivars->scratch);',
          '    if (keepRing)',
          '        ivars->ring->SetLength(0);',
          '    else',
          '        OSSafeReleaseNULL(ivars->ring);',
        ),
      },
    },
    {
      name: 'IOSafeDeleteNULL and release() are do/while or plain calls, so they compile unbraced',
      files: {
        'MyDriver.cpp': fn(
          '    if (keepRing) IOSafeDeleteNULL(ivars->table, Entry, kEntries);',
          '    else ivars->ring->release();',
          '    for (uint32_t i = 0; i < kSlots; i++) OSSafeReleaseNULL(ivars->slots[i]);',
        ),
      },
    },
    {
      name: 'a file that defines its own do/while OSSafeReleaseNULL',
      files: {
        'Compat.cpp': lines(
          '#undef OSSafeReleaseNULL',
          '#define OSSafeReleaseNULL(inst) do { if (inst) (inst)->release(); (inst) = NULL; } while (0)',
          'void Drop(OSObject * a, OSObject * b, bool first)',
          '{',
          '    if (first) OSSafeReleaseNULL(a); else OSSafeReleaseNULL(b);',
          '}',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'then-branch on its own line, followed by else',
      files: { 'MyDriver.cpp': fn('    if (keepRing)', '        ⟦OSSafeReleaseNULL(ivars->scratch);⟧', '    else', '        OSSafeReleaseNULL(ivars->ring);') },
      findings: [
        {
          message: "'OSSafeReleaseNULL(ivars->scratch);' expands to a brace block",
          fixTitles: ['Wrap the then-branch in braces'],
          output: { 'MyDriver.cpp': fn('    if (keepRing)', '        { OSSafeReleaseNULL(ivars->scratch); }', '    else', '        OSSafeReleaseNULL(ivars->ring);') },
        },
      ],
    },
    {
      name: 'everything on one line, and in an else-if chain',
      files: {
        'MyDriver.cpp': fn(
          '    if (keepRing) ⟦OSSafeReleaseNULL(ivars->scratch);⟧ else OSSafeReleaseNULL(ivars->ring);',
          '    if (ivars->mode == kModeA) ivars->count = 0;',
          '    else if (ivars->mode == kModeB) ⟦OSSafeReleaseNULL(ivars->table);⟧',
          '    else ivars->count++;',
        ),
      },
      findings: [
        { message: "'else' that follows does not compile", output: { 'MyDriver.cpp': fn('    if (keepRing) { OSSafeReleaseNULL(ivars->scratch); } else OSSafeReleaseNULL(ivars->ring);', '    if (ivars->mode == kModeA) ivars->count = 0;', '    else if (ivars->mode == kModeB) OSSafeReleaseNULL(ivars->table);', '    else ivars->count++;') } },
        { message: "'OSSafeReleaseNULL(ivars->table);'", output: { 'MyDriver.cpp': fn('    if (keepRing) OSSafeReleaseNULL(ivars->scratch); else OSSafeReleaseNULL(ivars->ring);', '    if (ivars->mode == kModeA) ivars->count = 0;', '    else if (ivars->mode == kModeB) { OSSafeReleaseNULL(ivars->table); }', '    else ivars->count++;') } },
      ],
    },
    {
      name: 'dangling else binds to the inner if, whose then-branch is the macro',
      files: { 'MyDriver.cpp': fn('    if (ivars != nullptr)', '        if (keepRing) ⟦OSSafeReleaseNULL(ivars->scratch);⟧', '        else OSSafeReleaseNULL(ivars->ring);') },
      findings: [{ message: 'wrap the then-branch in braces', output: { 'MyDriver.cpp': fn('    if (ivars != nullptr)', '        if (keepRing) { OSSafeReleaseNULL(ivars->scratch); }', '        else OSSafeReleaseNULL(ivars->ring);') } }],
    },
  ],
});
