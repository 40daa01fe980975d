// Timer and interrupt boilerplate: the TYPE handler, the ivars, the setup in Start, the cancel in Stop, release in free.
import type { ImplementationPlan } from './class-implementation';
import { checkedCall, rpcDefinitionHeader, type Layout, type Line } from './source-layout';
import { memberPrefix, typePrefix } from './generator-types';

export interface SourcePlan {
  readonly title: string;
  readonly handler: string;
  /** The .iig declaration of the handler. */
  readonly declaration: string;
  /** The .iig the declaration's TYPE(...) needs. */
  readonly iigHeader: string;
  readonly implementation: ImplementationPlan;
}

/** `ret = X; if (ret != kIOReturnSuccess) { return ret; }` for each call, the first one declaring the variable. */
function checkedSequence(ret: { readonly name: string; readonly assign: string }, calls: readonly (string | Line)[]): Line[] {
  const lines: Line[] = [];
  let first = true;
  for (const call of calls) {
    if (typeof call !== 'string') {
      lines.push(call);
      continue;
    }
    lines.push(...checkedCall(first ? ret.assign : `${ret.name} = `, call, 0, ret.name));
    first = false;
  }
  return lines;
}

export function timerPlan(options: { readonly className: string; readonly name: string; readonly layout: Layout }): SourcePlan {
  const { className, layout } = options;
  const type = typePrefix(options.name);
  const member = memberPrefix(options.name);
  const handler = `${type}TimerOccurred`;
  const queue = `ivars->${member}TimerQueue`;
  const timer = `ivars->${member}Timer`;
  const action = `ivars->${member}TimerAction`;
  const period = `k${type}TimerPeriodNs`;
  const leeway = `k${type}TimerLeewayNs`;
  const wake = `${timer}->WakeAtTime(kIOTimerClockUptimeRaw, clock_gettime_nsec_np(CLOCK_UPTIME_RAW) + ${period}, ${leeway})`;
  return {
    title: `Add timer '${handler}' to ${className}`,
    handler,
    declaration: `virtual void ${handler}(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);`,
    iigHeader: 'DriverKit/IOTimerDispatchSource.iig',
    implementation: {
      ivarsMembers: [`IODispatchQueue * ${member}TimerQueue;`, `IOTimerDispatchSource * ${member}Timer;`, `OSAction * ${member}TimerAction;`],
      constants: [
        `// Period and leeway of the ${type} timer in nanoseconds, the unit of kIOTimerClockUptimeRaw.`,
        `static const uint64_t ${period} = 1000000000ULL;`,
        `static const uint64_t ${leeway} = 10000000ULL;`,
      ],
      startSetup: (ret) =>
        checkedSequence(ret, [
          [0, `// The ${type} timer shares the default queue with Start, Stop and its handler. Each object goes straight`],
          [0, '// into ivars, so free() releases it whichever step fails.'],
          `CopyDispatchQueue(kIOServiceDefaultQueueName, &${queue})`,
          `IOTimerDispatchSource::Create(${queue}, &${timer})`,
          `CreateAction${handler}(0, &${action})`,
          `${timer}->SetHandler(${action})`,
          [0, '// The deadline is absolute and read from the clock that the option names.'],
          wake,
        ]),
      stopTeardown: { source: timer, action },
      freeReleases: [`OSSafeReleaseNULL(${action});`, `OSSafeReleaseNULL(${timer});`, `OSSafeReleaseNULL(${queue});`],
      definitions: [
        [
          [0, 'void'],
          [0, rpcDefinitionHeader(layout, className, handler, 'OSAction * action, uint64_t time')],
          [0, '{'],
          [1, `// Periodic ${type} work goes here.`],
          [1, ''],
          [1, '// A timer fires once per WakeAtTime, so re-arm it to keep it periodic.'],
          [1, `kern_return_t ret = ${wake};`],
          [1, 'if (ret != kIOReturnSuccess) {'],
          [2, `os_log(OS_LOG_DEFAULT, "${className}: re-arming the ${type} timer failed: 0x%x", ret);`],
          [1, '}'],
          [0, '}'],
        ],
      ],
    },
  };
}

export function interruptPlan(options: { readonly className: string; readonly name: string; readonly layout: Layout }): SourcePlan {
  const { className, layout } = options;
  const type = typePrefix(options.name);
  const member = memberPrefix(options.name);
  const handler = `${type}InterruptOccurred`;
  const queue = `ivars->${member}InterruptQueue`;
  const source = `ivars->${member}InterruptSource`;
  const action = `ivars->${member}InterruptAction`;
  const index = `k${type}InterruptIndex`;
  return {
    title: `Add interrupt handler '${handler}' to ${className}`,
    handler,
    declaration: `virtual void ${handler}(OSAction * action, uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred);`,
    iigHeader: 'DriverKit/IOInterruptDispatchSource.iig',
    implementation: {
      ivarsMembers: [`IODispatchQueue * ${member}InterruptQueue;`, `IOInterruptDispatchSource * ${member}InterruptSource;`, `OSAction * ${member}InterruptAction;`],
      constants: [`// The provider's interrupt index of the ${type} interrupt (a PCI provider needs ConfigureInterrupts() first).`, `static const uint32_t ${index} = 0;`],
      startSetup: (ret) =>
        checkedSequence(ret, [
          [0, `// Each object of the ${type} interrupt goes straight into ivars, so free() releases it whichever step fails.`],
          `CopyDispatchQueue(kIOServiceDefaultQueueName, &${queue})`,
          `IOInterruptDispatchSource::Create(${ret.provider}, ${index}, ${queue}, &${source})`,
          `CreateAction${handler}(0, &${action})`,
          `${source}->SetHandler(${action})`,
          [0, '// Interrupt sources start disabled; until this call the handler never runs.'],
          `${source}->SetEnable(true)`,
        ]),
      stopTeardown: { source, action },
      freeReleases: [`OSSafeReleaseNULL(${action});`, `OSSafeReleaseNULL(${source});`, `OSSafeReleaseNULL(${queue});`],
      definitions: [
        [
          [0, 'void'],
          [0, rpcDefinitionHeader(layout, className, handler, 'OSAction * action, uint64_t count, uint64_t time')],
          [0, '{'],
          [1, '// count is the number of interrupts since the last call, time the last one\'s timestamp.'],
          [1, '// The queue is serial, so keep this short and never block here.'],
          [0, '}'],
        ],
      ],
    },
  };
}
