// UserMapHBAData boilerplate for a SCSI parallel controller: a bounded per-task buffer table in ivars, released in free.
import type { ImplementationPlan } from './class-implementation';
import { memberPrefix, typePrefix } from './generator-types';
import { rpcDefinitionHeader, type Layout } from './source-layout';

/** Slots in the task table; slot 0 stays unused because task IDs start at 1. */
const TASK_SLOTS = 65;

export function hbaDataPlan(options: { readonly className: string; readonly name: string; readonly layout: Layout }): { readonly title: string; readonly declaration: string; readonly implementation: ImplementationPlan } {
  const { className, layout } = options;
  const type = typePrefix(options.name);
  const table = `ivars->${memberPrefix(options.name)}`;
  const lastId = `ivars->${memberPrefix(options.name)}LastID`;
  const bytes = `k${type}BytesPerTask`;
  return {
    title: `Add UserMapHBAData with a per-task '${memberPrefix(options.name)}' table to ${className}`,
    declaration: '// Called once per pre-allocated SCSI task; the ID it returns comes back as fControllerTaskIdentifier.\nvirtual kern_return_t UserMapHBAData(uint32_t * uniqueTaskID) override;',
    implementation: {
      ivarsMembers: [
        `// Slot 0 unused: task IDs run from 1 to the count UserReportMaximumTaskCount reports (at most ${TASK_SLOTS - 1}).`,
        `IOBufferMemoryDescriptor * ${memberPrefix(options.name)}[${TASK_SLOTS}];`,
        `uint32_t ${memberPrefix(options.name)}LastID;`,
      ],
      constants: [`// Bytes of per-task controller data (the ${type} table).`, `static const uint64_t ${bytes} = 4096;`],
      freeReleases: [`for (uint32_t i = 0; i < sizeof(${table}) / sizeof(${table}[0]); i++) {`, [1, `OSSafeReleaseNULL(${table}[i]);`], '}'],
      definitions: [
        [
          [0, 'kern_return_t'],
          [0, rpcDefinitionHeader(layout, className, 'UserMapHBAData', 'uint32_t * uniqueTaskID')],
          [0, '{'],
          [1, '// IDs start at 1 and come back as fControllerTaskIdentifier, which indexes this same table.'],
          [1, `const uint32_t slotCount = sizeof(${table}) / sizeof(${table}[0]);`],
          [1, `const uint32_t taskID = ${lastId} + 1;`],
          [1, 'if (taskID >= slotCount) {'],
          [2, 'return kIOReturnNoResources;'],
          [1, '}'],
          [1, ''],
          [1, 'IOBufferMemoryDescriptor * buffer = nullptr;'],
          [1, `kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, ${bytes}, 0, &buffer);`],
          [1, 'if (ret != kIOReturnSuccess) {'],
          [2, 'return ret;'],
          [1, '}'],
          [1, '// A new buffer has length 0 until SetLength, so it would describe no data.'],
          [1, `ret = buffer->SetLength(${bytes});`],
          [1, 'if (ret != kIOReturnSuccess) {'],
          [2, 'OSSafeReleaseNULL(buffer);'],
          [2, 'return ret;'],
          [1, '}'],
          [1, '// The table now owns the reference from Create.'],
          [1, `${table}[taskID] = buffer;`],
          [1, `${lastId} = taskID;`],
          [1, '*uniqueTaskID = taskID;'],
          [1, 'return kIOReturnSuccess;'],
          [0, '}'],
        ],
      ],
    },
  };
}
