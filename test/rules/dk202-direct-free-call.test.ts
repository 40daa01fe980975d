// Case table for DK202 direct-free-call.
import { directFreeCall } from '../../server/src/rules/dk202-direct-free-call';
import { ruleTester } from '../helpers/rule-tester';

const fn = (body: string): string => `void MyDriver::Teardown()\n{\n${body}\n}\n`;

ruleTester(directFreeCall, {
  valid: [
    { name: 'free() override ending with super::free()', files: { 'MyDriver.cpp': 'void MyDriver::free()\n{\n    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);\n    super::free();\n}\n' } },
    { name: 'releasing with OSSafeReleaseNULL', files: { 'MyDriver.cpp': fn('    OSSafeReleaseNULL(ivars->buffer);') } },
    { name: 'releasing with ->release()', files: { 'MyDriver.cpp': fn('    ivars->buffer->release();\n    ivars->buffer = nullptr;') } },
    { name: "C library free(pointer) and IOFree", files: { 'MyDriver.cpp': fn('    free(raw);\n    IOFree(block, size);') } },
    { name: 'free with arguments is another method', files: { 'MyDriver.cpp': fn('    allocator->free(block, size);') } },
  ],
  invalid: [
    {
      name: 'free() on an ivar in a block',
      files: { 'MyDriver.cpp': fn('    ⟦ivars->buffer->free()⟧;') },
      findings: [{ message: "'ivars->buffer->free()'", fixTitles: ['Replace with OSSafeReleaseNULL(ivars->buffer)'], output: { 'MyDriver.cpp': fn('    OSSafeReleaseNULL(ivars->buffer);') } }],
    },
    {
      name: 'free() on a local',
      files: { 'MyDriver.cpp': fn('    IOMemoryMap * map = ivars->map;\n    ⟦map->free()⟧;') },
      findings: [{ message: 'OSSafeReleaseNULL(map)', output: { 'MyDriver.cpp': fn('    IOMemoryMap * map = ivars->map;\n    OSSafeReleaseNULL(map);') } }],
    },
    {
      name: 'free() as the unbraced body of an if keeps the if/else intact',
      files: { 'MyDriver.cpp': fn('    if (done)\n        ⟦queue->free()⟧;\n    else\n        Log();') },
      findings: [{ message: "'queue->free()'", output: { 'MyDriver.cpp': fn('    if (done)\n        { OSSafeReleaseNULL(queue); }\n    else\n        Log();') } }],
    },
    {
      name: 'free() through a field and through a call result (the call result cannot be cleared, so no fix)',
      files: { 'MyDriver.cpp': fn('    ⟦holder.object->free()⟧;\n    ⟦GetThing()->free()⟧;') },
      findings: [{ message: "'holder.object->free()'", output: { 'MyDriver.cpp': fn('    OSSafeReleaseNULL(holder.object);\n    GetThing()->free();') } }, { message: "'GetThing()->free()'", noFix: true }],
    },
    {
      name: 'after non-ASCII text and on a CRLF file',
      files: { 'MyDriver.cpp': 'void MyDriver::Stop2()\r\n{\r\n    // 停止 😀\r\n    ⟦ivars->q->free()⟧;\r\n}\r\n' },
      findings: [{ message: 'OSSafeReleaseNULL(ivars->q)', output: { 'MyDriver.cpp': 'void MyDriver::Stop2()\r\n{\r\n    // 停止 😀\r\n    OSSafeReleaseNULL(ivars->q);\r\n}\r\n' } }],
    },
  ],
});
