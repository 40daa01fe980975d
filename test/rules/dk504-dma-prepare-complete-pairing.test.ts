// Case table for DK504 dma-prepare-complete-pairing: initialised segment counts and prepared commands that are
// completed stay silent; uninitialised or oversized counts and files with no CompleteDMA are reported.
import { dmaPrepareCompletePairing } from '../../server/src/rules/dk504-dma-prepare-complete-pairing';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const fn = (name: string, ...body: string[]): string => lines('kern_return_t', `MyDriver::${name}()`, '{', ...body, '}');
const complete = fn('FinishDMA', '    return ivars->dma->CompleteDMA(kIODMACommandCompleteDMANoOptions);');

const prepare = (count: string, call = 'ivars->dma->PrepareForDMA', countArgument = '&segmentCount'): string =>
  fn(
    'MapRing',
    '    IOAddressSegment segments[4] = {};',
    `    ${count}`,
    '    uint64_t flags = 0;',
    `    kern_return_t ret = ${call}(kIODMACommandPrepareForDMANoOptions, ivars->ring, 0, 0, &flags, ${countArgument}, segments);`,
    '    if (ret != kIOReturnSuccess) {',
    '        return ret;',
    '    }',
    '    ivars->ringAddress = segments[0].address;',
    '    return kIOReturnSuccess;',
  );

ruleTester(dmaPrepareCompletePairing, {
  valid: [
    { name: 'count set to the array capacity, CompleteDMA in another method', files: { 'MyDriver.cpp': prepare('uint32_t segmentCount = 4;') + complete } },
    { name: 'count initialised with sizeof arithmetic', files: { 'MyDriver.cpp': prepare('uint32_t segmentCount = sizeof(segments) / sizeof(segments[0]);') + complete } },
    {
      name: 'count assigned after its declaration, before the call',
      files: {
        'MyDriver.cpp':
          fn(
            'MapRing',
            '    IOAddressSegment segments[32];',
            '    uint32_t segmentCount;',
            '    uint64_t flags = 0;',
            '    segmentCount = 32;',
            '    kern_return_t ret = ivars->dma->PrepareForDMA(0, ivars->ring, 0, 0, &flags, &segmentCount, segments);',
            '    if (ret == kIOReturnSuccess && segmentCount != 1) {',
            '        ivars->dma->CompleteDMA(0);',
            '        ret = kIOReturnNoResources;',
            '    }',
            '    return ret;',
          ),
      },
    },
    {
      name: 'a failed PrepareForDMA needs no CompleteDMA before the release',
      files: {
        'MyDriver.cpp': fn(
          'Probe',
          '    IOAddressSegment segments[1] = {};',
          '    uint32_t segmentCount = 1;',
          '    uint64_t flags = 0;',
          '    kern_return_t ret = ivars->dma->PrepareForDMA(0, ivars->probe, 0, 0, &flags, &segmentCount, segments);',
          '    if (ret != kIOReturnSuccess) {',
          '        OSSafeReleaseNULL(ivars->dma);',
          '        return ret;',
          '    }',
          '    ivars->dma->CompleteDMA(kIODMACommandCompleteDMANoOptions);',
          '    return kIOReturnSuccess;',
        ),
      },
    },
    { name: 'a count passed through a pointer parameter cannot be judged', files: { 'MyDriver.cpp': prepare('// ioCount: the caller\'s in/out count.', 'ivars->dma->PrepareForDMA', 'ioCount') + complete } },
  ],
  invalid: [
    {
      name: 'an uninitialised count; the fix starts it at the array size',
      files: { 'MyDriver.cpp': prepare('uint32_t segmentCount;', 'ivars->dma->PrepareForDMA', '⟦&segmentCount⟧') + complete },
      findings: [
        {
          message: "'segmentCount' is passed to 'PrepareForDMA' uninitialised",
          fixTitles: ["Initialise 'segmentCount' to 4"],
          output: { 'MyDriver.cpp': prepare('uint32_t segmentCount = 4;') + complete },
        },
      ],
    },
    {
      name: 'a count larger than the array; the fix lowers it',
      files: { 'MyDriver.cpp': prepare('uint32_t segmentCount = 32;', 'ivars->dma->PrepareForDMA', '⟦&segmentCount⟧') + complete },
      findings: [{ message: "'segments' holds only 4 segments", output: { 'MyDriver.cpp': prepare('uint32_t segmentCount = 4;') + complete } }],
    },
    {
      name: 'no CompleteDMA anywhere in the file',
      files: { 'MyDriver.cpp': prepare('uint32_t segmentCount = 4;', '⟦ivars->dma->PrepareForDMA⟧') },
      findings: [{ message: "'ivars->dma' is prepared with 'PrepareForDMA' but nothing in this file calls 'CompleteDMA'", noFix: true }],
    },
    {
      name: 'both problems on a local command, with an array whose size is a constant',
      files: {
        'MyDriver.cpp': fn(
          'Transfer',
          '    IODMACommand * command = ivars->dma;',
          '    IOAddressSegment segments[kMaxSegments];',
          '    uint32_t count;',
          '    uint64_t flags = 0;',
          '    return ⟦command->PrepareForDMA⟧(0, ivars->buffer, 0, 0, &flags, ⟦&count⟧, segments);',
        ),
      },
      findings: [
        { message: "but nothing in this file calls 'CompleteDMA'", noFix: true },
        {
          message: "initialise it to the array's element count (kMaxSegments)",
          output: {
            'MyDriver.cpp': fn(
              'Transfer',
              '    IODMACommand * command = ivars->dma;',
              '    IOAddressSegment segments[kMaxSegments];',
              '    uint32_t count = kMaxSegments;',
              '    uint64_t flags = 0;',
              '    return command->PrepareForDMA(0, ivars->buffer, 0, 0, &flags, &count, segments);',
            ),
          },
        },
      ],
    },
  ],
});
