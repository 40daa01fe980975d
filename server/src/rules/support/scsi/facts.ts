// Typed access to the SCSIControllerDriverKit facts in knowledge/scsi-controller.json.
import data from '../../../knowledge/scsi-controller.json';

/** A framework method and the SDK name of the out-parameter the rules read. */
export interface OutParameterMethod {
  readonly name: string;
  readonly parameter: string;
}

export interface ProcessTaskMethod {
  readonly name: string;
  readonly responseParameter: string;
  readonly responseIndex: number;
  readonly completionParameter: string;
  readonly completionIndex: number;
}

export interface ScsiFacts {
  readonly controllerClass: string;
  readonly pureVirtualMethods: readonly string[];
  readonly bundledPureVirtualMethods: readonly string[];
  readonly nonexistentMethods: readonly string[];
  readonly defaultQueueMethods: readonly string[];
  readonly requiredConstraintKeys: readonly string[];
  readonly optionalConstraintKeys: readonly string[];
  readonly reportConstraintsMethod: string;
  readonly initializeMethod: string;
  readonly createTargetMethod: string;
  readonly initializeTargetMethod: string;
  readonly initiatorMethod: OutParameterMethod;
  readonly highestTargetMethod: OutParameterMethod;
  readonly deviceManagementMethod: OutParameterMethod;
  readonly taskCountMethod: OutParameterMethod;
  readonly mapTaskDataMethod: OutParameterMethod;
  readonly processTaskMethod: ProcessTaskMethod;
  readonly completionMethod: string;
  readonly responseType: string;
  readonly responseVersionField: string;
  readonly responseVersionConstant: string;
  readonly responseStatusFields: readonly string[];
}

export const SCSI: ScsiFacts = data;
