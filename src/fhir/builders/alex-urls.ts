/**
 * The absolute URL ALEX itself uses for a resource: the FHIR base with its path in lower case
 * (`https://alexapiuat.medtechglobal.com/FHIR` gives `https://alexapiuat.medtechglobal.com/fhir/Patient/<id>`,
 * ALEX.md section 2). The Scan DocumentReference references its Patient and Practitioner this
 * way (ALEX.md section 7). A base whose path is not `/FHIR` keeps its path as configured.
 */
export function alexResourceUrl(apiBaseUrl: string, type: 'Patient' | 'Practitioner', id: string): string {
  const base = new URL(apiBaseUrl);
  const path = base.pathname.replace(/\/+$/, '');
  const fhirPath = /(^|\/)fhir$/i.test(path) ? path.toLowerCase() : path;
  return `${base.origin}${fhirPath}/${type}/${encodeURIComponent(id)}`;
}
