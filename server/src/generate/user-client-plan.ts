// User-client boilerplate: NewUserClient on the service, and a new IOUserClient subclass (.iig and .cpp) with a checked
// ExternalMethod dispatch table.
import type { ImplementationPlan } from './class-implementation';
import { render, rpcDefinitionHeader, type Layout, type Line } from './source-layout';

export interface UserClientPlan {
  readonly title: string;
  readonly declaration: string;
  readonly iigHeader: string;
  readonly implementation: ImplementationPlan;
  /** The new class's interface and implementation. */
  readonly clientIig: string;
  readonly clientCpp: string;
}

/** The personality key the service passes to Create; the Info.plist dictionary under it names the client class. */
const PROPERTIES_KEY = 'UserClientProperties';

export function userClientPlan(options: { readonly className: string; readonly clientName: string; readonly layout: Layout; readonly startRegisters: boolean }): UserClientPlan {
  const { className, clientName, layout } = options;
  return {
    title: `Add user client '${clientName}' to ${className}`,
    declaration: 'virtual kern_return_t NewUserClient(uint32_t type, IOUserClient ** userClient) override;',
    iigHeader: 'DriverKit/IOUserClient.iig',
    implementation: {
      ivarsMembers: [],
      constants: [],
      freeReleases: [],
      startSetup: options.startRegisters
        ? undefined
        : (ret) => [
            [0, '// Publish the service so that applications can find and open it.'],
            [0, `${ret.assign}RegisterService();`],
            [0, `if (${ret.name} != kIOReturnSuccess) {`],
            [1, `return ${ret.name};`],
            [0, '}'],
          ],
      definitions: [
        [
          [0, 'kern_return_t'],
          [0, rpcDefinitionHeader(layout, className, 'NewUserClient', 'uint32_t type, IOUserClient ** userClient')],
          [0, '{'],
          [1, `// The personality's ${PROPERTIES_KEY} dictionary must name IOClass IOUserUserClient and IOUserClass ${clientName}.`],
          [1, 'IOService * client = nullptr;'],
          [1, `kern_return_t ret = Create(this, "${PROPERTIES_KEY}", &client);`],
          [1, 'if (ret != kIOReturnSuccess) {'],
          [2, 'return ret;'],
          [1, '}'],
          [1, '*userClient = OSDynamicCast(IOUserClient, client);'],
          [1, 'if (*userClient == nullptr) {'],
          [2, 'OSSafeReleaseNULL(client);'],
          [2, 'return kIOReturnError;'],
          [1, '}'],
          [1, 'return kIOReturnSuccess;'],
          [0, '}'],
        ],
      ],
    },
    clientIig: render(clientInterface(clientName, className), layout),
    clientCpp: render(clientImplementation(clientName, layout), layout),
  };
}

function clientInterface(clientName: string, serviceName: string): Line[] {
  return [
    [0, `// The user client that ${serviceName}::NewUserClient hands to applications.`],
    [0, `#ifndef ${clientName}_h`],
    [0, `#define ${clientName}_h`],
    [0, ''],
    [0, '#include <DriverKit/IOUserClient.iig>'],
    [0, ''],
    [0, `class ${clientName} : public IOUserClient`],
    [0, '{'],
    [0, 'public:'],
    [1, 'virtual bool init() override;'],
    [1, 'virtual void free() override;'],
    [1, 'virtual kern_return_t Start(IOService * provider) override;'],
    [1, 'virtual kern_return_t Stop(IOService * provider) override;'],
    [1, 'virtual kern_return_t ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments,'],
    [1, '                                     const IOUserClientMethodDispatch * dispatch, OSObject * target,'],
    [1, '                                     void * reference) override;'],
    [0, '};'],
    [0, ''],
    [0, `#endif /* ${clientName}_h */`],
  ];
}

function clientImplementation(name: string, layout: Layout): Line[] {
  return [
    [0, `// ${name}: validates every call from the application against a dispatch table before it runs.`],
    [0, '#include <os/log.h>'],
    [0, ''],
    [0, '#include <DriverKit/IOLib.h>'],
    [0, '#include <DriverKit/IOUserClient.h>'],
    [0, ''],
    [0, `#include "${name}.h"`],
    [0, ''],
    [0, '// Selectors the application passes to IOConnectCallMethod: add one per method, before the count.'],
    [0, 'enum : uint64_t {'],
    [1, `k${name}SelectorPing = 0,`],
    [1, `k${name}SelectorCount`],
    [0, '};'],
    [0, ''],
    [0, '// iig classes may not have data members, so per-connection state lives here (pointers and scalars only).'],
    [0, `struct ${name}_IVars {`],
    [1, 'uint64_t calls;'],
    [0, '};'],
    [0, ''],
    [0, `static kern_return_t ${name}Ping(OSObject * target, void * reference, IOUserClientMethodArguments * arguments)`],
    [0, '{'],
    [1, 'return kIOReturnSuccess;'],
    [0, '}'],
    [0, ''],
    [0, '// Checked by super::ExternalMethod before the function runs.'],
    [0, `static const IOUserClientMethodDispatch s${name}Methods[k${name}SelectorCount] = {`],
    [1, '// function, completion, scalar in, structure in, scalar out, structure out'],
    [1, `{ &${name}Ping, 0, 0, 0, 0, 0 },`],
    [0, '};'],
    [0, ''],
    [0, 'bool'],
    [0, `${name}::init()`],
    [0, '{'],
    [1, 'if (!super::init()) {'],
    [2, 'return false;'],
    [1, '}'],
    [1, `ivars = IONewZero(${name}_IVars, 1);`],
    [1, 'return ivars != nullptr;'],
    [0, '}'],
    [0, ''],
    [0, 'void'],
    [0, `${name}::free()`],
    [0, '{'],
    [1, `IOSafeDeleteNULL(ivars, ${name}_IVars, 1);`],
    [1, 'super::free();'],
    [0, '}'],
    [0, ''],
    [0, 'kern_return_t'],
    [0, rpcDefinitionHeader(layout, name, 'Start', 'IOService * provider')],
    [0, '{'],
    [1, 'return Start(provider, SUPERDISPATCH);'],
    [0, '}'],
    [0, ''],
    [0, 'kern_return_t'],
    [0, rpcDefinitionHeader(layout, name, 'Stop', 'IOService * provider')],
    [0, '{'],
    [1, 'return Stop(provider, SUPERDISPATCH);'],
    [0, '}'],
    [0, ''],
    [0, '// LOCALONLY in IOUserClient, so a plain C++ override (no IMPL) that calls its base with super::.'],
    [0, 'kern_return_t'],
    [0, `${name}::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments,`],
    [0, `${' '.repeat(name.length + 17)}const IOUserClientMethodDispatch * dispatch, OSObject * target, void * reference)`],
    [0, '{'],
    [1, `if (selector >= k${name}SelectorCount) {`],
    [2, 'return kIOReturnBadArgument;'],
    [1, '}'],
    [1, `ivars->calls++;`],
    [1, `return super::ExternalMethod(selector, arguments, &s${name}Methods[selector], this, reference);`],
    [0, '}'],
  ];
}
