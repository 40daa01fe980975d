// Case table for DK505 dma-specification-uninitialized: zeroed specifications (= {}, bzero, memset, a later
// assignment) stay silent; a stack specification passed to IODMACommand::Create unzeroed is reported and fixed.
import { dmaSpecificationUninitialized } from '../../server/src/rules/dk505-dma-specification-uninitialized';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const fn = (...body: string[]): string =>
  lines('kern_return_t', 'MyDriver::CreateDMA()', '{', ...body, '    return IODMACommand::Create(ivars->pci, kIODMACommandCreateNoOptions, &spec, &ivars->dma);', '}');

ruleTester(dmaSpecificationUninitialized, {
  valid: [
    { name: 'value-initialised with = {}', files: { 'MyDriver.cpp': fn('    IODMACommandSpecification spec = {};', '    spec.maxAddressBits = 64;') } },
    {
      name: "bzero first, as Apple's PCI sample does",
      files: { 'MyDriver.cpp': fn('    IODMACommandSpecification spec;', '    bzero(&spec, sizeof(spec));', '    spec.options = kIODMACommandSpecificationNoOptions;', '    spec.maxAddressBits = 64;') },
    },
    { name: 'memset to zero', files: { 'MyDriver.cpp': fn('    IODMACommandSpecification spec;', '    memset(&spec, 0, sizeof(spec));', '    spec.maxAddressBits = 40;') } },
    { name: 'zeroed by assignment', files: { 'MyDriver.cpp': fn('    IODMACommandSpecification spec;', '    spec = {};', '    spec.maxAddressBits = 64;') } },
    { name: 'filled in by a helper this rule cannot see into', files: { 'MyDriver.cpp': fn('    IODMACommandSpecification spec;', '    FillSpecification(&spec);') } },
    { name: 'a zeroed specification that leaves maxAddressBits at 0 is accepted by the kernel', files: { 'MyDriver.cpp': fn('    IODMACommandSpecification spec = {};') } },
  ],
  invalid: [
    {
      name: 'fields set but the struct never zeroed; the fix zero-initialises it',
      files: { 'MyDriver.cpp': fn('    IODMACommandSpecification ⟦spec⟧;', '    spec.options = kIODMACommandSpecificationNoOptions;', '    spec.maxAddressBits = 64;') },
      findings: [
        {
          message: "'spec' is not zeroed before 'IODMACommand::Create'; declare it",
          fixTitles: ["Zero-initialise 'spec'"],
          output: { 'MyDriver.cpp': fn('    IODMACommandSpecification spec = {};', '    spec.options = kIODMACommandSpecificationNoOptions;', '    spec.maxAddressBits = 64;') },
        },
      ],
    },
    {
      name: 'neither zeroed nor given an address width',
      files: { 'MyDriver.cpp': fn('    IODMACommandSpecification ⟦spec⟧;', '    spec.options = 0;') },
      findings: [{ message: "'maxAddressBits' is never set", output: { 'MyDriver.cpp': fn('    IODMACommandSpecification spec = {};', '    spec.options = 0;') } }],
    },
    {
      name: 'bzero after Create comes too late',
      files: {
        'MyDriver.cpp': lines(
          'kern_return_t',
          'MyDriver::CreateDMA()',
          '{',
          '    IODMACommandSpecification ⟦spec⟧;',
          '    spec.maxAddressBits = 64;',
          '    kern_return_t ret = IODMACommand::Create(ivars->pci, 0, &spec, &ivars->dma);',
          '    bzero(&spec, sizeof(spec));',
          '    return ret;',
          '}',
        ),
      },
      findings: [{ message: "'spec' is not zeroed" }],
    },
    {
      name: 'declared among other locals in a struct-qualified declaration',
      files: { 'MyDriver.cpp': fn('    struct IODMACommandSpecification ⟦spec⟧;', '    uint64_t bits = 64;', '    spec.maxAddressBits = bits;') },
      findings: [{ message: "declare it as 'IODMACommandSpecification spec = {};'" }],
    },
  ],
});
