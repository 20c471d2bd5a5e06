import { bodySiteText, type DictionaryCoding } from '../builders/media';

/** What the Scan caption is made of: the commit's clinical metadata and the photo's dates. */
export interface ScanCaptionInput {
  title?: string;
  bodySite?: DictionaryCoding;
  laterality?: DictionaryCoding;
  view?: DictionaryCoding;
  type?: DictionaryCoding;
  /** When the photo was taken, read from its metadata before stripping; null when it carried none. */
  capturedAt: Date | null;
  /** When the gateway received the upload. */
  receivedAt: Date;
}

const NZ_DATE = new Intl.DateTimeFormat('en-NZ', {
  timeZone: 'Pacific/Auckland',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

// Control characters (a pasted newline or tab in a title) would break a line or the layout.
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]+/gu;

/** "1 December 2026": the calendar day in New Zealand, which is the clinical day in Medtech. */
export function nzDate(instant: Date): string {
  return NZ_DATE.format(instant);
}

function clean(text: string | undefined): string | undefined {
  const cleaned = text?.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  return cleaned ? cleaned : undefined;
}

/**
 * The title the clinician gave (on one line), else what Media would call the photo: "Left
 * forearm lesion" from site and type, or "Clinical photo". The caption, the DocumentReference's
 * description and its file name all start from it.
 */
export function scanTitle(
  input: Pick<ScanCaptionInput, 'title' | 'bodySite' | 'laterality' | 'type'>,
): string {
  const given = clean(input.title);
  if (given) return given;
  const site = input.bodySite ? bodySiteText(input.bodySite, input.laterality) : undefined;
  return [site, input.type?.display.toLowerCase()].filter(Boolean).join(' ') || 'Clinical photo';
}

/**
 * The lines printed under the picture of a Scan document (GATEWAY-API.md, "The Scan caption"):
 * what Medtech's Inbox cannot hold. Line 1 the title; line 2 body site with laterality, view
 * and image type (left out when none is known); last line "Taken <NZ date>" when the photo
 * carried a capture time, else "Received <NZ date>". Pure: no patient name, NHI or date of
 * birth can reach it, because none is an input.
 */
export function scanCaption(input: ScanCaptionInput): string[] {
  const details = [
    input.bodySite ? bodySiteText(input.bodySite, input.laterality) : undefined,
    input.view?.display,
    input.type?.display,
  ].filter((part): part is string => Boolean(part));
  const taken = input.capturedAt && !Number.isNaN(input.capturedAt.getTime()) ? input.capturedAt : null;
  const when = taken ? `Taken ${nzDate(taken)}` : `Received ${nzDate(input.receivedAt)}`;
  return [scanTitle(input), ...(details.length > 0 ? [details.join(' · ')] : []), when];
}
