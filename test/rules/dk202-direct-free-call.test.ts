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
    { name: "free() through '.' is not an OSObject pointer", files: { 'MyDriver.cpp': fn('    pool.free();') } },
    { name: 'a bare free() in a plain C function', files: { 'helpers.cpp': 'static void free();\nvoid Cleanup()\n{\n    free();\n}\n' } },
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
      findings: [{ message: "'holder.object->free()'", output: { 'MyDriver.cpp': fn('    OSSafeReleaseNULL(holder.object);\n    GetThing()->free();') } }, { message: "call 'GetThing()->release()'", noFix: true }],
    },
    {
      name: 'this->free(), a bare free() in a method, and super::free() outside the free() override',
      files: { 'MyDriver.cpp': fn('    ⟦this->free()⟧;\n    ⟦free()⟧;\n    ⟦super::free()⟧;') },
      findings: [
        { message: "call 'this->release()'", noFix: true },
        { message: "call 'release()' to drop a reference", noFix: true },
        { message: "'super::free()' deallocates this object from 'Teardown'", noFix: true },
      ],
    },
    {
      name: 'after non-ASCII text and on a CRLF file',
      files: { 'MyDriver.cpp': 'void MyDriver::Stop2()\r\n{\r\n    // 停止 😀\r\n    ⟦ivars->q->free()⟧;\r\n}\r\n' },
      findings: [{ message: 'OSSafeReleaseNULL(ivars->q)', output: { 'MyDriver.cpp': 'void MyDriver::Stop2()\r\n{\r\n    // 停止 😀\r\n    OSSafeReleaseNULL(ivars->q);\r\n}\r\n' } }],
    },
  ],
});
