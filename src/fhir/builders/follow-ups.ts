import { FHIR_URLS } from './fhir-urls';

/** What the inbox message and the task share: who, about what, and which image. */
export interface FollowUpInput {
  /** The image's stable id; the follow-ups' identifiers derive from it so retries are recognisable. */
  imageId: string;
  patientId: string;
  mediaId: string;
  /**
   * What the message and the task point at, e.g. `DocumentReference/<id>` when only a Scan
   * document was written; `Media/<mediaId>` when absent.
   */
  focus?: string;
  /** The practitioner committing the photos, when known. */
  providerId?: string;
  /** NZ-offset dateTime of now. */
  at: string;
}

const patient = (id: string): fhir4.Reference => ({ reference: `Patient/${id}` });
const practitioner = (id: string): fhir4.Reference => ({ reference: `Practitioner/${id}` });

/** The inbox message of ALEX.md section 5 [assumed]: a completed Communication to the recipient. */
export function buildCommunication(
  input: FollowUpInput,
  recipientId: string,
  note?: string,
): fhir4.Communication {
  return {
    resourceType: 'Communication',
    identifier: [{ system: FHIR_URLS.communicationIdentifier, value: `${input.imageId}:inbox` }],
    status: 'completed',
    subject: patient(input.patientId),
    recipient: [practitioner(recipientId)],
    ...(input.providerId && { sender: practitioner(input.providerId) }),
    sent: input.at,
    payload: [
      { contentReference: { reference: input.focus ?? `Media/${input.mediaId}` } },
      { contentString: note?.trim() || 'New clinical photo for review.' },
    ],
  };
}

/** The task of ALEX.md section 5 [assumed]: a requested order for the assignee, focused on the image. */
export function buildTask(
  input: FollowUpInput,
  assigneeId: string,
  options: { due?: string; note?: string },
): fhir4.Task {
  return {
    resourceType: 'Task',
    identifier: [{ system: FHIR_URLS.taskIdentifier, value: `${input.imageId}:task` }],
    status: 'requested',
    intent: 'order',
    for: patient(input.patientId),
    focus: { reference: input.focus ?? `Media/${input.mediaId}` },
    owner: practitioner(assigneeId),
    ...(input.providerId && { requester: practitioner(input.providerId) }),
    authoredOn: input.at,
    description: options.note?.trim() || 'Review clinical photo.',
    ...(options.due && { restriction: { period: { end: options.due } } }),
  };
}
