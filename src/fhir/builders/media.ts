import { createHash } from 'node:crypto';
import { FHIR_URLS } from './fhir-urls';

/** A dictionary entry from the capabilities file (`{system, code, display}`). */
export interface DictionaryCoding {
  system: string;
  code: string;
  display: string;
}

/** Clinical metadata of one image, already checked against the capabilities dictionaries. */
export interface ImageMeta {
  title?: string;
  label?: string;
  bodySite?: DictionaryCoding;
  laterality?: DictionaryCoding;
  view?: DictionaryCoding;
  type?: DictionaryCoding;
}

export interface MediaInput {
  /** Stable for this file across every attempt: ALEX never sees two identifiers for one photo. */
  imageId: string;
  patientId: string;
  encounterId: string;
  /** NZ-offset dateTime of capture or upload. */
  createdDateTime: string;
  jpeg: Buffer;
  width: number;
  height: number;
  meta: ImageMeta;
}

const PAIRED_LATERALITY = new Set(['7771000', '24028007', '51440002']);

/** "Left forearm", or just "Forearm" when laterality is absent or not applicable. */
export function bodySiteText(site: DictionaryCoding, laterality?: DictionaryCoding): string {
  if (!laterality || !PAIRED_LATERALITY.has(laterality.code)) return site.display;
  return `${laterality.display} ${site.display.toLowerCase()}`;
}

const coding = ({ system, code, display }: DictionaryCoding): fhir4.Coding => ({ system, code, display });

function bodySite(meta: ImageMeta): fhir4.CodeableConcept | undefined {
  if (!meta.bodySite) return undefined;
  return {
    ...(meta.laterality && {
      extension: [
        { url: FHIR_URLS.lateralityExtension, valueCodeableConcept: { coding: [coding(meta.laterality)] } },
      ],
    }),
    coding: [coding(meta.bodySite)],
    text: bodySiteText(meta.bodySite, meta.laterality),
  };
}

/** The default title when the clinician gave none: "Left forearm lesion", else "Clinical photo". */
function defaultTitle(meta: ImageMeta): string {
  const site = meta.bodySite ? bodySiteText(meta.bodySite, meta.laterality) : undefined;
  const kind = meta.type?.display.toLowerCase();
  return [site, kind].filter(Boolean).join(' ') || 'Clinical photo';
}

/**
 * One FHIR R4 Media for one staged JPEG (ALEX.md section 4, CODES.md). Built only from
 * validated, allow-listed fields: nothing from the caller's body is copied through as is.
 */
export function buildMedia(input: MediaInput): fhir4.Media {
  const { meta } = input;
  const site = bodySite(meta);
  return {
    resourceType: 'Media',
    ...(meta.type && {
      extension: [
        {
          url: FHIR_URLS.imageTypeExtension,
          valueCodeableConcept: { coding: [coding(meta.type)], text: meta.type.display },
        },
      ],
    }),
    identifier: [{ system: FHIR_URLS.imageIdentifier, value: input.imageId }],
    status: 'completed',
    type: { coding: [{ system: FHIR_URLS.mediaTypeSystem, code: 'image', display: 'Image' }] },
    subject: { reference: `Patient/${input.patientId}` },
    encounter: { reference: `Encounter/${input.encounterId}` },
    createdDateTime: input.createdDateTime,
    ...(site && { bodySite: site }),
    ...(meta.view && { view: { coding: [coding(meta.view)], text: meta.view.display } }),
    ...(meta.label && { note: [{ text: `Label: ${meta.label}` }] }),
    width: input.width,
    height: input.height,
    content: {
      contentType: 'image/jpeg',
      data: input.jpeg.toString('base64'),
      title: meta.title ?? defaultTitle(meta),
      size: input.jpeg.length,
      // FHIR defines Attachment.hash as the base64 SHA-1 of the data.
      hash: createHash('sha1').update(input.jpeg).digest('base64'),
      creation: input.createdDateTime,
    },
  };
}
