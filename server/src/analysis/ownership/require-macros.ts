// The AssertMacros jump macros: `__Require_noErr(err, label)` and friends jump to `label` when a check fails.

export type RequireShape = { readonly tests: 'error' | 'assertion'; readonly hasAction: boolean };

const SHAPES: Readonly<Record<string, RequireShape>> = {};
for (const [names, shape] of [
  [['__Require_noErr', '__Require_noErr_Quiet', 'require_noerr', 'require_noerr_quiet'], { tests: 'error', hasAction: false }],
  [['__Require_noErr_Action', '__Require_noErr_Action_Quiet', 'require_noerr_action', 'require_noerr_action_quiet'], { tests: 'error', hasAction: true }],
  [['__Require', '__Require_Quiet', 'require', 'require_quiet'], { tests: 'assertion', hasAction: false }],
  [['__Require_Action', '__Require_Action_Quiet', 'require_action', 'require_action_quiet'], { tests: 'assertion', hasAction: true }],
] as const) {
  for (const name of names) (SHAPES as Record<string, RequireShape>)[name] = shape;
}

export function requireShape(name: string): RequireShape | undefined {
  return Object.prototype.hasOwnProperty.call(SHAPES, name) ? SHAPES[name] : undefined;
}
