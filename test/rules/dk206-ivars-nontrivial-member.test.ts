// Case table for DK206 ivars-nontrivial-member: ivars structs of plain data (as real drivers declare them) and
// members that a zero-filled, never-constructed struct breaks.
import { ivarsNontrivialMember } from '../../server/src/rules/dk206-ivars-nontrivial-member';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const INIT = ['bool MyDriver::init()', '{', '    if (!super::init()) {', '        return false;', '    }', '    ivars = IONewZero(MyDriver_IVars, 1);', '    return ivars != nullptr;', '}'];

ruleTester(ivarsNontrivialMember, {
  valid: [
    {
      name: 'pointers, arrays, PODs and zero initialisers',
      files: {
        'MyDriver.cpp': lines(
          'struct TaskSlot {',
          '    OSAction * completion;',
          '    uint64_t   tag;',
          '};',
          'struct MyDriver_IVars {',
          '    IOPCIDevice *              pci;',
          '    IOBufferMemoryDescriptor * ring[8];',
          '    TaskSlot                   tasks[4];',
          '    OSSharedPtr<OSAction> *    borrowed;',
          '    uint32_t                   depth = 0;',
          '    bool                       open = false;',
          '    IOLock *                   lock = nullptr;',
          '    uint64_t                   stats[4] = {};',
          '};',
          ...INIT,
        ),
      },
    },
    {
      name: 'OSSharedPtr members that free() resets by hand',
      files: {
        'MyDriver.cpp': lines(
          'struct MyDriver_IVars {',
          '    OSSharedPtr<IODispatchQueue> queue;',
          '};',
          ...INIT,
          'void MyDriver::free()',
          '{',
          '    if (ivars != nullptr) {',
          '        ivars->queue.reset();',
          '    }',
          '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '    super::free();',
          '}',
        ),
      },
    },
    {
      name: 'a non-zero default that init() assigns anyway, and a struct built with placement new',
      files: {
        'MyDriver.cpp': lines(
          'struct MyDriver_IVars {',
          '    uint32_t queueDepth = 32;',
          '};',
          'struct MyClient_IVars {',
          '    OSSharedPtr<OSAction> completion;',
          '    uint32_t retries = 3;',
          '};',
          'bool MyDriver::init()',
          '{',
          '    if (!super::init()) return false;',
          '    ivars = IONewZero(MyDriver_IVars, 1);',
          '    if (ivars == nullptr) return false;',
          '    ivars->queueDepth = 32;',
          '    return true;',
          '}',
          'bool MyClient::init()',
          '{',
          '    if (!super::init()) return false;',
          '    ivars = IONew(MyClient_IVars, 1);',
          '    if (ivars == nullptr) return false;',
          '    new (ivars) MyClient_IVars();',
          '    return true;',
          '}',
        ),
      },
    },
    {
      name: 'a struct named _IVars that this file does not allocate (declared in a header)',
      files: { 'MyDriverIVars.h': lines('struct MyDriver_IVars {', '    OSSharedPtr<OSAction> action;', '    uint32_t count = 4;', '};') },
    },
  ],
  invalid: [
    {
      name: 'OSSharedPtr and std:: members',
      files: {
        'MyDriver.cpp': lines(
          'struct MyDriver_IVars {',
          '    IOPCIDevice * pci;',
          '    ⟦OSSharedPtr<OSAction> timerAction;⟧',
          '    ⟦std::vector<uint32_t> pending;⟧',
          '};',
          ...INIT,
        ),
      },
      findings: [
        { message: "'timerAction' is an 'OSSharedPtr<OSAction>', but 'MyDriver_IVars' is allocated with IONewZero", noFix: true },
        { message: "'pending' is a 'std::vector<uint32_t>'", noFix: true },
      ],
    },
    {
      name: 'non-zero default member initialisers, in every spelling',
      files: {
        'MyDriver.cpp': lines(
          'struct MyDriver_IVars {',
          '    ⟦uint32_t queueDepth = 32;⟧',
          '    ⟦bool enabled{true};⟧',
          '    ⟦int32_t lastError = -1;⟧',
          '    ⟦uint64_t mask = 0xFFull;⟧',
          '    uint32_t zero = 0x0;',
          '};',
          ...INIT,
        ),
      },
      findings: [
        { message: "The initialiser '32' of 'queueDepth' never runs" },
        { message: "The initialiser '{true}' of 'enabled' never runs" },
        { message: "'lastError' starts at zero" },
        { message: "The initialiser '0xFFull' of 'mask'" },
      ],
    },
    {
      name: 'a member whose own struct has a constructor or an initialiser',
      files: {
        'MyDriver.cpp': lines(
          'struct RingState {',
          '    RingState() : head(0), tail(0) {}',
          '    uint32_t head;',
          '    uint32_t tail;',
          '};',
          'struct Limits {',
          '    uint32_t maxTransfer = 65536;',
          '};',
          'struct MyDriver_IVars {',
          '    ⟦RingState ring;⟧',
          '    ⟦Limits limits[2];⟧',
          '};',
          ...INIT,
        ),
      },
      findings: [{ message: "'ring' is a 'RingState', which has a constructor" }, { message: "'limits' is a 'Limits'" }],
    },
  ],
});
