// One line of the results table: a measured figure beside its reference and the target it is held to.

export interface Row {
  readonly measure: string;
  readonly value: string;
  readonly reference: string;
  readonly target: string;
  /** 'met', 'missed', or a note when the row could not be measured here. */
  readonly verdict: string;
}

export function verdict(met: boolean): string {
  return met ? 'met' : 'missed';
}
