/**
 * The Amazon Connect flow language (Version 2019-10-30), as far as this project uses it.
 * See `contact-flows/` for the templates and `lib/flow/validate.ts` for the rules a document must follow.
 */

/** A condition on a Compare or CheckHoursOfOperation result. */
export interface FlowCondition {
  readonly Operator: string;
  readonly Operands: readonly string[];
}

/** Where an action goes next. Terminal actions have `{}`. */
export interface FlowTransitions {
  readonly NextAction?: string;
  readonly Errors?: readonly { readonly ErrorType: string; readonly NextAction: string }[];
  readonly Conditions?: readonly { readonly NextAction: string; readonly Condition: FlowCondition }[];
}

/** One block of the flow. */
export interface FlowAction {
  readonly Identifier: string;
  readonly Type: string;
  readonly Parameters: Readonly<Record<string, unknown>>;
  readonly Transitions: FlowTransitions;
}

/** A whole flow-language document, the `Content` of `AWS::Connect::ContactFlow`. */
export interface FlowDocument {
  readonly Version: string;
  readonly StartAction: string;
  readonly Metadata?: Readonly<Record<string, unknown>>;
  readonly Actions: readonly FlowAction[];
}

/** A `%Name%` placeholder as it appears in a template. */
export const PLACEHOLDER_PATTERN = /%([A-Za-z][A-Za-z0-9]*)%/g;
