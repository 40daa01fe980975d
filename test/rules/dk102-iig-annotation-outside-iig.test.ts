// Case table for DK102 iig-annotation-outside-iig.
import { iigAnnotationOutsideIig } from '../../server/src/rules/dk102-iig-annotation-outside-iig';
import { ruleTester } from '../helpers/rule-tester';

const iig = (members: string): string =>
  `#include <DriverKit/IOService.iig>\n\nclass MyDriver : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n${members}};\n`;
const header = (members: string): string =>
  `#include <DriverKit/IOService.h>\n\nclass MyDriver : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n${members}};\n`;
const timerHandler = '    virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n';

ruleTester(iigAnnotationOutsideIig, {
  valid: [
    {
      name: 'annotations in the .iig, a .cpp that implements the generated methods',
      files: {
        'MyDriver.cpp': '#include "MyDriver.h"\n\nvoid MyDriver::TimerFired_Impl(OSAction * action, uint64_t time)\n{\n}\n\nkern_return_t MyDriver::Helper(uint32_t x)\n{\n    return kIOReturnSuccess;\n}\n',
        'MyDriver.iig': iig(`${timerHandler}    kern_return_t Helper(uint32_t x) LOCALONLY;\n`),
      },
    },
    {
      name: "the project's own macros and variables spelled like annotations",
      files: {
        'Limits.cpp':
          '#define TARGET 4\n#define LOCAL 1\nstatic uint32_t Scale(uint32_t count)\n{\n    uint32_t size = count * TARGET;\n    return size + (uint32_t) LOCAL;\n}\n',
      },
    },
    {
      name: "a vendored SDK header whose documentation block repeats the .iig declaration",
      files: {
        'IOTimerDispatchSource.h':
          '#if __DOCUMENTATION__\n#define KERNEL IIG_KERNEL\nclass LOCAL IOTimerDispatchSource : public IODispatchSource\n{\n    virtual void TimerOccurred(OSAction * action TARGET, uint64_t time) REPLY LOCAL;\n};\n#endif /* __DOCUMENTATION__ */\n\nclass IOTimerDispatchSource : public IODispatchSource, public IOTimerDispatchSourceInterface\n{\n};\n',
      },
    },
    {
      name: 'a shared header with an iig-only branch and IIG_-prefixed spellings',
      files: {
        'Shared.h': '#ifdef __IIG\nclass MyShared : public OSObject\n{\n    kern_return_t Helper() LOCALONLY;\n};\n#endif\nclass IIG_SERIALIZABLE OSData;\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a TYPE handler in a hand-written header: moved into the .iig with the include it needs',
      files: {
        'MyDriver.h': header('    virtual void TimerFired(OSAction * action, uint64_t time) ⟦TYPE(IOTimerDispatchSource::TimerOccurred)⟧;\n'),
        'MyDriver.iig': iig(''),
      },
      findings: [
        {
          message: "'TYPE(IOTimerDispatchSource::TimerOccurred)' is an iig annotation, which is undefined in a header (a compile error) and never reaches iig, so nothing is generated for it; declare 'TimerFired' in the class body of MyDriver's .iig instead.",
          fixTitles: ["Move 'TimerFired' into MyDriver's .iig"],
          output: {
            'MyDriver.h': header(''),
            'MyDriver.iig': iig(timerHandler).replace('#include <DriverKit/IOService.iig>\n', '#include <DriverKit/IOService.iig>\n#include <DriverKit/IOTimerDispatchSource.iig>\n'),
          },
        },
      ],
    },
    {
      name: 'a helper with LOCALONLY and QUEUENAME in a header: both reported, one move',
      files: {
        'MyDriver.h': header('    kern_return_t Poll(uint32_t slot) ⟦LOCALONLY⟧ ⟦QUEUENAME(PollQueue)⟧;\n'),
        'MyDriver.iig': iig(''),
      },
      findings: [
        { message: "'LOCALONLY' is an iig annotation", output: { 'MyDriver.h': header(''), 'MyDriver.iig': iig('    kern_return_t Poll(uint32_t slot) LOCALONLY QUEUENAME(PollQueue);\n') } },
        { message: "'QUEUENAME(PollQueue)' is an iig annotation", fixTitles: ["Move 'Poll' into MyDriver's .iig"] },
      ],
    },
    {
      name: 'CRLF files: the header loses the whole line, the .iig gains one with CRLF',
      files: {
        'MyDriver.h': header('    kern_return_t Poll(uint32_t slot) ⟦LOCALONLY⟧;\n').replace(/\n/g, '\r\n'),
        'MyDriver.iig': iig('').replace(/\n/g, '\r\n'),
      },
      findings: [
        {
          message: "'LOCALONLY' is an iig annotation",
          output: { 'MyDriver.h': header('').replace(/\n/g, '\r\n'), 'MyDriver.iig': iig('    kern_return_t Poll(uint32_t slot) LOCALONLY;\n').replace(/\n/g, '\r\n') },
        },
      ],
    },
    {
      name: 'the .iig already declares the method: reported without a fix',
      files: {
        'MyDriver.h': header('    kern_return_t Poll(uint32_t slot) ⟦LOCALONLY⟧;\n'),
        'MyDriver.iig': iig('    kern_return_t Poll(uint32_t slot) LOCALONLY;\n'),
      },
      findings: [{ message: "declare 'Poll' in the class body of MyDriver's .iig", noFix: true }],
    },
    {
      name: "the class's .iig is not in the workspace: reported without a fix",
      files: { 'Engine.h': 'class Engine : public OSObject\n{\n    virtual void Done(OSAction * action, uint32_t status) ⟦TYPE(MyEngine::Completed)⟧;\n};\n' },
      findings: [{ message: "declare 'Done' in the class body of Engine's .iig", noFix: true }],
    },
    {
      name: 'annotations on a definition in a .cpp and on a class',
      files: {
        'MyDriver.cpp':
          '#include "MyDriver.h"\n\nclass ⟦KERNEL⟧ Mirror : public IOService\n{\n};\n\nkern_return_t MyDriver::Helper(uint32_t x) ⟦LOCALONLY⟧\n{\n    return kIOReturnSuccess;\n}\n',
      },
      findings: [
        { message: "'KERNEL' is an iig annotation, which is undefined in a source file (a compile error) and never reaches iig, so nothing is generated for it; annotate the class in its .iig instead.", noFix: true },
        { message: "'LOCALONLY' is an iig annotation, which is undefined in a source file (a compile error) and never reaches iig, so nothing is generated for it; remove it here and annotate the declaration in the .iig.", noFix: true },
      ],
    },
    {
      name: 'a file-scope declaration with TYPE in a .cpp',
      files: { 'Handlers.cpp': 'void Tick(OSAction * action, uint64_t time) ⟦TYPE(IOTimerDispatchSource::TimerOccurred)⟧;\n' },
      findings: [{ message: 'remove it here and declare the method in the class body of the .iig', noFix: true }],
    },
  ],
});
