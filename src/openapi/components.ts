import { medtechTestResponse, tokenInfoResponse } from '../schemas/medtech';
import {
  apiKeyUploadInitiateBody,
  mobileUploadInitiateBody,
  uploadInitiateResponse,
  uploadResponse,
} from '../schemas/attachments';
import { capabilitiesResponse } from '../schemas/capabilities';
import { commitRequest, commitResponse } from '../schemas/commit';
import { liveResponse, readyResponse } from '../schemas/health';
import { launchRequest, launchResponse } from '../schemas/launch';
import {
  mobileInitiateBody,
  eventsTokenResponse,
  mobileInitiateResponse,
  phoneSessionResponse,
  sessionViewResponse,
  sessionFileView,
} from '../schemas/mobile';

/**
 * The request and response schemas, named for components/schemas. `.meta({ id })` makes a copy
 * of the very schema the controller validates with (same definition, same checks) carrying the
 * name; zod-to-openapi reads zod's own metadata, so the schemas in src/schemas need no
 * OpenAPI-specific calls. Made once, at module load: zod's global registry keeps one entry per id.
 */
export const C = {
  Liveness: liveResponse.meta({ id: 'Liveness' }),
  Readiness: readyResponse.meta({ id: 'Readiness' }),
  TokenInfo: tokenInfoResponse.meta({ id: 'TokenInfo' }),
  ConnectivityTest: medtechTestResponse.meta({ id: 'ConnectivityTest' }),
  Capabilities: capabilitiesResponse.meta({ id: 'Capabilities' }),
  MobileInitiateRequest: mobileInitiateBody.meta({ id: 'MobileInitiateRequest' }),
  MobileInitiateResponse: mobileInitiateResponse.meta({ id: 'MobileInitiateResponse' }),
  EventsToken: eventsTokenResponse.meta({ id: 'EventsToken' }),
  SessionView: sessionViewResponse.meta({ id: 'SessionView' }),
  FileView: sessionFileView.meta({ id: 'FileView' }),
  PhoneSession: phoneSessionResponse.meta({ id: 'PhoneSession' }),
  /**
   * The phone's upload-initiate body. The real schema also lists facilityId, patientId and
   * encounterId as "must be absent" (z.undefined, which JSON Schema cannot express here), so the
   * document shows the fields the phone may send and says the rest in the description.
   */
  PhoneUploadInitiateRequest: mobileUploadInitiateBody.pick({ files: true }).meta({
    id: 'PhoneUploadInitiateRequest',
    description:
      'With a phone token. facilityId, patientId and encounterId come from the session: sending any of them is 400 VALIDATION_FAILED.',
  }),
  ApiKeyUploadInitiateRequest: apiKeyUploadInitiateBody.meta({
    id: 'ApiKeyUploadInitiateRequest',
    description: 'With an API key: the caller names the facility, patient and encounter.',
  }),
  UploadInitiateResponse: uploadInitiateResponse.meta({ id: 'UploadInitiateResponse' }),
  UploadResponse: uploadResponse.meta({ id: 'UploadResult' }),
  CommitRequest: commitRequest.meta({ id: 'CommitRequest' }),
  CommitResponse: commitResponse.meta({ id: 'CommitResponse' }),
  LaunchRequest: launchRequest.meta({ id: 'LaunchRequest' }),
  LaunchResponse: launchResponse.meta({ id: 'LaunchResponse' }),
};
